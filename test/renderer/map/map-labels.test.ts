import { describe, expect, it } from 'vitest';
import type { MapNode } from '../../../src-main/model/api';
import { edgeLabel, errorShare, nodeDescription, nodeNames, nodeSummary } from '../../../src-renderer/lib/map/map-labels';
import { mapRange, rangePhrase, rangeQuery } from '../../../src-renderer/lib/map/map-range';
import { edgeSearchHref, mapHref, nodeSearchHref } from '../../../src-renderer/lib/map/map-links';

const node = (over: Partial<MapNode>): MapNode => ({ id: 'service:web', name: 'web', type: 'service', spanCount: 1, errorCount: 0, ...over });

describe('map labels', () => {
  it('counts spans of a service and calls of a peer, with correct plurals', () => {
    expect(nodeSummary(node({ spanCount: 1 }))).toBe('1 span');
    expect(nodeSummary(node({ spanCount: 1204 }))).toBe('1,204 spans');
    expect(nodeSummary(node({ type: 'database', spanCount: 1 }))).toBe('1 call');
  });

  it('says the error share in words, and shows one failure in thousands', () => {
    expect(errorShare(0, 10)).toBe('');
    expect(errorShare(1, 33)).toBe('3% errors');
    expect(errorShare(1, 5000)).toBe('<1% errors');
    expect(nodeSummary(node({ spanCount: 200, errorCount: 10 }))).toBe('200 spans · 5% errors');
  });

  it('names what an edge’s numbers are', () => {
    expect(edgeLabel({ source: 'a', target: 'b', callCount: 30, errorCount: 1, p50Ns: 4_460_000, p95Ns: 9_000_000 })).toBe('30 calls · p50 4.46ms · p95 9ms · 3% errors');
    expect(edgeLabel({ source: 'a', target: 'b', callCount: 1, errorCount: 0, p50Ns: 800_000, p95Ns: 800_000 })).toBe('1 call · p50 800µs · p95 800µs');
  });

  it('describes a node for a screen reader and names ids', () => {
    expect(nodeDescription(node({ name: 'postgresql', id: 'database:postgresql', type: 'database', spanCount: 3 }))).toBe('postgresql, database: 3 calls');
    // A tooltip cannot isolate bidi controls: they are spelled out, and a long name is clipped.
    expect(nodeDescription(node({ name: 'svc\u202E' }))).toBe('svc⟨U+202E⟩, service: 1 span');
    expect(nodeDescription(node({ name: 'x'.repeat(5000) })).length).toBeLessThan(300);
    const names = nodeNames([node({}), node({ id: 'external:api.stripe.com', name: 'api.stripe.com', type: 'external' })]);
    expect(names('external:api.stripe.com')).toBe('api.stripe.com');
    expect(names('service:unknown')).toBe('service:unknown');
  });
});

describe('map range', () => {
  it('is the last hour unless the address names another', () => {
    expect(mapRange(new URLSearchParams())).toBe('1h');
    expect(mapRange(new URLSearchParams('lookback=7d'))).toBe('7d');
    expect(mapRange(new URLSearchParams('lookback=bogus'))).toBe('1h');
  });

  it('asks the API from the range’s start, and from the beginning for all', () => {
    expect(rangeQuery('15m', 1_000_000_000).get('start')).toBe(String(1_000_000_000 - 900_000));
    expect(rangeQuery('all', 1_000_000_000).has('start')).toBe(false);
    expect(rangePhrase('6h')).toBe('in the last 6 hours');
  });
});

describe('map links', () => {
  const web: MapNode = { id: 'service:web', name: 'web', type: 'service', spanCount: 3, errorCount: 0 };
  const call = { source: 'service:web', target: 'database:postgresql', callCount: 1, errorCount: 0, p50Ns: 1, p95Ns: 1 };

  it('searches a service’s traces and a call’s traces over the map’s range', () => {
    expect(nodeSearchHref(web, '1h')).toBe('/search?service=web&lookback=1h');
    expect(nodeSearchHref(web, 'all')).toBe('/search?service=web');
    expect(nodeSearchHref({ ...web, type: 'database' }, '1h')).toBeUndefined();
    expect(edgeSearchHref(call, '7d')).toBe('/search?call=service%3Aweb%3Edatabase%3Apostgresql&lookback=7d');
  });

  it('writes the map’s address without its defaults', () => {
    expect(mapHref('1h', '', 1)).toBe('/map');
    expect(mapHref('all', 'service:web', 2)).toBe('/map?lookback=all&focus=service%3Aweb&hops=2');
  });
});
