/** Opens (creating its folder) the store at a path with the core's retention, queue and span limit settings. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MEMORY_DB } from '../store/open-database';
import { ownerOnly } from '../store/private-files';
import { Store } from '../store/store';
import { defaultDataDir, type CoreOptions } from './core-options';

export type StoreSettings = Pick<CoreOptions, 'dbPath' | 'maxDbBytes' | 'retentionMs' | 'maxQueuedSpans' | 'writerWorkerPath'> &
  Partial<Pick<CoreOptions, 'spanLimits'>> & {
    /** For the commands that write spans: no second Spanscope may write the file meanwhile (store.ts). */
    exclusive?: boolean;
  };

export function openStore(settings: StoreSettings): Promise<Store> {
  if (settings.dbPath !== MEMORY_DB) privateFolder(dirname(settings.dbPath));
  return Store.open({
    dbPath: settings.dbPath,
    retention: { maxDbBytes: settings.maxDbBytes, retentionMs: settings.retentionMs },
    maxQueuedSpans: settings.maxQueuedSpans,
    limits: settings.spanLimits,
    writerWorkerPath: settings.writerWorkerPath,
    exclusive: settings.exclusive,
  });
}

/**
 * The database's folder is made 0700 when it is Spanscope's own: the default data folder, or one this call creates.
 * A folder the user named that already exists (their home, a project, /tmp) keeps its mode: other programs' files
 * may live there, and the database files themselves are 0600 (store/private-files.ts).
 */
function privateFolder(folder: string): void {
  const created = mkdirSync(folder, { recursive: true }) !== undefined;
  if (created || resolve(folder) === resolve(defaultDataDir())) ownerOnly(folder);
}
