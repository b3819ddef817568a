/** An archive read on the archive thread (archive-worker.ts): the same OpenedArchive as `openArchive`, chunks as protobuf. */
import { dirname, join } from 'node:path';
import { ReadyThreads } from '../store/ready-threads';
import { DecodeError } from '../otlp/decode-result';
import { PIECES_AHEAD, type FromArchiveThread, type ToArchiveThread } from './archive-protocol';
import type { ArchiveChunk, OpenedArchive } from './read-archive';

/** The built archive-worker.js sits beside the writer's (out/main). */
export function archiveWorkerPathBeside(writerWorkerPath: string): string {
  return join(dirname(writerWorkerPath), 'archive-worker.js');
}

/** Archive threads kept ready (store/ready-threads.ts): Sources keeps one for the next file opened. */
export const archiveThreads = new ReadyThreads({ maxYoungGenerationSizeMb: 48 });

/**
 * With `takeChunks`, a chunk that fills its own ArrayBuffer (as an HTTP body's do) moves to the thread as it is:
 * copying a 100 MB upload cost the importing thread 115–400 ms, most of it first touches of new memory.
 */
export async function openArchiveOnThread(input: AsyncIterable<Uint8Array>, workerPath: string, takeChunks = false): Promise<OpenedArchive> {
  const worker = archiveThreads.take(workerPath);
  const source = input[Symbol.asyncIterator]();
  const post = (message: ToArchiveThread, transfer: ArrayBuffer[] = []) => worker.postMessage(message, transfer);
  const received: FromArchiveThread[] = [];
  let wake: (() => void) | undefined;
  let crashed: Error | undefined;
  // Pieces are read one after another (a stream cannot be read twice at once) and sent as they come.
  let reading = Promise.resolve();
  let ended = false;
  const sendPiece = () => {
    reading = reading.then(async () => {
      if (ended) return;
      try {
        const next = await source.next();
        if (next.done) {
          ended = true;
          return post({ type: 'end' });
        }
        const own = takeChunks && ownsItsMemory(next.value) ? next.value : new Uint8Array(next.value); // pooled chunks share theirs
        post({ type: 'input', bytes: own }, [own.buffer as ArrayBuffer]);
      } catch (error) {
        crashed = error as Error;
        wake?.();
      }
    });
  };
  for (let i = 0; i < PIECES_AHEAD; i++) sendPiece();
  worker.on('message', (message: FromArchiveThread) => {
    if (message.type === 'need') return sendPiece();
    received.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    crashed = error;
    wake?.();
  });
  // An exit without a word (out of memory, killed) must not leave the import waiting for ever.
  worker.on('exit', (code) => {
    crashed ??= new Error(`the archive thread ended (exit code ${code}) before the file was read`);
    wake?.();
  });
  const next = async (): Promise<FromArchiveThread> => {
    while (received.length === 0) {
      if (crashed) throw crashed;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return received.shift()!;
  };
  const fail = (message: FromArchiveThread): never => {
    if (message.type === 'failed') throw message.decode ? new DecodeError(message.message) : new Error(message.message);
    throw new Error(`the archive thread sent "${message.type}" out of turn`);
  };

  let opened: FromArchiveThread;
  try {
    opened = await next();
    if (opened.type !== 'opened') fail(opened);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  async function* chunks(): AsyncGenerator<ArchiveChunk> {
    try {
      for (;;) {
        const message = await next();
        if (message.type === 'done') return;
        if (message.type !== 'chunk') fail(message);
        const chunk = message as Extract<FromArchiveThread, { type: 'chunk' }>;
        post({ type: 'credit' });
        const request = Buffer.from(chunk.protobuf.buffer, chunk.protobuf.byteOffset, chunk.protobuf.byteLength);
        yield chunk.logs ? { logsProtobuf: request, at: chunk.at } : { protobuf: request, at: chunk.at };
      }
    } finally {
      await worker.terminate();
      archiveThreads.replenish(workerPath);
    }
  }
  const { format, gzip, streamed } = opened as Extract<FromArchiveThread, { type: 'opened' }>;
  return { format, gzip, streamed, chunks: chunks() };
}

function ownsItsMemory(chunk: Uint8Array): boolean {
  return chunk.buffer instanceof ArrayBuffer && chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
}
