/** Messages between the receiving side and the writer loop (in a worker thread, or inline for `:memory:`). */
import type { EncodedBatch } from './encoded-batch';
import type { LogBatch } from './log-batch';
import type { RetentionPolicy } from './retention';

/** The first message a writer thread hears: which database to write, and how. */
export interface OpenWriter {
  type: 'open';
  options: WriterOptions;
}

export type ToWriter =
  | { type: 'write'; id: number; batch: EncodedBatch }
  | { type: 'write-logs'; id: number; logs: LogBatch }
  /** A run started by hand: the writes posted before it go to the run before (run-writer.ts). */
  | { type: 'start-run'; id: number; label: string }
  | { type: 'close' };

/** Spans of a write the writer refused because their trace was full: [trace id, spans] pairs. */
export type FullTraces = [string, number][];

export type FromWriter =
  | { type: 'ready' }
  /** The database could not be opened; `code` is SQLite's (database-error.ts sorts it). The thread then ends. */
  | { type: 'open-failed'; code: string | undefined; error: string }
  | { type: 'written'; ids: number[]; changedTraces: string[]; refused: { id: number; traces: FullTraces }[] }
  /** Log records committed: the writes' ids, and the new records' numbers (logs.log_no) in order. */
  | { type: 'logs-written'; ids: number[]; logNumbers: number[] }
  | { type: 'failed'; ids: number[]; error: string; code: string | undefined }
  | { type: 'run-started'; id: number; runId: number }
  | { type: 'evicted'; traces: number }
  | { type: 'closed' };

export interface WriterOptions {
  dbPath: string;
  retention: RetentionPolicy;
  maxSpansPerTrace: number;
  /** The store will write spans (it claimed the file): fail at open if the file cannot be written (open-database.ts). */
  checkWritable?: boolean;
}

/** Either side of the channel: a worker's port, or an in-process pair. */
export interface WriterChannel<Out, In> {
  post(message: Out, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: In) => void): void;
}
