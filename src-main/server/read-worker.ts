/** Entry of a read thread: answers long reads (read-answers.ts) on read-only connections of its own, one per store. */
import { parentPort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { CACHE_MIB, openDatabase } from '../store/open-database';
import { StoreReader } from '../store/store-reader';
import { answerRead } from './read-answers';
import { REUSED_SLICE_BYTES, SLICE_BYTES, type FromReadThread, type ToReadThread } from './read-protocol';
import { warmUpReads } from './read-warm-up';

const port = parentPort;
if (port === null) throw new Error('read-worker must run in a worker thread');
const readers = new Map<string, { db: Database.Database; reader: StoreReader }>();
/** Answers whose later slices the main thread has yet to take: the body and how far it was sent. */
const sending = new Map<number, { body: Uint8Array; sent: number }>();
/** Memory of SLICE_BYTES the main thread gave back, for the next large slices. */
const spare: ArrayBuffer[] = [];
const MOST_SPARE = 4;

const readerOf = (path: string): StoreReader => {
  let open = readers.get(path);
  if (open === undefined) {
    const db = openDatabase(path, { readonly: true, cacheMiB: CACHE_MIB.reader });
    readers.set(path, (open = { db, reader: new StoreReader(db) }));
  }
  return open.reader;
};

/**
 * The next slice of an answer, copied into memory of its own (so it can be transferred): a large one into memory
 * given back (read-protocol.ts, REUSED_SLICE_BYTES). The answer is forgotten after its last slice.
 */
function nextSlice(id: number, answer: { body: Uint8Array; sent: number }): { slice: Uint8Array; last: boolean } {
  const part = answer.body.subarray(answer.sent, answer.sent + SLICE_BYTES);
  const slice = part.length > REUSED_SLICE_BYTES ? new Uint8Array(spare.pop() ?? new ArrayBuffer(SLICE_BYTES), 0, part.length) : new Uint8Array(part.length);
  slice.set(part);
  answer.sent += slice.length;
  const last = answer.sent >= answer.body.length;
  if (last) sending.delete(id);
  return { slice, last };
}

port.on('message', (message: ToReadThread) => {
  switch (message.type) {
    case 'forget':
      readers.get(message.db)?.db.close();
      readers.delete(message.db);
      return post({ type: 'forgotten', id: message.id });
    case 'drop':
      sending.delete(message.id);
      return;
    case 'reuse':
      if (spare.length < MOST_SPARE) spare.push(message.memory);
      return;
    case 'more': {
      const answer = sending.get(message.id);
      if (answer === undefined) return post({ type: 'failed', id: message.id, error: `answer ${message.id} is not being sent` });
      const { slice, last } = nextSlice(message.id, answer);
      return post({ type: 'slice', id: message.id, slice, last }, [slice.buffer as ArrayBuffer]);
    }
    case 'read':
      try {
        const flag = message.cancel ? new Int32Array(message.cancel) : undefined;
        const { status, headers, body } = answerRead(readerOf, message.request, () => flag !== undefined && Atomics.load(flag, 0) === 1);
        const answer = { body, sent: 0 };
        sending.set(message.id, answer);
        const { slice, last } = nextSlice(message.id, answer);
        post({ type: 'answer', id: message.id, status, headers, length: body.length, slice, last }, [slice.buffer as ArrayBuffer]);
      } catch (error) {
        post({ type: 'failed', id: message.id, error: (error as Error).stack ?? String(error) });
      }
  }
});

void warmUpReads();

function post(message: FromReadThread, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}
