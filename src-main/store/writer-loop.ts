/**
 * The writer side: drains whatever batches have queued since the last commit into one transaction, answers
 * each request only after that commit, and applies retention between transactions.
 */
import type Database from 'better-sqlite3';
import { faultOf } from './database-error';
import type { EncodedBatch } from './encoded-batch';
import { enforceRetention, type RetentionPolicy } from './retention';
import { SpanWriter } from './span-writer';
import type { FromWriter, ToWriter, WriterChannel, WriterOptions } from './writer-protocol';

const MAX_SPANS_PER_TRANSACTION = 20_000;
const RETENTION_INTERVAL_MS = 5_000;

export class WriterLoop {
  private readonly writer: SpanWriter;
  private pending: { id: number; batch: EncodedBatch }[] = [];
  private scheduled = false;
  private lastRetentionMs = 0;
  private readonly retention: RetentionPolicy;

  constructor(
    private readonly db: Database.Database,
    options: Omit<WriterOptions, 'dbPath'>,
    private readonly channel: WriterChannel<FromWriter, ToWriter>,
    private readonly onClosed: () => void = () => {},
  ) {
    this.retention = options.retention;
    this.writer = new SpanWriter(db, options.maxSpansPerTrace);
    channel.onMessage((message) => this.receive(message));
    this.applyRetention(Date.now());
    channel.post({ type: 'ready' });
  }

  private receive(message: ToWriter): void {
    if (message.type === 'write') {
      this.pending.push({ id: message.id, batch: message.batch });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    } else {
      this.flush();
      this.db.close();
      this.channel.post({ type: 'closed' });
      this.onClosed();
    }
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      let spans = 0;
      let take = 0;
      while (take < this.pending.length && (take === 0 || spans + this.pending[take].batch.spanCount <= MAX_SPANS_PER_TRANSACTION)) {
        spans += this.pending[take].batch.spanCount;
        take++;
      }
      this.write(this.pending.splice(0, take));
    }
    const now = Date.now();
    if (now - this.lastRetentionMs >= RETENTION_INTERVAL_MS) this.applyRetention(now);
  }

  /**
   * One transaction for the group. When it fails for something other than a fault of the file (a span SQLite
   * cannot hold, say), each request is written again in a transaction of its own: only the one at fault fails.
   */
  private write(group: { id: number; batch: EncodedBatch }[]): void {
    const ids = group.map((g) => g.id);
    try {
      const { changedTraces, fullTraces } = this.writer.write(group.map((g) => g.batch));
      const refused = fullTraces.flatMap((traces, i) => (traces.length > 0 ? [{ id: ids[i], traces }] : []));
      this.channel.post({ type: 'written', ids, changedTraces, refused });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (group.length > 1 && faultOf(code) === undefined) for (const one of group) this.write([one]);
      else this.channel.post({ type: 'failed', ids, error: (error as Error).message, code });
    }
  }

  private applyRetention(now: number): void {
    this.lastRetentionMs = now;
    if (this.retention.maxDbBytes === 0 && this.retention.retentionMs === 0) return;
    let traces: number;
    try {
      traces = enforceRetention(this.db, this.retention, now, this.writer);
    } catch {
      // Rolled back (a full disk cannot even take the deletions): tried again at the next interval, and a lasting
      // cause fails the writes too, which say so. An exception here would end the writer thread.
      this.writer.forgetCaches();
      return;
    }
    if (traces > 0) {
      this.writer.forgetTraces();
      this.channel.post({ type: 'evicted', traces });
    }
  }
}
