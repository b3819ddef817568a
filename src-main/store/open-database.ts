import Database from 'better-sqlite3';
import { migrate, tuneConnection } from './schema';

export const MEMORY_DB = ':memory:';

/** Opens (creating and migrating if needed) the store's database. */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Database.Database {
  const db = new Database(path, { readonly: options.readonly ?? false });
  try {
    tuneConnection(db);
    if (!options.readonly) migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
