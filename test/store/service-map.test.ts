import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { importArchive } from '../../src-main/archives/import-archive';
import type { Span } from '../../src-main/model/span';
import { serviceMap, traceServiceMap } from '../../src-main/query/service-map';
import { openDatabase } from '../../src-main/store/open-database';
import { enforceRetention } from '../../src-main/store/retention';
import { callsOf, type CallSpan } from '../../src-main/store/service-calls';
import { Store } from '../../src-main/store/store';
import { StoreReader } from '../../src-main/store/store-reader';
import { memoryStore } from '../helpers/memory-store';
import { attrs, hexId, resource, span } from '../helpers/spans';

const MS = 1_000_000n;
const T0 = 1_700_000_000_000_000_000n;

function callSpan(spanId: string, parentId: string, service: number, kind: number, durationMs: number, extra: Partial<CallSpan> = {}): CallSpan {
  return { spanId, parentId, service, kind, error: false, startNs: T0, durationNs: BigInt(durationMs) * MS, peer: 0, ...extra };
}

describe('callsOf', () => {
  it('a client span whose child is in another service is one call, timed by the client', () => {
    const calls = callsOf([callSpan('a', '', 1, 2, 100), callSpan('b', 'a', 1, 3, 40), callSpan('c', 'b', 2, 2, 30, { error: true })]);
    expect(calls).toEqual([{ source: 1, target: 2, error: true, latencyNs: 40_000_000, startNs: T0 }]);
  });

  it('a parent-child pair across services without a client span is a call timed by the child', () => {
    expect(callsOf([callSpan('a', '', 1, 2, 100), callSpan('b', 'a', 2, 2, 30)])).toEqual([{ source: 1, target: 2, error: false, latencyNs: 30_000_000, startNs: T0 }]);
  });

  it('a client span with no child elsewhere calls its peer; one with a child does not', () => {
    const calls = callsOf([callSpan('a', '', 1, 2, 100), callSpan('db', 'a', 1, 3, 5, { peer: 7 }), callSpan('http', 'a', 1, 3, 20, { peer: 8 }), callSpan('srv', 'http', 2, 2, 15)]);
    expect(calls.map((c) => [c.source, c.target])).toEqual([
      [1, 2],
      [1, -7],
    ]);
  });
});

function callTrace(traceId: string, n: number, error = false): Span[] {
  const root = hexId(8);
  const client = hexId(8);
  return [
    span({ traceId, spanId: root, name: 'GET /cart', kind: 'SERVER', startTimeUnixNano: T0 + BigInt(n) * MS, endTimeUnixNano: T0 + BigInt(n + 100) * MS, resource: resource('web') }),
    span({ traceId, spanId: client, parentSpanId: root, name: 'GET /items', kind: 'CLIENT', startTimeUnixNano: T0 + BigInt(n + 10) * MS, endTimeUnixNano: T0 + BigInt(n + 60) * MS, resource: resource('web') }),
    span({ traceId, spanId: hexId(8), parentSpanId: client, name: 'GET /items', kind: 'SERVER', startTimeUnixNano: T0 + BigInt(n + 12) * MS, endTimeUnixNano: T0 + BigInt(n + 58) * MS, resource: resource('items'), status: { code: error ? 'ERROR' : 'UNSET', message: '' } }),
    span({ traceId, spanId: hexId(8), parentSpanId: root, name: 'SELECT', kind: 'CLIENT', startTimeUnixNano: T0 + BigInt(n + 70) * MS, endTimeUnixNano: T0 + BigInt(n + 75) * MS, resource: resource('web'), attributes: attrs({ 'db.system': 'postgresql' }) }),
  ];
}

describe('the service map in the store', () => {
  it('counts calls, errors and latency as spans are written, parent before or after the child', async () => {
    const store = await memoryStore();
    await store.write(callTrace(hexId(16), 0));
    const late = callTrace(hexId(16), 1000, true);
    await store.write([late[2], late[3]]); // the callee and the query first: the client span comes later
    let map = serviceMap(store.reader);
    expect(map.edges.find((e) => e.source === 'service:web' && e.target === 'service:items')?.callCount).toBe(1);
    await store.write([late[0], late[1]]);
    map = serviceMap(store.reader);
    expect(map.nodes).toEqual([
      { id: 'database:postgresql', name: 'postgresql', type: 'database', spanCount: 2, errorCount: 0 },
      { id: 'service:items', name: 'items', type: 'service', spanCount: 2, errorCount: 1 },
      { id: 'service:web', name: 'web', type: 'service', spanCount: 6, errorCount: 0 },
    ]);
    expect(map.edges).toEqual([
      { source: 'service:web', target: 'database:postgresql', callCount: 2, errorCount: 0, p50Nano: expect.any(String), p95Nano: expect.any(String) },
      { source: 'service:web', target: 'service:items', callCount: 2, errorCount: 1, p50Nano: expect.any(String), p95Nano: expect.any(String) },
    ]);
    const webToItems = map.edges[1];
    expect(Math.abs(Number(webToItems.p50Nano) - 50e6) / 50e6).toBeLessThan(0.07); // the client's 50 ms
    await store.close();
  });

  it('moves a call from a peer to the service when the callee\'s span arrives later', async () => {
    const store = await memoryStore();
    const traceId = hexId(16);
    const root = hexId(8);
    const client = hexId(8);
    await store.write([
      span({ traceId, spanId: root, kind: 'SERVER', resource: resource('web') }),
      span({ traceId, spanId: client, parentSpanId: root, kind: 'CLIENT', resource: resource('web'), attributes: attrs({ 'server.address': 'items.local' }) }),
    ]);
    expect(serviceMap(store.reader).edges.map((e) => e.target)).toEqual(['external:items.local']);
    await store.write([span({ traceId, spanId: hexId(8), parentSpanId: client, kind: 'SERVER', resource: resource('items') })]);
    expect(serviceMap(store.reader).edges.map((e) => e.target)).toEqual(['service:items']);
    expect(traceServiceMap(store.reader, traceId)?.edges.map((e) => [e.source, e.target, e.callCount])).toEqual([['service:web', 'service:items', 1]]);
    await store.close();
  });

  it('brings a big trace written over many writes up to date a little later, as if written at once', async () => {
    const traceId = hexId(16);
    const spans = Array.from({ length: 2_000 }, (_, i) => callTrace(traceId, i, i % 10 === 0)).flat(); // 8,000 spans, 4,000 calls
    const itemsCalls = (reader: typeof store.reader) => serviceMap(reader).edges.find((e) => e.target === 'service:items')?.callCount;
    const store = await memoryStore();
    for (let i = 0; i < spans.length; i += 1_000) await store.write(spans.slice(i, i + 1_000));
    // From 5,000 stored spans on, the trace is read back at most every ten times its last reading took (≥ 200 ms):
    // the last writes' calls come in when it is due.
    expect(itemsCalls(store.reader)).toBeLessThan(2_000);
    await vi.waitFor(() => expect(itemsCalls(store.reader)).toBe(2_000), { timeout: 10_000, interval: 50 });
    const atOnce = await memoryStore();
    await atOnce.write(spans);
    expect(serviceMap(store.reader)).toEqual(serviceMap(atOnce.reader));
    await Promise.all([store.close(), atOnce.close()]);
  });

  it('brings a waiting big trace up to date before the store closes', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'spanscope-map-')), 'spans.db');
    const traceId = hexId(16);
    const spans = Array.from({ length: 2_000 }, (_, i) => callTrace(traceId, i)).flat();
    const store = await Store.open({ dbPath: path, retention: { maxDbBytes: 0, retentionMs: 0 }, maxQueuedSpans: 100_000 });
    for (let i = 0; i < spans.length; i += 1_000) await store.write(spans.slice(i, i + 1_000));
    await store.close();
    const reader = new StoreReader(openDatabase(path));
    expect(serviceMap(reader).edges.find((e) => e.target === 'service:items')?.callCount).toBe(2_000);
    reader.db.close();
  });

  it('keeps to the time window, and lets evicted traces go, also from a bucket that stays', async () => {
    const store = await memoryStore();
    for (let i = 0; i < 300; i++) await store.write(callTrace(hexId(16), i * 60_000)); // one a minute
    const all = serviceMap(store.reader);
    expect(all.edges.find((e) => e.target === 'service:items')?.callCount).toBe(300);
    const tenMinutes = serviceMap(store.reader, { startNs: T0, endNs: T0 + 9n * 60_000n * MS + 1n });
    expect(tenMinutes.edges.find((e) => e.target === 'service:items')?.callCount).toBe(10);
    const db = store.reader.db;
    const evicted = enforceRetention(db, { maxDbBytes: 1, retentionMs: 0 }, Date.now(), new (await import('../../src-main/store/span-writer')).SpanWriter(db));
    const left = 300 - evicted;
    expect(left).toBeGreaterThan(0);
    expect(serviceMap(store.reader).edges.find((e) => e.target === 'service:items')?.callCount).toBe(left);
    expect(serviceMap(store.reader).nodes.find((n) => n.id === 'service:web')?.spanCount).toBe(left * 3);
    await store.close();
  });

  it('draws producer → consumer edges from the Zipkin messaging fixtures', async () => {
    const store = await memoryStore();
    for (const name of ['messaging.json', 'messaging-kafka.json']) {
      const file = readFileSync(new URL(`../fixtures/zipkin-lens/${name}`, import.meta.url));
      await importArchive(store, (async function* () { yield file; })(), { name });
    }
    const map = serviceMap(store.reader);
    expect(map.edges.map((e) => `${e.source} → ${e.target}: ${e.callCount}`)).toEqual([
      'service:frontend → service:backend: 1', // messaging.json: the producer in frontend, its consumer child in backend
      'service:servicea → messaging:kafka: 6', // messaging-kafka.json: producer spans whose consumers are not in the file
      'service:servicea → service:serviceb: 3',
    ]);
    expect(map.nodes.find((n) => n.id === 'messaging:kafka')).toMatchObject({ type: 'messaging', spanCount: 6 });
    await store.close();
  });
});
