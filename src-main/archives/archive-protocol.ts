/** Messages between the importer and the archive thread (archive-worker.ts), which reads and transcodes archives. */
import type { ReadFormat } from './read-archive';

export type ToArchiveThread =
  | { type: 'input'; bytes: Uint8Array } // a piece of the file: sent ahead, then one for each 'need'
  | { type: 'end' } // the file has no more bytes
  | { type: 'credit' }; // the importer took a chunk: the thread may send another

export type FromArchiveThread =
  | { type: 'need' } // the thread took a piece of the file: send another
  | { type: 'opened'; format: ReadFormat; gzip: boolean; streamed: boolean }
  | { type: 'chunk'; protobuf: Uint8Array; logs: boolean; at: string } // an ExportTraceServiceRequest (or, with `logs`, an ExportLogsServiceRequest) to store
  | { type: 'done' }
  | { type: 'failed'; message: string; decode: boolean };

/** Chunks sent but not yet taken by the importer before the thread waits: bounds memory on both sides. */
export const MAX_UNTAKEN_CHUNKS = 2;
/**
 * Pieces of the file sent ahead of the thread's reading: the importing thread is busy packing at times, and the
 * archive thread must not wait for it to answer a 'need'.
 */
export const PIECES_AHEAD = 8;
