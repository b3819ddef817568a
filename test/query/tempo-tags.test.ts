/** Tag names by scope and filtered tag values, from the newest spans of a store. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagValues } from '../../src-main/query/tag-values';
import { tagScopes } from '../../src-main/query/tempo-tags';
import type { Store } from '../../src-main/store/store';
import { memoryStore } from '../helpers/memory-store';
import { attrs, hexId, resource, richSpan, span } from '../helpers/spans';

const S = 1_000_000_000n;
const T0 = 1_700_000_000n * S;

let store: Store;
beforeAll(async () => {
  store = await memoryStore();
  const traceId = hexId(16);
  await store.write([richSpan(traceId, hexId(8))]);
  const other = hexId(16);
  await store.write([
    span({ traceId: other, spanId: hexId(8), name: 'GET /cart', startTimeUnixNano: T0 + 3600n * S, endTimeUnixNano: T0 + 3601n * S, resource: resource('cart', { 'k8s.pod.name': 'cart-1' }), attributes: attrs({ 'http.route': '/cart' }) }),
    span({ traceId: other, spanId: hexId(8), name: 'GET /pay', startTimeUnixNano: T0 + 3600n * S, endTimeUnixNano: T0 + 3601n * S, resource: resource('payments'), attributes: attrs({ 'http.route': '/pay' }) }),
  ]);
});
afterAll(() => store.close());

const scope = (name: string, options = {}) => tagScopes(store.reader, options).scopes.find((s) => s.name === name)?.tags;

describe('tag names by scope', () => {
  it('puts each key under the scope it was seen in', () => {
    expect(scope('resource')).toEqual(['host.name', 'k8s.pod.name', 'service.name']);
    expect(scope('span')).toEqual(['array', 'bool', 'bytes', 'double', 'empty', 'http.route', 'int', 'kvlist', 'negative', 'str', '__proto__'].sort());
    expect(scope('event')).toEqual(['exception.message']);
    expect(scope('link')).toEqual(['link.reason']);
    expect(scope('instrumentation')).toEqual(['scope.attr', 'scope.kind']);
  });

  it('lists TraceQL\'s intrinsics under intrinsic, as Tempo names them', () => {
    expect(scope('intrinsic')).toEqual(expect.arrayContaining(['duration', 'name', 'status', 'kind', 'rootServiceName', 'span:duration', 'trace:rootService', 'event:name', 'instrumentation:version', 'traceDuration']));
    expect(scope('intrinsic')).not.toContain('nestedSetLeft');
  });

  it('answers one scope when asked, and at most limit keys a scope', () => {
    expect(tagScopes(store.reader, { scope: 'link' })).toEqual({ scopes: [{ name: 'link', tags: ['link.reason'] }] });
    expect(scope('span', { limit: 2 })).toEqual(['__proto__', 'array']);
  });

  it('reads only the traces in a window when one is given', () => {
    const window = { startNs: T0 + 3000n * S, endNs: T0 + 4000n * S };
    expect(scope('resource', window)).toEqual(['k8s.pod.name', 'service.name']);
    expect(scope('span', window)).toEqual(['http.route']);
    expect(scope('event', window)).toBeUndefined();
  });
});

describe('tag values filtered by q', () => {
  const values = (tag: string, q?: string) => tagValues(store.reader, tag, { q }).tagValues.map((v) => v.value);

  it('keeps the values of the spans the filter matches', () => {
    expect(values('span.http.route', '{ resource.service.name = "cart" }')).toEqual(['/cart']);
    expect(values('name', '{ resource.service.name = "payments" }')).toEqual(['GET /pay']);
    expect(values('resource.service.name', '{ span.http.route = "/pay" }')).toEqual(['payments']);
  });

  it('answers every value for an empty filter or one that does not parse, as Tempo does', () => {
    expect(values('span.http.route', '{}')).toEqual(['/cart', '/pay']);
    expect(values('span.http.route', '{ resource.service.name = }')).toEqual(['/cart', '/pay']);
    expect(values('resource.service.name')).toEqual(['cart', 'checkout', 'payments']);
  });
});
