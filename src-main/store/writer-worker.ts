/** Entry of the writer thread: owns the database's write connection. */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './open-database';
import { WriterLoop } from './writer-loop';
import type { FromWriter, ToWriter, WriterOptions } from './writer-protocol';

const port = parentPort;
if (port === null) throw new Error('writer-worker must run in a worker thread');
const options = workerData as WriterOptions;
const db = openDatabase(options.dbPath);
// Checkpoints run on their own thread (checkpoint-worker.ts); this one only steps in past a 256 MiB WAL.
db.pragma('wal_autocheckpoint = 65536');
new WriterLoop(db, options.retention, {
  post: (message: FromWriter) => port.postMessage(message),
  onMessage: (handler: (message: ToWriter) => void) => port.on('message', handler),
}, () => port.close());
