/**
 * The store as the rest of the core sees it: `write` resolves once the spans are committed (or rejects with
 * QueueFullError at once when too much is waiting), and `reader` answers queries on a connection of its own.
 */
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Span } from '../model/span';
import { packSpans, type EncodedBatch } from './encoded-batch';
import { KeyDictionary } from './key-dictionary';
import { CACHE_MIB, MEMORY_DB, openDatabase } from './open-database';
import { packOtlpProtobuf, type PackResult } from './pack-otlp-protobuf';
import type { RetentionPolicy } from './retention';
import { StoreReader } from './store-reader';
import { WriterLoop } from './writer-loop';
import type { FromWriter, ToWriter, WriterChannel, WriterOptions } from './writer-protocol';

export interface StoreOptions {
  dbPath: string;
  retention: RetentionPolicy;
  /** Spans accepted but not yet committed; past this, writes are refused (backpressure). */
  maxQueuedSpans: number;
  /** The built writer-worker.js (checkpoint-worker.js beside it); file databases are written on that thread. */
  writerWorkerPath?: string;
}

export class QueueFullError extends Error {
  constructor(queued: number) {
    super(`the store is busy: ${queued} spans are waiting to be written; retry shortly`);
  }
}

export class StoreClosedError extends Error {
  constructor() {
    super('the store is closed');
  }
}

interface Waiting {
  spans: number;
  resolve: (changedTraces: string[]) => void;
  reject: (error: Error) => void;
}

export class Store {
  private nextId = 1;
  private queuedSpans = 0;
  private readonly waiting = new Map<number, Waiting>();
  private readonly changeListeners = new Set<(traceIds: string[]) => void>();
  private closing: Promise<void> | undefined;
  private resolveClosed = () => {};

  private constructor(
    readonly reader: StoreReader,
    private readonly keys: KeyDictionary,
    private readonly channel: WriterChannel<ToWriter, FromWriter>,
    private readonly maxQueuedSpans: number,
    private readonly readDb: Database.Database,
    private readonly stopWorker: () => Promise<unknown>,
  ) {
    channel.onMessage((message) => this.receive(message));
  }

  static async open(options: StoreOptions): Promise<Store> {
    if (options.dbPath === MEMORY_DB || options.writerWorkerPath === undefined) return Store.openInline(options);
    // Young generations sized down: batches arrive as transferred buffers, and resident memory is a target.
    const worker = new Worker(options.writerWorkerPath, {
      workerData: { dbPath: options.dbPath, retention: options.retention } satisfies WriterOptions,
      resourceLimits: { maxYoungGenerationSizeMb: 16 },
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromWriter) => {
        if (message.type !== 'ready') return;
        worker.off('error', reject);
        worker.off('message', onMessage);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    const readDb = openDatabase(options.dbPath, { readonly: true, cacheMiB: CACHE_MIB.reader });
    const reader = new StoreReader(readDb);
    const channel: WriterChannel<ToWriter, FromWriter> = {
      post: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: (handler) => worker.on('message', handler),
    };
    const checkpointer = new Worker(join(dirname(options.writerWorkerPath), 'checkpoint-worker.js'), {
      workerData: { dbPath: options.dbPath },
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
    });
    const stop = async () => {
      checkpointer.postMessage('stop');
      await Promise.all([new Promise((resolve) => checkpointer.once('exit', resolve)), worker.terminate()]);
    };
    const store = new Store(reader, new KeyDictionary(reader.allKeys()), channel, options.maxQueuedSpans, readDb, stop);
    worker.on('error', (error) => store.failAll(error));
    return store;
  }

  /** One connection for writer and reader on this thread: `:memory:` databases, and tests. */
  private static openInline(options: StoreOptions): Store {
    const db = openDatabase(options.dbPath);
    const toWriter: ((message: ToWriter) => void)[] = [];
    const toStore: ((message: FromWriter) => void)[] = [];
    // Messages cross on the next turn, as they would between threads.
    const deliver = <T>(handlers: ((m: T) => void)[], message: T) => queueMicrotask(() => handlers.forEach((h) => h(message)));
    new WriterLoop(db, options.retention, { post: (m) => deliver(toStore, m), onMessage: (h) => toWriter.push(h) });
    const reader = new StoreReader(db);
    const channel: WriterChannel<ToWriter, FromWriter> = { post: (m) => deliver(toWriter, m), onMessage: (h) => toStore.push(h) };
    return new Store(reader, new KeyDictionary(reader.allKeys()), channel, options.maxQueuedSpans, db, async () => {});
  }

  /** Resolves with the ids of the traces that gained spans, once the spans are committed. */
  write(spans: Span[]): Promise<string[]> {
    if (spans.length === 0) return Promise.resolve([]);
    return this.refuseIfBusy(spans.length) ?? this.submit(packSpans(spans, this.keys));
  }

  /**
   * Stores the valid spans of an OTLP protobuf request (the receivers' fast path); throws DecodeError for a
   * request that cannot be read. `committed` resolves once they are written.
   */
  writeOtlpProtobuf(body: Buffer): Omit<PackResult, 'batch'> & { acceptedSpans: number; traceIds: string[]; committed: Promise<string[]> } {
    const { batch, rejectedSpans, rejectionReasons } = packOtlpProtobuf(body, this.keys);
    const traceIds = batch.traceIds;
    const committed = batch.spanCount === 0 ? Promise.resolve([]) : (this.refuseIfBusy(batch.spanCount, batch) ?? this.submit(batch));
    return { rejectedSpans, rejectionReasons, acceptedSpans: batch.spanCount, traceIds, committed };
  }

  private refuseIfBusy(spans: number, packed?: EncodedBatch): Promise<never> | undefined {
    let refusal: Error | undefined;
    if (this.closing) refusal = new StoreClosedError();
    else if (this.queuedSpans > 0 && this.queuedSpans + spans > this.maxQueuedSpans) refusal = new QueueFullError(this.queuedSpans);
    if (refusal === undefined) return undefined;
    if (packed) this.keys.restore(packed.newKeys);
    return Promise.reject(refusal);
  }

  private submit(batch: EncodedBatch): Promise<string[]> {
    const id = this.nextId++;
    this.queuedSpans += batch.spanCount;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, {
        spans: batch.spanCount,
        resolve,
        reject: (error) => {
          this.keys.restore(batch.newKeys);
          reject(error);
        },
      });
      this.channel.post({ type: 'write', id, batch }, [batch.bodies.buffer as ArrayBuffer, batch.rows.buffer as ArrayBuffer]);
    });
  }

  onTracesChanged(listener: (traceIds: string[]) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Writes what was accepted, then closes both connections. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.resolveClosed = resolve;
      this.channel.post({ type: 'close' });
    }).then(async () => {
      if (this.readDb.open) this.readDb.close();
      await this.stopWorker();
    });
    return this.closing;
  }

  private receive(message: FromWriter): void {
    switch (message.type) {
      case 'written':
        for (const id of message.ids) this.settle(id)?.resolve(message.changedTraces);
        if (message.changedTraces.length > 0) for (const listener of this.changeListeners) listener(message.changedTraces);
        break;
      case 'failed':
        for (const id of message.ids) this.settle(id)?.reject(new Error(`writing spans failed: ${message.error}`));
        break;
      case 'closed':
        this.resolveClosed();
        break;
      default:
        break;
    }
  }

  private settle(id: number): Waiting | undefined {
    const waiting = this.waiting.get(id);
    if (waiting) {
      this.waiting.delete(id);
      this.queuedSpans -= waiting.spans;
    }
    return waiting;
  }

  private failAll(error: Error): void {
    for (const id of [...this.waiting.keys()]) this.settle(id)?.reject(new Error(`the store's writer stopped: ${error.message}`));
  }
}
