/**
 * The writer side: drains whatever batches have queued since the last commit into one transaction, answers
 * each request only after that commit, and applies retention between transactions.
 */
import type Database from 'better-sqlite3';
import { faultOf } from './database-error';
import type { EncodedBatch } from './encoded-batch';
import type { LogBatch } from './log-batch';
import { LogWriter } from './log-writer';
import { enforceRetention, type RetentionPolicy } from './retention';
import { SpanWriter } from './span-writer';
import type { FromWriter, ToWriter, WriterChannel, WriterOptions } from './writer-protocol';

/** Spans, or log records, per transaction at most. */
const MAX_SPANS_PER_TRANSACTION = 20_000;
const RETENTION_INTERVAL_MS = 5_000;

export class WriterLoop {
  private readonly writer: SpanWriter;
  private readonly logWriter: LogWriter;
  private pending: ({ id: number; batch: EncodedBatch } | { id: number; logs: LogBatch })[] = [];
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
    this.logWriter = new LogWriter(db, this.writer.ids);
    channel.onMessage((message) => this.receive(message));
    this.applyRetention(Date.now());
    channel.post({ type: 'ready' });
  }

  private receive(message: ToWriter): void {
    if (message.type === 'write' || message.type === 'write-logs') {
      this.pending.push(message.type === 'write' ? { id: message.id, batch: message.batch } : { id: message.id, logs: message.logs });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    } else if (message.type === 'start-run') {
      this.flush();
      this.startRun(message.id, message.label);
    } else {
      this.flush();
      clearTimeout(this.settleTimer);
      this.settleMap(true);
      this.db.close();
      this.channel.post({ type: 'closed' });
      this.onClosed();
    }
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      // A transaction takes writes of one kind, spans or log records, in the order they came.
      const logs = 'logs' in this.pending[0];
      const size = (p: (typeof this.pending)[number]) => ('logs' in p ? p.logs.recordCount : p.batch.spanCount);
      let count = 0;
      let take = 0;
      while (take < this.pending.length && 'logs' in this.pending[take] === logs && (take === 0 || count + size(this.pending[take]) <= MAX_SPANS_PER_TRANSACTION)) {
        count += size(this.pending[take]);
        take++;
      }
      const group = this.pending.splice(0, take);
      if (logs) this.writeLogs(group as { id: number; logs: LogBatch }[]);
      else this.write(group as { id: number; batch: EncodedBatch }[]);
    }
    const now = Date.now();
    if (now - this.lastRetentionMs >= RETENTION_INTERVAL_MS) this.applyRetention(now);
    this.scheduleSettle();
  }

  /** Big traces' map recomputations wait (service-map-writer.ts); a timer brings each up to date when due. */
  private settleTimer: ReturnType<typeof setTimeout> | undefined;

  private scheduleSettle(): void {
    const due = this.writer.map.nextDueMs();
    if (due === undefined || this.settleTimer !== undefined) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      this.settleMap(false);
      this.scheduleSettle();
    }, Math.max(0, due - Date.now()));
    this.settleTimer.unref?.();
  }

  private settleMap(everything: boolean): void {
    try {
      this.writer.settleMap(Date.now(), everything);
    } catch {
      // Rolled back: the traces wait for the next turn (a lasting cause fails the writes too, which say so).
    }
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

  /** After the writes posted before it, so what arrives from now on is the new run's. */
  private startRun(id: number, label: string): void {
    try {
      this.channel.post({ type: 'run-started', id, runId: this.writer.startRun(label, Date.now()) });
    } catch (error) {
      this.channel.post({ type: 'failed', ids: [id], error: (error as Error).message, code: (error as { code?: string }).code });
    }
  }

  /** As `write`, for log records. */
  private writeLogs(group: { id: number; logs: LogBatch }[]): void {
    const ids = group.map((g) => g.id);
    try {
      this.channel.post({ type: 'logs-written', ids, logNumbers: this.logWriter.write(group.map((g) => g.logs)) });
    } catch (error) {
      this.writer.ids.clear();
      const code = (error as { code?: string }).code;
      if (group.length > 1 && faultOf(code) === undefined) for (const one of group) this.writeLogs([one]);
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
