/** Opens (creating its folder) the store at a path with the core's retention and queue settings. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MEMORY_DB } from '../store/open-database';
import { Store } from '../store/store';
import type { CoreOptions } from './core-options';

export type StoreSettings = Pick<CoreOptions, 'dbPath' | 'maxDbBytes' | 'retentionMs' | 'maxQueuedSpans' | 'writerWorkerPath'>;

export function openStore(settings: StoreSettings): Promise<Store> {
  if (settings.dbPath !== MEMORY_DB) mkdirSync(dirname(settings.dbPath), { recursive: true });
  return Store.open({
    dbPath: settings.dbPath,
    retention: { maxDbBytes: settings.maxDbBytes, retentionMs: settings.retentionMs },
    maxQueuedSpans: settings.maxQueuedSpans,
    writerWorkerPath: settings.writerWorkerPath,
  });
}
