/**
 * Threads started ahead, one per worker file, for the work a user waits on: opening a file should not wait the
 * 50–100 ms a thread takes to boot (more on a busy machine). A ready thread is idle until taken, keeps no process
 * alive, and is forgotten if it ends; whoever keeps one ready starts the next once its own work is done, so the
 * boot never takes a core from it.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

export class ReadyThreads {
  /** The worker files kept ready, with the idle thread each has now, if any. */
  private readonly idle = new Map<string, Worker | undefined>();

  constructor(private readonly resourceLimits: ResourceLimits) {}

  /** Keeps a thread of this worker file ready from now on (starts one if none waits). */
  keepReady(workerPath: string): void {
    if (this.idle.get(workerPath)) return;
    const worker = this.start(workerPath);
    worker.unref();
    const forget = () => this.idle.get(workerPath) === worker && this.idle.set(workerPath, undefined);
    worker.once('error', forget).once('exit', forget);
    this.idle.set(workerPath, worker);
  }

  /** Starts the next ready thread of a worker file kept ready (after a taken one's work is done). */
  replenish(workerPath: string): void {
    if (this.idle.has(workerPath)) this.keepReady(workerPath);
  }

  /** The ready thread of this worker file, or a new one. */
  take(workerPath: string): Worker {
    const ready = this.idle.get(workerPath);
    if (ready === undefined) return this.start(workerPath);
    this.idle.set(workerPath, undefined);
    ready.removeAllListeners().ref();
    return ready;
  }

  private start(workerPath: string): Worker {
    return new Worker(workerPath, { resourceLimits: this.resourceLimits });
  }
}
