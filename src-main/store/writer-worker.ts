/**
 * Entry of the writer thread: owns the database's write connection. It is told which database by its first
 * message, so a thread can be started before a file is opened (store/ready-threads.ts).
 */
import { parentPort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openDatabase } from './open-database';
import { WriterLoop } from './writer-loop';
import type { FromWriter, OpenWriter, ToWriter, WriterOptions } from './writer-protocol';

const port = parentPort;
if (port === null) throw new Error('writer-worker must run in a worker thread');
const post = (message: FromWriter) => port.postMessage(message);
port.once('message', (message: OpenWriter) => open(message.options));

function open(options: WriterOptions): void {
  let db: Database.Database | undefined;
  try {
    db = openDatabase(options.dbPath, { checkWritable: options.checkWritable });
    // Checkpoints run on their own thread (checkpoint-worker.ts); this one only steps in past a 256 MiB WAL.
    db.pragma('wal_autocheckpoint = 65536');
    // Tests fill the "disk" deterministically with a page ceiling (test/reliability/disk-full.test.ts).
    const testMaxPages = process.env.SPANSCOPE_TEST_MAX_PAGE_COUNT;
    if (testMaxPages) db.pragma(`max_page_count = ${Number(testMaxPages)}`);
    new WriterLoop(db, options, { post, onMessage: (handler: (message: ToWriter) => void) => port!.on('message', handler) }, () => port!.close());
  } catch (error) {
    // Closed before the store hears of it: a damaged file may be renamed next.
    db?.close();
    post({ type: 'open-failed', code: (error as { code?: string }).code, error: (error as Error).message });
    port!.close();
  }
}
