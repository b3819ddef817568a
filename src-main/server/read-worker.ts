/** Entry of a read thread: answers long reads (read-answers.ts) on read-only connections of its own, one per store. */
import { parentPort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { CACHE_MIB, openDatabase } from '../store/open-database';
import { StoreReader } from '../store/store-reader';
import { answerRead } from './read-answers';
import type { FromReadThread, ToReadThread } from './read-protocol';

const port = parentPort;
if (port === null) throw new Error('read-worker must run in a worker thread');
const readers = new Map<string, { db: Database.Database; reader: StoreReader }>();

const readerOf = (path: string): StoreReader => {
  let open = readers.get(path);
  if (open === undefined) {
    const db = openDatabase(path, { readonly: true, cacheMiB: CACHE_MIB.reader });
    readers.set(path, (open = { db, reader: new StoreReader(db) }));
  }
  return open.reader;
};

port.on('message', (message: ToReadThread) => {
  if (message.type === 'forget') {
    readers.get(message.db)?.db.close();
    readers.delete(message.db);
    return post({ type: 'forgotten', id: message.id });
  }
  try {
    const answer = answerRead(readerOf, message.request);
    // A small Buffer may share Node's pool: only a body that owns its memory is transferred.
    const owned = answer.body.byteOffset === 0 && answer.body.byteLength === answer.body.buffer.byteLength;
    const body = owned ? answer.body : new Uint8Array(answer.body);
    post({ type: 'answer', id: message.id, answer: { ...answer, body } }, [body.buffer as ArrayBuffer]);
  } catch (error) {
    post({ type: 'failed', id: message.id, error: (error as Error).stack ?? String(error) });
  }
});

function post(message: FromReadThread, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}
