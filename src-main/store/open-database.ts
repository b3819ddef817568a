import Database from 'better-sqlite3';
import { privateDatabaseFiles } from './private-files';
import { checkOwnDatabase, migrate, SCHEMA_VERSION, tuneConnection } from './schema';
import { sqliteBinding } from './sqlite-binding';

export const MEMORY_DB = ':memory:';

/** Page cache per connection: the writer's holds the B-tree pages inserts touch; readers and the checkpointer need less. */
export const CACHE_MIB = { writer: 64, reader: 32, checkpoint: 2 } as const;

/**
 * Opens (creating and migrating if needed) the store's database. `checkWritable`: write at once (the header's
 * version, unchanged), so a read-only file or folder, or a write lock another program holds, fails the start of a
 * store that will write spans rather than its first span.
 */
export function openDatabase(path: string, options: { readonly?: boolean; cacheMiB?: number; checkWritable?: boolean } = {}): Database.Database {
  const db = new Database(path, { readonly: options.readonly ?? false, nativeBinding: sqliteBinding() });
  try {
    if (!options.readonly) {
      checkOwnDatabase(db);
      // Before journal_mode = WAL: SQLite gives the -wal and -shm it creates the database file's mode.
      if (path !== MEMORY_DB) privateDatabaseFiles(path);
    }
    // Size retention hands freed pages back to the file system; this only takes before the file's first write.
    if (!options.readonly) db.pragma('auto_vacuum = INCREMENTAL');
    tuneConnection(db, options.cacheMiB ?? CACHE_MIB.writer);
    if (!options.readonly) migrate(db);
    if (options.checkWritable) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
