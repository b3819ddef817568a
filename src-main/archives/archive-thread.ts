/** An archive read on the archive thread (archive-worker.ts): the same OpenedArchive as `openArchive`, chunks as protobuf. */
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DecodeError } from '../otlp/decode-result';
import { PIECES_AHEAD, type FromArchiveThread, type ToArchiveThread } from './archive-protocol';
import type { ArchiveChunk, OpenedArchive } from './read-archive';

/** The built archive-worker.js sits beside the writer's (out/main). */
export function archiveWorkerPathBeside(writerWorkerPath: string): string {
  return join(dirname(writerWorkerPath), 'archive-worker.js');
}

/**
 * The worker files whose archives get a thread started ahead (an open file should not wait ~50 ms for one to
 * boot), with the idle thread each has now, if any.
 */
const spares = new Map<string, Worker | undefined>();

/** Keeps a thread ready for the next archive read with this worker file (an idle one keeps no process alive). */
export function keepArchiveThreadReady(workerPath: string): void {
  if (spares.get(workerPath)) return;
  const worker = newArchiveThread(workerPath);
  worker.unref();
  const forget = () => spares.get(workerPath) === worker && spares.set(workerPath, undefined);
  worker.once('error', forget).once('exit', forget);
  spares.set(workerPath, worker);
}

function newArchiveThread(workerPath: string): Worker {
  return new Worker(workerPath, { resourceLimits: { maxYoungGenerationSizeMb: 48 } });
}

function takeArchiveThread(workerPath: string): Worker {
  const spare = spares.get(workerPath);
  if (spare === undefined) return newArchiveThread(workerPath);
  spares.set(workerPath, undefined);
  spare.removeAllListeners().ref();
  return spare;
}

export async function openArchiveOnThread(input: AsyncIterable<Uint8Array>, workerPath: string): Promise<OpenedArchive> {
  const worker = takeArchiveThread(workerPath);
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
        const own = new Uint8Array(next.value); // a copy: stream chunks may share a pooled ArrayBuffer
        post({ type: 'input', bytes: own }, [own.buffer]);
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
      // The next one is started once this one's work is done: it takes no core from it.
      if (spares.has(workerPath)) keepArchiveThreadReady(workerPath);
    }
  }
  const { format, gzip, streamed } = opened as Extract<FromArchiveThread, { type: 'opened' }>;
  return { format, gzip, streamed, chunks: chunks() };
}
