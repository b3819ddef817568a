/**
 * One writing Spanscope per database file: two would number traces and dictionary entries independently and
 * overwrite each other's rows. The claim is an exclusive SQLite lock on a small file beside the database
 * (`PATH.lock`), so the operating system lets it go when the process ends, even by kill -9: nothing goes stale.
 * The lock file is left in place; deleting it could let a second process lock a new file while the first holds
 * the old one.
 */
import Database from 'better-sqlite3';
import { DatabaseError, asDatabaseError } from './database-error';
import { privateFile } from './private-files';
import { sqliteBinding } from './sqlite-binding';

export interface DatabaseClaim {
  release(): void;
}

export function claimDatabase(dbPath: string): DatabaseClaim {
  let lock: Database.Database | undefined;
  try {
    privateFile(`${dbPath}.lock`);
    lock = new Database(`${dbPath}.lock`, { timeout: 0, nativeBinding: sqliteBinding() });
    // In exclusive locking mode the lock a transaction takes is kept until the connection closes.
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE; COMMIT');
    const held = lock;
    return { release: () => held.close() };
  } catch (error) {
    lock?.close();
    const busy = ((error as { code?: string }).code ?? '').startsWith('SQLITE_BUSY');
    throw busy ? new DatabaseError('in-use', dbPath, (error as Error).message) : asDatabaseError(dbPath, error);
  }
}
