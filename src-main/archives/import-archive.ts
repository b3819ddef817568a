/**
 * Imports an archive file into a store, streaming: chunks are decoded on this thread while the previous one is
 * written on the writer's. The result names the format and counts what was stored; a failure says where the
 * file broke and exactly what was stored before it (nothing, for whole documents).
 */
import { DecodeError, decodingAt } from '../otlp/decode-result';
import type { Refused, Store } from '../store/store';
import { openArchiveOnThread } from './archive-thread';
import { openArchive, type ArchiveChunk, type ReadFormat } from './read-archive';
import { nextOrCancel } from './read-ahead';
import { whenRoom } from './when-room';

export interface ImportResult {
  format: ReadFormat | 'unknown';
  gzip: boolean;
  /** Ids of the traces the file holds spans of. */
  traces: string[];
  spans: number;
  rejectedSpans: number;
  /** Log records stored, and those refused (their reasons, "log record: …", join the spans' in `rejectionReasons`). */
  logs: number;
  rejectedLogs: number;
  rejectionReasons: string[];
}

export interface ImportProgress {
  /** Bytes of the file read so far (compressed bytes for a .gz). */
  bytes: number;
  spans: number;
  /** Traces with spans stored so far. */
  traces: number;
  logs: number;
}

export class ImportError extends Error {
  constructor(
    message: string,
    readonly result: ImportResult,
    /** The message without what was stored: "FILE, read as FORMAT: where and why". */
    readonly detail: string,
    /** What stopped the import: a DecodeError (the file), a DatabaseError (the store), … */
    readonly failure: unknown,
  ) {
    super(message);
  }
}

const MAX_CHUNKS_IN_FLIGHT = 3;

export interface ImportOptions {
  /** The file's name, for messages. */
  name: string;
  /** The built archive-worker.js: the file is read and decoded on a thread of its own. Without it, on this one. */
  archiveWorkerPath?: string;
  /** The input's chunks are the import's to keep (nobody reads them after): the archive thread takes them uncopied. */
  takeChunks?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

export async function importArchive(store: Store, input: AsyncIterable<Uint8Array>, options: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = { format: 'unknown', gzip: false, traces: [], spans: 0, rejectedSpans: 0, logs: 0, rejectedLogs: 0, rejectionReasons: [] };
  const traces = new Set<string>();
  let bytes = 0;
  async function* counted() {
    const chunks = input[Symbol.asyncIterator]();
    for (let next = await nextOrCancel(chunks, options.signal); !next.done; next = await nextOrCancel(chunks, options.signal)) {
      bytes += next.value.byteLength;
      yield next.value;
    }
  }
  let streamed = false;
  const inFlight: Promise<void>[] = [];
  // A chunk whose commit fails is heard here at once (a rejection nobody awaits yet would end the process); the
  // loop stops at its next turn.
  let notStored: Error | undefined;
  try {
    const archive = options.archiveWorkerPath ? await openArchiveOnThread(counted(), options.archiveWorkerPath, options.takeChunks) : await openArchive(counted());
    result.format = archive.format;
    result.gzip = archive.gzip;
    streamed = archive.streamed;
    for await (const chunk of archive.chunks) {
      if (notStored) throw notStored;
      if (options.signal?.aborted) throw new DecodeError('cancelled');
      const committed = write(store, chunk, result); // a chunk that cannot be read throws here, before it is sent
      inFlight.push(
        committed.then(
          (ids) => {
            for (const id of ids) traces.add(id);
            options.onProgress?.({ bytes, spans: result.spans, traces: traces.size, logs: result.logs });
          },
          (error: Error) => {
            notStored ??= new ChunkNotStoredError(chunk.at, error);
          },
        ),
      );
      // A few chunks are written while the next are read; past that, reading waits (memory stays bounded).
      if (inFlight.length >= MAX_CHUNKS_IN_FLIGHT) await inFlight.shift();
    }
    await Promise.all(inFlight);
    if (notStored) throw notStored;
  } catch (error) {
    const failure = notStored ?? error;
    await Promise.allSettled(inFlight);
    result.traces = [...traces];
    const format = result.format === 'unknown' ? '' : `, read as ${result.format}${result.gzip ? ' (gzip)' : ''}`;
    const detail = `${options.name}${format}: ${(failure as Error).message}`;
    const stored = streamed && (result.spans > 0 || result.logs > 0) ? `${storedBefore(result.spans, traces.size, result.logs)} were imported` : 'nothing was imported';
    throw new ImportError(`${detail}; ${stored}`, result, detail, failure instanceof ChunkNotStoredError ? failure.cause : failure);
  }
  result.traces = [...traces];
  return result;
}

/** "the 40 spans before that point (2 traces)", "the 40 spans (1 trace) and 7 log records before that point", "the 7 log records before that point". */
function storedBefore(spans: number, traces: number, logs: number): string {
  const [spansText, tracesText, logsText] = [counted(spans, 'span'), counted(traces, 'trace'), counted(logs, 'log record')];
  if (logs === 0) return `the ${spansText} before that point (${tracesText})`;
  return spans === 0 ? `the ${logsText} before that point` : `the ${spansText} (${tracesText}) and ${logsText} before that point`;
}

function counted(n: number, what: string): string {
  return `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
}

/** A chunk the store could not commit: "lines 41–80 could not be stored: the disk holding … is full …". */
class ChunkNotStoredError extends Error {
  constructor(
    at: string,
    override readonly cause: Error,
  ) {
    super(`${at} could not be stored: ${cause.message}`);
  }
}

/**
 * Packs the chunk now (throwing if it cannot be read) and resolves, once it is committed, with the ids of the
 * traces it holds spans of (none for log records); waits for room in a full queue.
 */
function write(store: Store, chunk: ArchiveChunk, result: ImportResult): Promise<string[]> {
  const attempt = (): Promise<string[]> => {
    if (chunk.logsProtobuf) {
      const decoded = decodingAt(chunk.at, () => store.writeOtlpLogs(chunk.logsProtobuf!));
      return decoded.committed.then(() => {
        result.logs += decoded.acceptedRecords;
        result.rejectedLogs += decoded.rejectedRecords;
        addReasons(result, decoded.rejectionReasons);
        return [];
      });
    }
    if (chunk.spans) {
      const spans = chunk.spans;
      return store.write(spans).then((refused) => {
        count(result, spans.length, 0, [], refused);
        return [...new Set(spans.map((s) => s.traceId))];
      });
    }
    const packed = decodingAt(chunk.at, () => store.writeOtlpProtobuf(chunk.protobuf!));
    return packed.committed.then((refused) => {
      count(result, packed.acceptedSpans, packed.rejectedSpans, packed.rejectionReasons, refused);
      return packed.traceIds;
    });
  };
  return whenRoom(attempt);
}

/** Adds a committed chunk to the result: spans the writer refused (their trace was full) count as rejected. */
function count(result: ImportResult, accepted: number, rejected: number, reasons: string[], refused: Refused): void {
  result.spans += accepted - refused.spans;
  result.rejectedSpans += rejected + refused.spans;
  addReasons(result, [...reasons, ...refused.reasons]);
}

/** The first ten distinct reasons are kept. */
function addReasons(result: ImportResult, reasons: string[]): void {
  for (const reason of reasons) if (result.rejectionReasons.length < 10 && !result.rejectionReasons.includes(reason)) result.rejectionReasons.push(reason);
}
