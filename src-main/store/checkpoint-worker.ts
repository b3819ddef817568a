/**
 * Entry of the checkpoint thread: copies the WAL into the database file every CHECKPOINT_INTERVAL_MS, so that
 * work stays off the writer's core and never blocks the main thread's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CACHE_MIB, openDatabase } from './open-database';

const CHECKPOINT_INTERVAL_MS = 200;

const db = openDatabase((workerData as { dbPath: string }).dbPath, { cacheMiB: CACHE_MIB.checkpoint });
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), CHECKPOINT_INTERVAL_MS);
parentPort?.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
