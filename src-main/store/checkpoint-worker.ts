/**
 * Entry of the checkpoint thread: copies the WAL into the database file every CHECKPOINT_INTERVAL_MS, so that
 * work stays off the writer's core and never blocks the main thread's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CACHE_MIB, openDatabase } from './open-database';

const CHECKPOINT_INTERVAL_MS = 200;

const db = openDatabase((workerData as { dbPath: string }).dbPath, { cacheMiB: CACHE_MIB.checkpoint });
const timer = setInterval(checkpoint, CHECKPOINT_INTERVAL_MS);

function checkpoint(): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A full disk or a lock: the pages stay in the WAL until the next try. An exception would end this thread
    // and, unheard, the process.
  }
}
parentPort?.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
