import { describe, expect, it } from 'vitest';
import { compareAttributes, type AttributeItem } from '../../src-main/diff/compare-attributes';
import { syntheticAttributeItems } from '../helpers/synthetic-attributes';

const item = (entries: Record<string, string | string[]>): AttributeItem => new Map(Object.entries(entries));

describe('attribute comparison', () => {
  it('finds the planted attribute first: region eu-west on 80% of slow traces, 10% of the rest', () => {
    for (const seed of [1, 2, 3]) {
      const slow = syntheticAttributeItems(1_000, 10 * seed, [
        { key: 'resource.cloud.region', value: 'eu-west', share: 0.8 },
        { key: 'span.cache.hit', value: 'false', share: 0.5 },
      ]);
      const rest = syntheticAttributeItems(9_000, 10 * seed + 1, [{ key: 'resource.cloud.region', value: 'eu-west', share: 0.1 }]);
      const { keys } = compareAttributes(slow, rest);
      expect(keys[0].key).toBe('resource.cloud.region');
      expect(keys[0].values[0]).toMatchObject({ value: 'eu-west' });
      expect(keys[0].values[0].selectionShare).toBeCloseTo(0.8, 1);
      expect(keys[0].values[0].baselineShare).toBeCloseTo(0.1, 1);
      // the weaker plant: cache misses 2/3 + 1/3 · 1/2 = 5/6 of slow traces against 2/3 of the rest
      expect(keys[1].key).toBe('span.cache.hit');
      expect(keys[1].values[0]).toMatchObject({ value: 'false' });
      expect(keys[2].score).toBeLessThan(0.06);
    }
  });

  it('gives each value its count and share on both sides, and a missing key the value null', () => {
    const selection = [item({ 'span.db.system': 'redis', 'resource.host.name': 'a' }), item({ 'span.db.system': 'redis' }), item({ 'span.db.system': 'postgresql' }), item({})];
    const baseline = [item({ 'span.db.system': 'postgresql' }), item({ 'span.db.system': 'redis' })];
    const result = compareAttributes(selection, baseline);
    expect([result.selectionItems, result.baselineItems]).toEqual([4, 2]);
    // equal scores: keys by name
    expect(result.keys.map((k) => [k.key, k.score, k.distinctValues])).toEqual([
      ['resource.host.name', 0.25, 2],
      ['span.db.system', 0.25, 3],
    ]);
    expect(result.keys[0].values.map((v) => [v.value, v.difference])).toEqual([
      ['a', 0.25],
      [null, -0.25],
    ]);
    // null (no db) 1/4 against 0: +0.25, held more often by the selection, so first; postgresql 1/4 against 1/2: −0.25;
    // redis 2/4 against 1/2: 0
    expect(result.keys[1].values).toEqual([
      { value: null, selectionCount: 1, baselineCount: 0, selectionShare: 0.25, baselineShare: 0, difference: 0.25 },
      { value: 'postgresql', selectionCount: 1, baselineCount: 1, selectionShare: 0.25, baselineShare: 0.5, difference: -0.25 },
      { value: 'redis', selectionCount: 2, baselineCount: 1, selectionShare: 0.5, baselineShare: 0.5, difference: 0 },
    ]);
  });

  it('counts a trace once per value when its spans differ, and keeps the top values of each key', () => {
    const selection = [item({ 'span.http.route': ['/a', '/b'] }), item({ 'span.http.route': '/a' })];
    const baseline = [item({ 'span.http.route': '/c' }), item({ 'span.http.route': '/d' }), item({ 'span.http.route': '/e' })];
    const [route] = compareAttributes(selection, baseline, { topValues: 2 }).keys;
    expect(route.distinctValues).toBe(5);
    expect(route.values.map((v) => [v.value, v.selectionCount, v.selectionShare])).toEqual([
      ['/a', 2, 1],
      ['/b', 1, 0.5],
    ]);
  });

  it('takes an empty side as shares of 0', () => {
    const { keys } = compareAttributes([item({ 'span.x': '1' })], []);
    expect(keys[0].values).toEqual([{ value: '1', selectionCount: 1, baselineCount: 0, selectionShare: 1, baselineShare: 0, difference: 1 }]);
    expect(compareAttributes([], []).keys).toEqual([]);
  });
});
