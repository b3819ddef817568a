import { describe, expect, it } from 'vitest';
import type { CallEdge, CallMap } from '../../../src-renderer/lib/api-shapes';
import { filterMap, neighbourhood, type MapFilter } from '../../../src-renderer/lib/map/map-filter';
import { topologyMap } from '../../helpers/service-map-topology';

const edge = (source: string, target: string): CallEdge => ({ source, target, callCount: 1, errorCount: 0, p50Ns: 1, p95Ns: 1 });
// web → api → (orders, users); orders → postgres; admin → users; users → kafka
const EDGES = [edge('web', 'api'), edge('api', 'orders'), edge('api', 'users'), edge('orders', 'postgres'), edge('admin', 'users'), edge('users', 'kafka')];

describe('neighbourhood', () => {
  it('holds the focus, its callers and its callees one call away', () => {
    expect([...neighbourhood(EDGES, 'api', 1)].sort()).toEqual(['api', 'orders', 'users', 'web']);
  });

  it('follows calls in their direction only: a callee’s other callers are not neighbours', () => {
    expect(neighbourhood(EDGES, 'orders', 5)).toEqual(new Set(['orders', 'postgres', 'api', 'web']));
    expect(neighbourhood(EDGES, 'api', 2).has('admin')).toBe(false);
  });

  it('reaches further with more hops and stops in cycles', () => {
    expect([...neighbourhood(EDGES, 'web', 2)].sort()).toEqual(['api', 'orders', 'users', 'web']);
    expect([...neighbourhood(EDGES, 'web', 3)].sort()).toEqual(['api', 'kafka', 'orders', 'postgres', 'users', 'web']);
    expect([...neighbourhood([edge('a', 'b'), edge('b', 'a')], 'a', 10)].sort()).toEqual(['a', 'b']);
  });
});

describe('filterMap', () => {
  const map: CallMap = topologyMap();
  const none: MapFilter = { focus: '', hops: 1, text: '', hidden: new Set() };

  it('keeps the whole map without a filter', () => {
    const all = filterMap(map, none);
    expect(all.nodes).toHaveLength(map.nodes.length);
    expect(all.edges).toHaveLength(map.edges.length);
  });

  it('hides databases and the calls to them, and counts what it hid', () => {
    const databases = map.nodes.filter((n) => n.type === 'database').length;
    const shown = filterMap(map, { ...none, hidden: new Set(['database']) });
    expect(databases).toBeGreaterThan(0);
    expect(shown.nodes.some((n) => n.type === 'database')).toBe(false);
    expect(shown.hiddenByType).toBe(databases);
    expect(shown.edges.every((e) => !e.target.startsWith('database:'))).toBe(true);
    expect(shown.nodes.filter((n) => n.type === 'external').length).toBeGreaterThan(0);
  });

  it('narrows to names holding the typed text, in any case', () => {
    const shown = filterMap(map, { ...none, text: 'CHECK' });
    expect(shown.nodes.map((n) => n.name).sort()).toEqual(['checkout', 'checkout-api', 'fraud-check', 'spellcheck']);
    expect(shown.hiddenByText).toBe(map.nodes.length - 4);
    for (const e of shown.edges) expect(shown.nodes.some((n) => n.id === e.source) && shown.nodes.some((n) => n.id === e.target)).toBe(true);
  });

  it('shows a focused service with its neighbours, and keeps the focus whatever is typed', () => {
    const focus = 'service:checkout-api';
    const shown = filterMap(map, { ...none, focus });
    const expected = neighbourhood(map.edges, focus, 1);
    expect(new Set(shown.nodes.map((n) => n.id))).toEqual(expected);
    expect(shown.hiddenByFocus).toBe(map.nodes.length - expected.size);
    expect(filterMap(map, { ...none, focus, text: 'zzz' }).nodes.map((n) => n.id)).toEqual([focus]);
  });

  it('ignores a focus the map does not hold (a range without that service)', () => {
    expect(filterMap(map, { ...none, focus: 'service:gone' }).nodes).toHaveLength(map.nodes.length);
  });
});
