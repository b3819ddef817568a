import { describe, expect, it } from 'vitest';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { loadTraceSpans } from '../../src-main/query/trace-query';
import { KEY_CACHE_BYTES, KeyDictionary, type StoredKeys } from '../../src-main/store/key-dictionary';
import { memoryStore } from '../helpers/memory-store';
import { attrs, hexId, span } from '../helpers/spans';

/** The attr_keys table as a Map, counting how often it is asked. */
class StoredKeysMap implements StoredKeys {
  asked = 0;
  constructor(readonly table = new Map<string, number>()) {}
  storedKeyId(key: string): number | undefined {
    this.asked++;
    return this.table.get(key);
  }
  maxKeyId(): number {
    return Math.max(0, ...this.table.values());
  }
}

describe('KeyDictionary', () => {
  it('numbers new keys after the stored ones and keeps a key given an id until its write settles', () => {
    const stored = new StoredKeysMap(new Map([['http.route', 7]]));
    const keys = new KeyDictionary(stored);
    expect(keys.idOf('http.route')).toBe(7);
    expect(keys.idOf('user.id')).toBe(8);
    // Keys far past the cache's budget: whatever it forgot, the unsettled key keeps its id.
    const long = (i: number) => `${i}:${'x'.repeat(20_000)}`;
    for (let i = 0; i < (2 * KEY_CACHE_BYTES) / 40_000; i++) keys.idOf(long(i));
    expect(keys.idOf('user.id')).toBe(8);
    const taken = keys.takeNew();
    expect(taken[0]).toEqual([8, 'user.id']);
    for (const [id, key] of taken) stored.table.set(key, id);
    keys.settle(taken);
    expect(keys.idOf(long(0))).toBe(9);
    expect(keys.takeNew()).toEqual([]);
  });

  it('asks the database again only for keys its budget let go', () => {
    const stored = new StoredKeysMap(new Map([['a', 1]]));
    const keys = new KeyDictionary(stored);
    for (let i = 0; i < 100; i++) keys.idOf('a');
    expect(stored.asked).toBe(1);
  });
});

describe('the store with more distinct keys than its caches hold', () => {
  it('gives every key one id, and reads each span back with its own keys', async () => {
    const store = await memoryStore();
    const keyCount = Math.ceil((1.5 * KEY_CACHE_BYTES) / 2_000); // 1,000-character keys: past the budget
    const keyOf = (i: number) => `${String(i).padStart(6, '0')}.${'k'.repeat(993)}`;
    const request = (traceId: string, from: number) =>
      encodeTraceRequestProtobuf(
        Array.from({ length: Math.ceil(keyCount / 100) }, (_, s) => {
          const values: Record<string, string> = {};
          for (let i = s * 100; i < Math.min(keyCount, (s + 1) * 100); i++) values[keyOf((i + from) % keyCount)] = `v${i}`;
          return span({ traceId, spanId: hexId(8), attributes: attrs(values) });
        }),
      );
    const traces = [hexId(16), hexId(16), hexId(16)];
    // The first two in flight together (the second meets keys not yet committed), the third after, shifted.
    await Promise.all([store.writeOtlpProtobuf(request(traces[0], 0)).committed, store.writeOtlpProtobuf(request(traces[1], 0)).committed]);
    await store.writeOtlpProtobuf(request(traces[2], 17)).committed;

    const storedKeyCount = store.reader.db.prepare("SELECT count(*) FROM attr_keys WHERE key LIKE '%.kkk%'").pluck().get();
    expect(storedKeyCount).toBe(keyCount);
    for (const traceId of traces) {
      const keysRead = loadTraceSpans(store.reader, traceId)!.flatMap((s) => Object.keys(s.attributes));
      expect(new Set(keysRead).size).toBe(keyCount);
    }
    const third = loadTraceSpans(store.reader, traces[2])!;
    expect(Object.keys(third[0].attributes)[0]).toBe(keyOf(17));
    await store.close();
  });
});
