import { beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src-main/query/search-query';
import { searchTraces } from '../../src-main/query/search';
import type { Store } from '../../src-main/store/store';
import { memoryStore } from '../helpers/memory-store';
import { attrs, hexId, resource, span } from '../helpers/spans';

const MS = 1_000_000n;
const t0 = 1_700_000_000_000_000_000n;
const archiveT0 = 1_420_070_400_000_000_000n; // 2015-01-01
let store: Store;
const slow = hexId(16);
const fast = hexId(16);
const archived = hexId(16);
const frontend = resource('frontend', { 'host.name': 'laptop' });
const backend = resource('backend');

function trace(traceId: string, start: bigint, dbMs: bigint, dbAttrs: Record<string, never> | Record<string, unknown>, extra: Partial<Parameters<typeof span>[0]> = {}) {
  const rootId = hexId(8);
  return [
    span({ traceId, spanId: rootId, name: 'GET /checkout', startTimeUnixNano: start, endTimeUnixNano: start + 100n * MS, resource: frontend, attributes: attrs({ 'http.route': '/checkout' }) }),
    span({
      traceId,
      spanId: hexId(8),
      parentSpanId: rootId,
      name: 'SELECT orders',
      kind: 'CLIENT',
      startTimeUnixNano: start + MS,
      endTimeUnixNano: start + MS + dbMs * MS,
      resource: backend,
      attributes: attrs(dbAttrs as never),
      ...extra,
    }),
  ];
}

beforeAll(async () => {
  store = await memoryStore();
  await store.write(
    trace(slow, t0, 80n, { 'db.system': 'postgres', 'http.status_code': 500n, ratio: 72.5 }, {
      status: { code: 'ERROR', message: 'timeout' },
      events: [{ name: 'retry', timeUnixNano: t0 + 2n * MS, attributes: attrs({ attempt: 2n }), droppedAttributesCount: 0 }],
      links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceState: '', flags: 0, attributes: attrs({ 'link.kind': 'follows' }), droppedAttributesCount: 0 }],
    }),
  );
  await store.write(trace(fast, t0 + 1000n * MS, 5n, { 'db.system': 'postgres', 'http.status_code': 200n }));
  await store.write(trace(archived, archiveT0, 30n, { 'db.system': 'mysql' }));
});

function search(query: string): string[] {
  return searchTraces(store.reader, parseSearchQuery(new URLSearchParams(query))).map((t) => t.traceId);
}

describe('trace search', () => {
  it('lists every trace newest first when nothing is asked', () => {
    expect(search('')).toEqual([fast, slow, archived]);
  });

  it('matches service and operation exactly', () => {
    expect(search('service=backend&operation=SELECT orders')).toEqual([fast, slow, archived]);
    expect(search('service=backend&operation=SELECT')).toEqual([]);
    expect(search('service=nobody')).toEqual([]);
  });

  it('applies duration bounds to the matching span, in any unit', () => {
    expect(search('service=backend&minDuration=50ms')).toEqual([slow]);
    expect(search('service=backend&maxDuration=10000us')).toEqual([fast]);
    expect(search('minDuration=0.05s&maxDuration=90ms')).toEqual([slow]);
    expect(search('service=frontend&minDuration=50ms')).toEqual([fast, slow, archived]);
  });

  it('requires one span to meet every condition together (span-level, as in Jaeger)', () => {
    // db.system is on the backend span, the 100 ms duration on the frontend span
    expect(search('service=frontend&attr=db.system=postgres')).toEqual([]);
    expect(search('service=backend&attr=db.system=postgres&minDuration=50ms')).toEqual([slow]);
    expect(search('attr=db.system=postgres&attr=http.status_code=200')).toEqual([fast]);
  });

  it('matches typed values by their text form', () => {
    expect(search('attr=http.status_code=500')).toEqual([slow]);
    expect(search('attr=ratio=72.5')).toEqual([slow]);
    expect(search('attr=ratio=72.50')).toEqual([slow]);
  });

  it('searches resource, scope, event and link attributes as the span\'s own', () => {
    expect(search('service=frontend&attr=host.name=laptop')).toEqual([fast, slow, archived]);
    expect(search('attr=scope.kind=unit&limit=1')).toEqual([fast]);
    expect(search('attr=attempt=2')).toEqual([slow]);
    expect(search('attr=link.kind=follows')).toEqual([slow]);
  });

  it('finds errors at span level', () => {
    expect(search('status=error')).toEqual([slow]);
    expect(search('service=frontend&status=error')).toEqual([]);
  });

  it('finds traces years in the past by time window, in RFC 3339 or epoch milliseconds', () => {
    expect(search('start=2014-12-31T00:00:00Z&end=2015-01-02T00:00:00Z')).toEqual([archived]);
    expect(search('service=backend&start=1420070400000&end=1420070500000')).toEqual([archived]);
    expect(search('attr=db.system=mysql&start=2015-01-01T00:00:00.001000001Z')).toEqual([]);
    expect(search('attr=db.system=mysql&start=2015-01-01T00:00:00.001Z')).toEqual([archived]);
  });

  it('stops at the limit', () => {
    expect(search('limit=2')).toHaveLength(2);
  });

  it('explains bad parameters', () => {
    expect(() => search('minDuration=fast')).toThrow('minDuration "fast" is not a duration');
    expect(() => search('start=yesterday')).toThrow('start "yesterday" is not a time');
    expect(() => search('attr=novalue')).toThrow('attr "novalue" must be KEY=VALUE');
    expect(() => search('limit=0')).toThrow('limit "0" must be a whole number');
  });
});
