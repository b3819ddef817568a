import { describe, expect, it } from 'vitest';
import { boxComparisonQuery, percent, queryComparisonQuery, searchWithValue, withCondition } from '../../../src-renderer/lib/search/shared-values';

describe('what the selected traces share, as the pages ask and use it', () => {
  it('asks about the search without its limit, against the box rounded outwards', () => {
    const query = boxComparisonQuery(new URLSearchParams('service=checkout&limit=50&start=1000'), { fromMs: 1500.4, toMs: 2500.2, minNs: 299_999_999.6, maxNs: 500_000_000.2 });
    expect(query.toString()).toBe('service=checkout&start=1000&selStart=1500&selEnd=2501&selMinDuration=299999999ns&selMaxDuration=500000001ns');
    expect(queryComparisonQuery(new URLSearchParams('q={ duration > 1s }&start=5&limit=20')).toString()).toBe(new URLSearchParams('selection={ duration > 1s }&start=5').toString());
  });

  it('adds a value to the search as the form holds it, or says it cannot', () => {
    const page = new URLSearchParams('service=checkout');
    expect(searchWithValue(page, 'resource.cloud.region', 'eu-west')?.getAll('attr')).toEqual(['cloud.region=eu-west']);
    expect(searchWithValue(page, 'span.http.route', '/cart')?.toString()).toBe('service=checkout&attr=http.route%3D%2Fcart');
    expect(searchWithValue(page, 'name', 'GET /cart')?.get('operation')).toBe('GET /cart');
    expect(searchWithValue(page, 'resource.service.name', 'cart')?.toString()).toBe('service=cart');
    expect(searchWithValue(page, 'status', 'error')?.get('status')).toBe('error');
    expect(searchWithValue(page, 'status', 'ok')).toBeUndefined();
    expect(searchWithValue(page, 'span.note', 'two words')).toBeUndefined();
    expect(searchWithValue(page, 'span.db.system', null)).toBeUndefined();
    expect(searchWithValue(new URLSearchParams('attr=a=b'), 'span.a', 'b')).toBeUndefined();
  });

  it('joins a condition inside the braces of the first spanset filter', () => {
    const region = 'resource.region = "eu-west"';
    expect(withCondition('{ }', region)).toBe(`{ ${region} }`);
    expect(withCondition('{ duration > 1s }', region)).toBe(`{ duration > 1s && ${region} }`);
    expect(withCondition('{ a = 1 || b = 2 } | count() > 1', region)).toBe(`{ (a = 1 || b = 2) && ${region} } | count() > 1`);
    expect(withCondition('{ name = "}||{" } >> { x = 1 }', region)).toBe(`{ name = "}||{" && ${region} } >> { x = 1 }`);
    expect(withCondition('', region)).toBe(`{ ${region} }`);
  });

  it('writes shares as whole percentages, and small ones to a tenth', () => {
    expect([percent(0.8), percent(0.1), percent(0), percent(0.004), percent(0.0001)]).toEqual(['80%', '10%', '0%', '0.4%', '0.1%']);
  });
});
