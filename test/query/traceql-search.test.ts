import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTraceQL } from '../../src-main/query/traceql-request';
import { traceqlSearch } from '../../src-main/query/traceql-search';
import type { Store } from '../../src-main/store/store';
import { memoryStore } from '../helpers/memory-store';
import { attrs, hexId, resource, span } from '../helpers/spans';

const T0 = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;

let store: Store;
beforeAll(async () => {
  store = await memoryStore();
  for (let i = 0; i < 30; i++) {
    const traceId = hexId(16);
    const root = hexId(8);
    const start = T0 + BigInt(i) * 1000n * MS;
    await store.write([
      span({ traceId, spanId: root, name: 'GET /cart', kind: 'SERVER', startTimeUnixNano: start, endTimeUnixNano: start + 50n * MS, resource: resource('web') }),
      span({ traceId, spanId: hexId(8), parentSpanId: root, name: 'SELECT', kind: 'CLIENT', startTimeUnixNano: start + MS, endTimeUnixNano: start + BigInt(1 + (i % 9)) * MS, resource: resource('db', { 'host.name': `h${i % 3}` }), attributes: attrs({ 'db.rows': BigInt(i) }), status: { code: i % 4 ? 'UNSET' : 'ERROR', message: 'boom' } }),
    ]);
  }
});
afterAll(() => store.close());

const search = (q: string) => traceqlSearch(store.reader, checkTraceQL(q), { limit: 50, spansPerSpanset: 3 }).traces.map((t) => [t.traceID, t.spanSets.map((s) => [s.matched, s.spans.map((sp) => [sp.spanID, sp.name, sp.durationNanos])])]);

describe('TraceQL search without opening span bodies', () => {
  // `span.no.such = nil` holds for every span but reads the body: the same query with it runs on whole spans.
  for (const q of ['{ resource.service.name = "db" && duration > 4ms }', '{ status = error } | count() > 0', '{ kind = server } >> { resource.host.name = "h1" }', '{ trace:rootName = "GET /cart" && kind = client }']) {
    it(`answers ${q} as the query on whole spans does`, () => {
      const withBody = q.replace(/^\{ /, '{ span.no.such = nil && ').replace(/\{ kind = server \}/, '{ kind = server && span.no.such = nil }');
      const found = search(q);
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(search(withBody));
    });
  }
});
