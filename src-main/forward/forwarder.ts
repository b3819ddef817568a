/**
 * `--forward`: each stored export goes into the queue on disk (forward-queue.ts) and a loop sends the queue's
 * oldest records upstream, one export at a time, retrying as retry-policy.ts says. Receivers hand a batch over
 * with `forward` after its commit, which only counts it and queues it: local ingest never waits for the upstream.
 * Counts are of spans and log records, since this start; `queued` is what the queue holds, older starts' too.
 */
import { rmSync } from 'node:fs';
import type { ForwardStatus } from '../model/api';
import { ForwardQueue } from './forward-queue';
import { createSender, MAX_EXPORT_BYTES, type Sender } from './forward-senders';
import type { ForwardTarget } from './forward-target';
import type { QueueSignal } from './queue-record';
import { backoffDelay, decide } from './retry-policy';

/** How receivers hand a committed request over: its OTLP protobuf bytes and how many spans or records it holds. */
export type ForwardBatch = (signal: QueueSignal, protobuf: Uint8Array, count: number) => void;

export interface ForwardOptions {
  target: ForwardTarget;
  folder: string;
  /** Remove the folder at close (the queue of a database in memory). */
  temporary: boolean;
  maxQueueBytes: number;
}

export class Forwarder {
  private forwarded = 0;
  private readonly droppedBy: Record<string, number> = {};
  private lastError: string | null = null;
  private closed = false;
  private stopWaiting: () => void = () => {};
  private readonly loop: Promise<void>;

  private constructor(
    private readonly target: ForwardTarget,
    private readonly queue: ForwardQueue,
    private readonly sender: Sender,
    private readonly temporaryFolder: boolean,
  ) {
    queue.onLost = (items, error) => this.drop('queue file not written', items, `the forwarding queue could not be written: ${error.message}`);
    this.loop = this.run();
  }

  /** Opens the queue (sending what an earlier start left) and starts sending; `notes` are for the start's notices. */
  static start(options: ForwardOptions): { forwarder: Forwarder; notes: string[] } {
    const { queue, recovery } = ForwardQueue.open(options.folder, options.maxQueueBytes);
    const forwarder = new Forwarder(options.target, queue, createSender(options.target), options.temporary);
    if (recovery.damagedItems > 0) forwarder.drop('queue file damaged', recovery.damagedItems, recovery.notes[0]);
    return { forwarder, notes: recovery.notes };
  }

  readonly forward: ForwardBatch = (signal, protobuf, count) => {
    if (this.closed || count === 0) return;
    if (!this.queue.append(signal, protobuf, count)) this.drop('queue full', count, `the forwarding queue is full (${this.queue.maxBytes} bytes, --forward-queue-size); newer spans and log records are dropped until the upstream takes the queued ones`);
  };

  status(): ForwardStatus {
    const dropped = Object.values(this.droppedBy).reduce((sum, n) => sum + n, 0);
    return {
      url: this.target.url,
      forwarded: this.forwarded,
      queued: this.queue.queuedItems,
      dropped,
      droppedBy: { ...this.droppedBy },
      lastError: this.lastError,
      queuedBytes: this.queue.queuedBytes,
      maxQueueBytes: this.queue.maxBytes,
    };
  }

  /** Stops sending (an export under way is cut; it is sent again at the next start) and writes what is queued. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopWaiting();
    this.sender.close();
    await this.loop;
    await this.queue.close();
    if (this.temporaryFolder) rmSync(this.queue.folder, { recursive: true, force: true });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      await this.until(this.queue.whenReady());
      if (this.closed) return;
      let waitMs: number | undefined;
      try {
        waitMs = await this.sendOldest(failures);
      } catch (error) {
        // The queue's files failing (a full disk for the cursor, say) must not end the loop or the process.
        this.lastError = `the forwarding queue failed: ${(error as Error).message}`;
        waitMs = backoffDelay(failures, Math.random());
      }
      failures = waitMs === undefined ? 0 : failures + 1;
      if (waitMs !== undefined) await this.until(new Promise((resolve) => setTimeout(resolve, waitMs).unref()));
    }
  }

  /** Sends the oldest records once; answers how long to wait before trying them again, or undefined when done with them. */
  private async sendOldest(failures: number): Promise<number | undefined> {
    const batch = await this.queue.peek(MAX_EXPORT_BYTES).catch((error: Error) => {
      // A segment removed or cut by hand since: its first record cannot be sent.
      this.drop('queue file damaged', this.queue.headItems(), `the forwarding queue could not be read: ${error.message}`);
      return this.queue.remove(1).then(() => undefined);
    });
    if (!batch) return undefined;
    const outcome = await this.sender.send(batch.signal, batch.payloads);
    if (this.closed) return undefined;
    const decision = decide(outcome, failures, Date.now(), Math.random());
    if (decision.action === 'retry') {
      this.lastError = decision.error;
      return decision.delayMs;
    }
    if (decision.action === 'drop') this.drop(decision.reason, batch.count, decision.error);
    else if (outcome.kind === 'ok') {
      const rejected = Math.min(outcome.rejected, batch.count);
      this.forwarded += batch.count - rejected;
      if (rejected > 0) this.drop('rejected by upstream (partial success)', rejected, `the upstream rejected ${rejected} of ${batch.count}: ${outcome.errorMessage}`);
    }
    await this.queue.remove(batch.records);
    return undefined;
  }

  private drop(reason: string, items: number, error: string): void {
    this.droppedBy[reason] = (this.droppedBy[reason] ?? 0) + items;
    this.lastError = error;
  }

  /** Waits for `promise` or for close, whichever is first. */
  private until(promise: Promise<unknown>): Promise<unknown> {
    return Promise.race([promise, new Promise<void>((resolve) => (this.stopWaiting = resolve))]);
  }
}
