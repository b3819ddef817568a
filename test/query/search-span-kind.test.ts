/** Search by span kind (the SERVER `GET` apart from the CLIENT `GET`), and the root span's HTTP fields in the summary. */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src-main/query/search-query';
import { searchTraces } from '../../src-main/query/search';
import type { Store } from '../../src-main/store/store';
import { memoryStore } from '../helpers/memory-store';
import { attrs, hexId, resource, span } from '../helpers/spans';

const MS = 1_000_000n;
const t0 = 1_700_000_000_000_000_000n;
const frontend = resource('frontend');
let store: Store;
/** A SERVER GET of 98.9 ms whose CLIENT GET (to an API) takes 10 ms. */
const served = hexId(16);
/** Only a CLIENT GET of 30 ms, under an INTERNAL root. */
const calling = hexId(16);
/** Old semantic-convention names on the root; an orphan child whose parent never arrived. */
const oldNames = hexId(16);

beforeAll(async () => {
  store = await memoryStore();
  const root = hexId(8);
  await store.write([
    span({
      traceId: served,
      spanId: root,
      name: 'GET',
      kind: 'SERVER',
      startTimeUnixNano: t0,
      endTimeUnixNano: t0 + 98_900_000n,
      resource: frontend,
      attributes: attrs({ 'http.request.method': 'GET', 'http.route': '/checkout/{id}', 'url.path': '/checkout/42', 'http.response.status_code': 200n }),
    }),
    span({ traceId: served, spanId: hexId(8), parentSpanId: root, name: 'GET', kind: 'CLIENT', startTimeUnixNano: t0 + MS, endTimeUnixNano: t0 + 11n * MS, resource: frontend }),
  ]);
  const job = hexId(8);
  await store.write([
    span({ traceId: calling, spanId: job, name: 'poll', kind: 'INTERNAL', startTimeUnixNano: t0 + 1000n * MS, endTimeUnixNano: t0 + 1040n * MS, resource: frontend }),
    span({ traceId: calling, spanId: hexId(8), parentSpanId: job, name: 'GET', kind: 'CLIENT', startTimeUnixNano: t0 + 1001n * MS, endTimeUnixNano: t0 + 1031n * MS, resource: frontend }),
  ]);
  await store.write([
    span({ traceId: oldNames, spanId: hexId(8), parentSpanId: hexId(8), name: 'late child', startTimeUnixNano: t0 + 2001n * MS, endTimeUnixNano: t0 + 2002n * MS, resource: frontend }),
    span({
      traceId: oldNames,
      spanId: hexId(8),
      name: 'POST',
      startTimeUnixNano: t0 + 2000n * MS,
      endTimeUnixNano: t0 + 2005n * MS,
      resource: frontend,
      attributes: attrs({ 'http.method': 'POST', 'http.target': '/pay?x=1', 'http.status_code': '503' }),
    }),
  ]);
});

function search(query: string): string[] {
  return searchTraces(store.reader, parseSearchQuery(new URLSearchParams(query))).map((t) => t.traceId);
}

describe('search by span kind', () => {
  it('tells the SERVER operation from the CLIENT one of the same name', () => {
    expect(search('service=frontend&operation=GET')).toEqual([calling, served]);
    expect(search('service=frontend&operation=GET&spanKind=SERVER')).toEqual([served]);
    expect(search('service=frontend&operation=GET&spanKind=CLIENT')).toEqual([calling, served]);
  });

  it('takes the kind alone and in any case', () => {
    expect(search('spanKind=internal')).toEqual([calling]);
    expect(search('spanKind=server')).toEqual([oldNames, served]);
  });

  it('holds one span to the kind and the duration bounds together', () => {
    // The 98.9 ms trace has a 10 ms CLIENT GET: span-level semantics find it under 20 ms, its SERVER GET is not.
    expect(search('operation=GET&spanKind=CLIENT&maxDuration=20ms')).toEqual([served]);
    expect(search('operation=GET&spanKind=SERVER&maxDuration=20ms')).toEqual([]);
  });

  it('names the kinds when given another word', () => {
    expect(() => search('spanKind=backend')).toThrow('spanKind "backend" is not a span kind; use one of UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER');
  });
});

describe('the root span\'s HTTP fields in the summary', () => {
  const summary = (traceId: string) => searchTraces(store.reader, parseSearchQuery(new URLSearchParams())).find((t) => t.traceId === traceId)!;

  it('gives method, route and status from the current names, the route before the path', () => {
    expect(summary(served)).toMatchObject({ rootName: 'GET', httpMethod: 'GET', httpRoute: '/checkout/{id}', httpStatusCode: '200' });
  });

  it('reads the old names, and the root even when an orphan starts later in the trace', () => {
    expect(summary(oldNames)).toMatchObject({ rootName: 'POST', httpMethod: 'POST', httpRoute: '/pay?x=1', httpStatusCode: '503' });
  });

  it('leaves the fields out when the root has none', () => {
    const s = summary(calling);
    expect(s.rootName).toBe('poll');
    expect('httpMethod' in s || 'httpRoute' in s || 'httpStatusCode' in s).toBe(false);
  });
});
