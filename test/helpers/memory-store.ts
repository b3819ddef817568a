import type { SpanLimits } from '../../src-main/store/span-limits';
import { Store } from '../../src-main/store/store';

export function memoryStore(maxQueuedSpans = 100_000, limits?: SpanLimits): Promise<Store> {
  return Store.open({ dbPath: ':memory:', retention: { maxDbBytes: 0, retentionMs: 0 }, maxQueuedSpans, limits });
}
