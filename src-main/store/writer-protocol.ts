/** Messages between the receiving side and the writer loop (in a worker thread, or inline for `:memory:`). */
import type { EncodedBatch } from './encoded-batch';
import type { RetentionPolicy } from './retention';

export type ToWriter = { type: 'write'; id: number; batch: EncodedBatch } | { type: 'close' };

export type FromWriter =
  | { type: 'ready' }
  | { type: 'written'; ids: number[]; changedTraces: string[] }
  | { type: 'failed'; ids: number[]; error: string }
  | { type: 'evicted'; traces: number }
  | { type: 'closed' };

export interface WriterOptions {
  dbPath: string;
  retention: RetentionPolicy;
}

/** Either side of the channel: a worker's port, or an in-process pair. */
export interface WriterChannel<Out, In> {
  post(message: Out, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: In) => void): void;
}
