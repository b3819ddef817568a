/**
 * Reads that grow with a trace or the store (a trace, its waterfall, a span, find, exports, search, diffs, the
 * service map) run on read threads, so one trace of 200,000 spans, or one value of millions of entries, never
 * holds up the other requests. In-memory stores (one connection, tests) are read inline with the same code.
 */
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { MEMORY_DB } from '../store/open-database';
import type { Store } from '../store/store';
import { answerRead } from './read-answers';
import { HttpError } from './read-body';
import { SLICE_BYTES, type FromReadThread, type ReadRequest, type ToReadThread } from './read-protocol';

/** Two: a long read leaves the other thread to the rest, and the machine this runs on may have two cores. */
const THREADS = 2;

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (value: FromReadThread) => void; reject: (error: Error) => void }>;
  /** Why it stopped, once it has. */
  stopped?: Error;
}

/** An answer as the response takes it: slices, the next one asked for when the response has taken the last. */
export interface ReadReply {
  status: number;
  headers?: Record<string, string>;
  length: number;
  /** Stopping early (the client went away) tells the thread to forget the rest. */
  slices(): AsyncGenerator<Uint8Array>;
  /** A slice is written out (its write's callback came): its memory goes back to the thread to be filled again. */
  written(slice: Uint8Array): void;
}

/** The built read-worker.js sits beside the writer's (out/main). */
export function readWorkerPathBeside(writerWorkerPath: string): string {
  return join(dirname(writerWorkerPath), 'read-worker.js');
}

export class ReadThreads {
  private readonly threads: Thread[] = [];
  private readonly known = new WeakSet<Store>();
  private nextId = 1;
  private closed = false;

  /** Without a worker path every read is inline. */
  constructor(private readonly workerPath: string | undefined) {}

  /** The answer of `request`, whose db paths are those of `stores`; `signal` aborts it (the thread stops between traces). */
  async read(request: ReadRequest, stores: Store[], signal?: AbortSignal): Promise<ReadReply> {
    if (this.workerPath === undefined || this.closed || stores.some((s) => s.dbPath === MEMORY_DB)) {
      const { status, headers, body } = answerRead((db) => stores.find((s) => s.dbPath === db)!.reader, request);
      return { status, headers, length: body.length, slices: async function* () { yield body; }, written: () => {} };
    }
    for (const store of stores) {
      if (this.known.has(store)) continue;
      this.known.add(store);
      // The threads' connections close before the store's file may be removed.
      store.onClose(() => this.forget(store.dbPath));
    }
    const thread = this.leastBusy();
    const id = this.nextId++;
    let cancel: SharedArrayBuffer | undefined;
    if (signal) {
      cancel = new SharedArrayBuffer(4);
      const flag = new Int32Array(cancel);
      if (signal.aborted) Atomics.store(flag, 0, 1);
      else signal.addEventListener('abort', () => Atomics.store(flag, 0, 1), { once: true });
    }
    const answer = await this.send(thread, { type: 'read', id, request, cancel });
    if (answer.type !== 'answer') throw new Error(answer.type === 'failed' ? answer.error : `the read thread answered "${answer.type}" to a read`);
    const more = async () => {
      const reply = await this.send(thread, { type: 'more', id });
      if (reply.type !== 'slice') throw new Error(reply.type === 'failed' ? reply.error : `the read thread answered "${reply.type}" to "more"`);
      return reply;
    };
    return {
      status: answer.status,
      headers: answer.headers,
      length: answer.length,
      async *slices() {
        let last = answer.last;
        try {
          yield answer.slice;
          while (!last) {
            const next = await more();
            last = next.last;
            yield next.slice;
          }
        } finally {
          if (!last) thread.worker.postMessage({ type: 'drop', id } satisfies ToReadThread);
        }
      },
      written(slice) {
        // Memory of SLICE_BYTES is the thread's reused memory: every other slice has memory of its own length.
        const memory = slice.buffer;
        if (memory instanceof ArrayBuffer && memory.byteLength === SLICE_BYTES) thread.worker.postMessage({ type: 'reuse', memory } satisfies ToReadThread, [memory]);
      },
    };
  }

  /**
   * Starts the threads now, as the page loads (api-server.ts): each warms up as it starts (read-warm-up.ts), which,
   * left to the first reads, ran while the user's first file was being read, on the same two cores. Not as the core
   * starts: a core with no page kept ~25 MB more (test/integration/inflight-budget.test.ts's peak 475–504 MB).
   */
  startAll(): void {
    if (this.workerPath === undefined || this.closed) return;
    while (this.threads.length < THREADS) this.start();
  }

  /** Threads running now. */
  get running(): number {
    return this.threads.length;
  }

  /** Closes every thread's connection to `db`. */
  async forget(db: string): Promise<void> {
    await Promise.all(this.threads.map((thread) => this.send(thread, { type: 'forget', id: this.nextId++, db }).catch(() => {})));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.splice(0).map((thread) => thread.worker.terminate()));
  }

  private leastBusy(): Thread {
    const idle = this.threads.find((t) => t.pending.size === 0);
    if (idle) return idle;
    if (this.threads.length < THREADS) return this.start();
    return this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private start(): Thread {
    const thread: Thread = { worker: new Worker(this.workerPath!), pending: new Map() };
    this.threads.push(thread);
    thread.worker.on('message', (message: FromReadThread) => {
      const waiting = thread.pending.get(message.id);
      thread.pending.delete(message.id);
      waiting?.resolve(message);
    });
    // A thread that fails (out of memory on one read) fails its reads; the next read starts another.
    const fail = (error: Error) => {
      thread.stopped ??= error;
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      // Stopped by close(): the server is stopping, which is no failure of the query to log.
      const stopped = this.closed ? new HttpError(503, 'Spanscope is stopping; ask again once it runs') : new Error(`the read thread stopped: ${error.message}`);
      for (const waiting of thread.pending.values()) waiting.reject(stopped);
      thread.pending.clear();
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => fail(new Error(`it exited with code ${code}`)));
    thread.worker.unref();
    return thread;
  }

  private send(thread: Thread, message: Exclude<ToReadThread, { type: 'reuse' }>): Promise<FromReadThread> {
    return new Promise((resolve, reject) => {
      // An answer being sent slice by slice may outlive its thread.
      if (thread.stopped) return reject(new Error(`the read thread stopped: ${thread.stopped.message}`));
      thread.pending.set(message.id, { resolve, reject });
      thread.worker.postMessage(message);
    });
  }
}
