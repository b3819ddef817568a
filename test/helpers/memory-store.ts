import { Store } from '../../src-main/store/store';

export function memoryStore(maxQueuedSpans = 100_000): Promise<Store> {
  return Store.open({ dbPath: ':memory:', retention: { maxDbBytes: 0, retentionMs: 0 }, maxQueuedSpans });
}
