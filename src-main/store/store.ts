/**
 * The store as the rest of the core sees it: `write` resolves once the spans are committed (or rejects with
 * QueueFullError at once when too much is waiting), and `reader` answers queries on a connection of its own.
 */
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { LogRecord } from '../model/log';
import type { Span } from '../model/span';
import { claimDatabase, type DatabaseClaim } from './database-claim';
import { asDatabaseError, databaseErrorOf, refusedValues } from './database-error';
import { packSpans, type EncodedBatch, type PackResult } from './encoded-batch';
import { KeyDictionary } from './key-dictionary';
import { packLogs, type LogBatch } from './log-batch';
import { CACHE_MIB, MEMORY_DB, openDatabase } from './open-database';
import { packOtlpLogs } from './pack-otlp-logs';
import { packOtlpProtobuf } from './pack-otlp-protobuf';
import type { RetentionPolicy } from './retention';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from './span-limits';
import { StoreReader } from './store-reader';
import { WriterLoop } from './writer-loop';
import { ReadyThreads } from './ready-threads';
import type { FromWriter, FullTraces, OpenWriter, ToWriter, WriterChannel, WriterOptions } from './writer-protocol';

export interface StoreOptions {
  dbPath: string;
  retention: RetentionPolicy;
  /** Spans accepted but not yet committed; past this, writes are refused (backpressure). */
  maxQueuedSpans: number;
  /** Attributes, value length, spans per trace; DEFAULT_SPAN_LIMITS when not given. */
  limits?: SpanLimits;
  /** The built writer-worker.js (checkpoint-worker.js beside it); file databases are written on that thread. */
  writerWorkerPath?: string;
  /**
   * Claim the file (database-claim.ts) so no second Spanscope writes spans into it; the commands that only read
   * leave this off, to work beside a running server.
   */
  exclusive?: boolean;
}

/**
 * Writer threads kept ready (Sources keeps one for the next file opened). Young generations sized down: batches
 * arrive as transferred buffers, and resident memory is a target.
 */
export const writerThreads = new ReadyThreads({ maxYoungGenerationSizeMb: 16 });

const NONE_REFUSED: Refused = { spans: 0, reasons: [] };
/** Sentences per answer at most, as for the decoders' rejections. */
const MAX_REASONS = 10;

/** The share of the write queue past which receivers refuse a request from its headers. */
const BUSY_AT_HEADERS_SHARE = 0.9;

export class QueueFullError extends Error {
  constructor(queued: number) {
    super(`the store is busy: ${queued} spans are waiting to be written; retry shortly`);
  }
}

/** A write that failed alone, for no fault of the file: something in the request's own spans (named) cannot be stored. */
export class SpansNotStoredError extends Error {
  constructor(detail: string) {
    super(`none of the request's spans were stored: ${detail}`);
  }
}

export class StoreClosedError extends Error {
  constructor() {
    super('the store is closed');
  }
}

/** What a committed write could not store because a trace was full: how many spans, and a sentence per trace (up to ten). */
export interface Refused {
  spans: number;
  reasons: string[];
}

interface Waiting {
  spans: number;
  resolve: (refused: Refused) => void;
  reject: (error: Error) => void;
}

export class Store {
  private nextId = 1;
  private queuedSpans = 0;
  private readonly waiting = new Map<number, Waiting>();
  /** Runs being started by hand: the request's id → its promise's ends. */
  private readonly runStarts = new Map<number, { resolve: (runId: number) => void; reject: (error: Error) => void }>();
  private readonly changeListeners = new Set<(traceIds: string[]) => void>();
  private readonly logListeners = new Set<(logNumbers: number[]) => void>();
  private readonly closeListeners: (() => Promise<void>)[] = [];
  private closing: Promise<void> | undefined;
  private resolveClosed = () => {};
  private writerEnded = false;

  private constructor(
    readonly dbPath: string,
    readonly reader: StoreReader,
    private readonly keys: KeyDictionary,
    private readonly channel: WriterChannel<ToWriter, FromWriter>,
    private readonly maxQueuedSpans: number,
    readonly limits: SpanLimits,
    private readonly readDb: Database.Database,
    private readonly stopWorker: () => Promise<unknown>,
  ) {
    channel.onMessage((message) => this.receive(message));
  }

  /** Opens the store; a fault of the file (damaged, read-only, locked, in use, full) rejects with a DatabaseError. */
  static async open(options: StoreOptions): Promise<Store> {
    const limits = options.limits ?? DEFAULT_SPAN_LIMITS;
    const claim = options.exclusive && options.dbPath !== MEMORY_DB ? claimDatabase(options.dbPath) : undefined;
    try {
      if (options.dbPath === MEMORY_DB || options.writerWorkerPath === undefined) return Store.openInline(options, limits, claim);
      return await Store.openThreaded(options, options.writerWorkerPath, limits, claim);
    } catch (error) {
      claim?.release();
      throw asDatabaseError(options.dbPath, error);
    }
  }

  private static async openThreaded(options: StoreOptions, writerWorkerPath: string, limits: SpanLimits, claim: DatabaseClaim | undefined): Promise<Store> {
    const worker = writerThreads.take(writerWorkerPath);
    const writerOptions: WriterOptions = { dbPath: options.dbPath, retention: options.retention, maxSpansPerTrace: limits.maxSpansPerTrace, checkWritable: options.exclusive ?? false };
    worker.postMessage({ type: 'open', options: writerOptions } satisfies OpenWriter);
    await writerReady(worker, options.dbPath);
    let readDb: Database.Database | undefined;
    let reader: StoreReader;
    let keys: KeyDictionary;
    try {
      readDb = openDatabase(options.dbPath, { readonly: true, cacheMiB: CACHE_MIB.reader });
      reader = new StoreReader(readDb);
      keys = new KeyDictionary(reader);
    } catch (error) {
      // Both connections closed before the caller hears: a damaged file may be renamed next.
      readDb?.close();
      worker.postMessage({ type: 'close' } satisfies ToWriter);
      await once(worker, 'exit');
      throw error;
    }
    const channel: WriterChannel<ToWriter, FromWriter> = {
      post: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: (handler) => worker.on('message', handler),
    };
    const checkpointer = new Worker(join(dirname(writerWorkerPath), 'checkpoint-worker.js'), {
      workerData: { dbPath: options.dbPath },
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
    });
    // Checkpoints only keep the WAL short (the writer's own autocheckpoint is the backstop): a failure of that
    // thread must not end the process, which an unheard 'error' event would.
    checkpointer.on('error', () => {});
    const checkpointerEnded = new Promise((resolve) => checkpointer.once('exit', resolve));
    const stop = async () => {
      checkpointer.postMessage('stop');
      await Promise.all([checkpointerEnded, worker.terminate()]);
      claim?.release();
    };
    const store = new Store(options.dbPath, reader, keys, channel, options.maxQueuedSpans, limits, readDb, stop);
    worker.on('error', (error) => store.failAll(error));
    worker.once('exit', () => store.writerExited());
    return store;
  }

  /** One connection for writer and reader on this thread: `:memory:` databases, and tests. */
  private static openInline(options: StoreOptions, limits: SpanLimits, claim: DatabaseClaim | undefined): Store {
    const db = openDatabase(options.dbPath, { checkWritable: options.exclusive });
    const toWriter: ((message: ToWriter) => void)[] = [];
    const toStore: ((message: FromWriter) => void)[] = [];
    // Messages cross on the next turn, as they would between threads.
    const deliver = <T>(handlers: ((m: T) => void)[], message: T) => queueMicrotask(() => handlers.forEach((h) => h(message)));
    new WriterLoop(db, { retention: options.retention, maxSpansPerTrace: limits.maxSpansPerTrace }, { post: (m) => deliver(toStore, m), onMessage: (h) => toWriter.push(h) });
    const reader = new StoreReader(db);
    const channel: WriterChannel<ToWriter, FromWriter> = { post: (m) => deliver(toWriter, m), onMessage: (h) => toStore.push(h) };
    return new Store(options.dbPath, reader, new KeyDictionary(reader), channel, options.maxQueuedSpans, limits, db, async () => claim?.release());
  }

  /** Resolves once the spans are committed, with those refused: their trace was full, or their times past what the store holds. */
  write(spans: Span[]): Promise<Refused> {
    if (spans.length === 0) return Promise.resolve(NONE_REFUSED);
    const busy = this.refuseIfBusy(spans.length);
    if (busy) return busy;
    const { batch, rejectedSpans, rejectionReasons } = packSpans(spans, this.keys, this.limits);
    const committed = batch.spanCount === 0 ? Promise.resolve(NONE_REFUSED) : this.submit(batch);
    if (rejectedSpans === 0) return committed;
    return committed.then((refused) => ({ spans: refused.spans + rejectedSpans, reasons: [...rejectionReasons, ...refused.reasons].slice(0, MAX_REASONS) }));
  }

  /**
   * Stores the valid spans of an OTLP protobuf request (the receivers' fast path); throws DecodeError for a
   * request that cannot be read. `committed` resolves once they are written, with those refused because their
   * trace was full.
   */
  writeOtlpProtobuf(body: Buffer): Omit<PackResult, 'batch'> & { acceptedSpans: number; traceIds: string[]; committed: Promise<Refused> } {
    const { batch, rejectedSpans, rejectionReasons } = packOtlpProtobuf(body, this.keys, this.limits);
    const traceIds = batch.traceIds;
    const committed = batch.spanCount === 0 ? Promise.resolve(NONE_REFUSED) : (this.refuseIfBusy(batch.spanCount, batch) ?? this.submit(batch));
    return { rejectedSpans, rejectionReasons, acceptedSpans: batch.spanCount, traceIds, committed };
  }

  /**
   * Stores the valid log records of an OTLP protobuf logs request; throws DecodeError for a request that cannot be
   * read. `committed` resolves once they are written. They count against the same write queue as spans.
   */
  writeOtlpLogs(body: Buffer): { acceptedRecords: number; rejectedRecords: number; rejectionReasons: string[]; committed: Promise<void> } {
    const { batch, rejectedRecords, rejectionReasons } = packOtlpLogs(body, this.keys, this.limits);
    const committed = batch.recordCount === 0 ? Promise.resolve() : (this.refuseIfBusy(batch.recordCount, batch) ?? this.submitLogs(batch));
    return { acceptedRecords: batch.recordCount, rejectedRecords, rejectionReasons, committed };
  }

  /** Resolves once the records are committed. */
  writeLogs(records: LogRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.refuseIfBusy(records.length) ?? this.submitLogs(packLogs(records, this.keys, this.limits));
  }

  private submitLogs(logs: LogBatch): Promise<void> {
    const id = this.nextId++;
    this.queuedSpans += logs.recordCount;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, {
        spans: logs.recordCount,
        resolve: () => {
          this.keys.settle(logs.newKeys);
          resolve();
        },
        reject: (error) => {
          this.keys.restore(logs.newKeys);
          reject(error);
        },
      });
      this.channel.post({ type: 'write-logs', id, logs }, [logs.bodies.buffer as ArrayBuffer, logs.rows.buffer as ArrayBuffer]);
    });
  }

  /** `listener` hears the numbers (logs.log_no) of the records each write committed. */
  onLogsWritten(listener: (logNumbers: number[]) => void): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  /**
   * Starts a run by hand (run-writer.ts): resolves with its id once it is committed. Every trace new to the store
   * from then on belongs to it, until the next is started; writes accepted before this call go to the run before.
   */
  startRun(label: string): Promise<number> {
    const refusal = this.closing ? new StoreClosedError() : this.writerEnded ? new Error(`the store's writer stopped, so ${this.dbPath} takes no new run; restart Spanscope`) : undefined;
    if (refusal) return Promise.reject(refusal);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.runStarts.set(id, { resolve, reject });
      this.channel.post({ type: 'start-run', id, label });
    });
  }

  /** Spans accepted and not yet committed. */
  get waitingSpans(): number {
    return this.queuedSpans;
  }

  /**
   * A refusal a receiver can give from the headers, before reading and packing a body that would most likely be
   * refused anyway: the queue is nine tenths full. Under heavy load this keeps the main thread for the requests
   * that can be stored (one busy gRPC connection was read far less often than dozens of HTTP ones).
   */
  refusalBeforeReading(): QueueFullError | undefined {
    return this.queuedSpans >= this.maxQueuedSpans * BUSY_AT_HEADERS_SHARE ? new QueueFullError(this.queuedSpans) : undefined;
  }

  private refuseIfBusy(spans: number, packed?: { newKeys: [number, string][] }): Promise<never> | undefined {
    let refusal: Error | undefined;
    if (this.closing) refusal = new StoreClosedError();
    else if (this.writerEnded) refusal = new Error(`the store's writer stopped unexpectedly, so ${this.dbPath} takes no more spans; restart Spanscope`);
    else if (this.queuedSpans > 0 && this.queuedSpans + spans > this.maxQueuedSpans) refusal = new QueueFullError(this.queuedSpans);
    if (refusal === undefined) return undefined;
    if (packed) this.keys.restore(packed.newKeys);
    return Promise.reject(refusal);
  }

  private submit(batch: EncodedBatch): Promise<Refused> {
    const id = this.nextId++;
    this.queuedSpans += batch.spanCount;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, {
        spans: batch.spanCount,
        resolve: (refused) => {
          this.keys.settle(batch.newKeys);
          resolve(refused);
        },
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

  /**
   * Writes what was accepted, then ends the writer and checkpoint threads; reads go on until `close`. For a store
   * read only from now on (an opened file, once read): it then holds no thread. An inline store has none to end.
   */
  async endWriting(): Promise<void> {
    if (!this.readDb.readonly || this.writerEnded || this.closing) return;
    await new Promise<void>((resolve) => {
      this.resolveClosed = resolve;
      this.channel.post({ type: 'close' });
    });
    await this.stopWorker();
    this.writerEnded = true;
  }

  /** `listener` runs when the store starts to close, and is awaited before its file is closed (other connections to it close there). */
  onClose(listener: () => Promise<void>): void {
    this.closeListeners.push(listener);
  }

  /** Writes what was accepted, then closes both connections. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.writerEnded) return resolve();
      this.resolveClosed = resolve;
      this.channel.post({ type: 'close' });
    }).then(async () => {
      await Promise.all(this.closeListeners.map((listener) => listener()));
      if (this.readDb.open) this.readDb.close();
      await this.stopWorker();
    });
    return this.closing;
  }

  private receive(message: FromWriter): void {
    switch (message.type) {
      case 'written': {
        const full = new Map(message.refused.map((r) => [r.id, r.traces]));
        for (const id of message.ids) this.settle(id)?.resolve(this.refusedOf(full.get(id)));
        if (message.changedTraces.length > 0) for (const listener of this.changeListeners) listener(message.changedTraces);
        break;
      }
      case 'logs-written':
        for (const id of message.ids) this.settle(id)?.resolve(NONE_REFUSED);
        if (message.logNumbers.length > 0) for (const listener of this.logListeners) listener(message.logNumbers);
        break;
      case 'run-started':
        this.runStarts.get(message.id)?.resolve(message.runId);
        this.runStarts.delete(message.id);
        break;
      case 'failed':
        for (const id of message.ids) {
          const runStart = this.runStarts.get(id);
          if (runStart) {
            this.runStarts.delete(id);
            runStart.reject(databaseErrorOf(this.dbPath, message.code, message.error) ?? new Error(`starting the run failed: ${message.error}`));
            continue;
          }
          const error = refusedValues(message.code) ? new SpansNotStoredError(message.error) : new Error(`writing spans failed: ${message.error}`);
          this.settle(id)?.reject(databaseErrorOf(this.dbPath, message.code, message.error) ?? error);
        }
        break;
      case 'closed':
        this.resolveClosed();
        break;
      default:
        break;
    }
  }

  private refusedOf(traces: FullTraces | undefined): Refused {
    if (traces === undefined) return NONE_REFUSED;
    const limit = this.limits.maxSpansPerTrace;
    return {
      spans: traces.reduce((sum, [, spans]) => sum + spans, 0),
      reasons: traces.slice(0, MAX_REASONS).map(([traceId]) => `trace ${traceId} has reached the limit of ${limit} spans per trace; its later spans are not stored`),
    };
  }

  private settle(id: number): Waiting | undefined {
    const waiting = this.waiting.get(id);
    if (waiting) {
      this.waiting.delete(id);
      this.queuedSpans -= waiting.spans;
    }
    return waiting;
  }

  /** The writer thread ended, closed or failed: nothing more will be written. */
  private writerExited(): void {
    this.writerEnded = true;
    this.failAll(new Error('the thread ended'));
    this.resolveClosed();
  }

  private failAll(error: Error): void {
    for (const id of [...this.waiting.keys()]) this.settle(id)?.reject(new Error(`the store's writer stopped: ${error.message}`));
    for (const { reject } of this.runStarts.values()) reject(new Error(`the store's writer stopped: ${error.message}`));
    this.runStarts.clear();
  }
}

/** Waits for the writer thread's database to open; when it cannot, for the thread to end (its files closed), then rejects with why. */
function writerReady(worker: Worker, dbPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromWriter) => {
      if (message.type === 'ready') {
        worker.off('error', reject);
        worker.off('message', onMessage);
        resolve();
      } else if (message.type === 'open-failed') {
        const error = databaseErrorOf(dbPath, message.code, message.error) ?? new Error(`cannot open ${dbPath}: ${message.error}`);
        worker.once('exit', () => reject(error));
      }
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}
