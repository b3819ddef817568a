/** Opens (creating its folder) the store at a path with the core's retention, queue and span limit settings. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MEMORY_DB } from '../store/open-database';
import { Store } from '../store/store';
import type { CoreOptions } from './core-options';

export type StoreSettings = Pick<CoreOptions, 'dbPath' | 'maxDbBytes' | 'retentionMs' | 'maxQueuedSpans' | 'writerWorkerPath'> &
  Partial<Pick<CoreOptions, 'spanLimits'>> & {
    /** For the commands that write spans: no second Spanscope may write the file meanwhile (store.ts). */
    exclusive?: boolean;
  };

export function openStore(settings: StoreSettings): Promise<Store> {
  if (settings.dbPath !== MEMORY_DB) mkdirSync(dirname(settings.dbPath), { recursive: true });
  return Store.open({
    dbPath: settings.dbPath,
    retention: { maxDbBytes: settings.maxDbBytes, retentionMs: settings.retentionMs },
    maxQueuedSpans: settings.maxQueuedSpans,
    limits: settings.spanLimits,
    writerWorkerPath: settings.writerWorkerPath,
    exclusive: settings.exclusive,
  });
}
