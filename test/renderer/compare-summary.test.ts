import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffTraces } from '../../src-main/diff/diff-traces';
import { decodeZipkinJsonText } from '../../src-main/formats/zipkin-decode';
import { serviceOf } from '../../src-main/model/span';
import { normalizeName } from '../../src-main/model/normalize-name';
import { attributeRows } from '../../src-renderer/lib/compare/attribute-rows';
import { callChange } from '../../src-renderer/lib/compare/calls';
import { contributionBars } from '../../src-renderer/lib/compare/contributors';
import { parentRows, sameNameOrdinals } from '../../src-renderer/lib/compare/same-name';
import { swappedCompareHref, swappedGroupsHref, swapSides } from '../../src-renderer/lib/compare/swap-sides';

describe('swapping A and B', () => {
  it('turns /compare/A/B into /compare/B/A with the sources swapped and other parameters kept', () => {
    expect(swappedCompareHref('aaa', 'bbb', new URLSearchParams('aSource=live&bSource=f1&source=f2'))).toBe('/compare/bbb/aaa?bSource=live&aSource=f1&source=f2');
    expect(swappedCompareHref('aaa', 'bbb', new URLSearchParams())).toBe('/compare/bbb/aaa');
  });

  it('trades a group comparison\'s a= and b= lists, in their order', () => {
    expect(swappedGroupsHref(new URLSearchParams('a=1&a=2&b=3&aSource=live&bSource=f1'))).toBe('/compare-groups?b=1&b=2&a=3&bSource=live&aSource=f1');
    const twice = swapSides(swapSides(new URLSearchParams('a=1&b=2&aSource=x')));
    expect(twice.getAll('a')).toEqual(['1']);
    expect(twice.get('aSource')).toBe('x');
  });
});

describe('call counts of a contributor', () => {
  it('are shown only when they differ, with the plural of the last count', () => {
    expect(callChange(1, 1)).toBe('');
    expect(callChange(2, 3)).toBe('2 → 3 calls');
    expect(callChange(3, 1)).toBe('3 → 1 call');
    expect(callChange(0, 1)).toBe('added: 1 call');
    expect(callChange(2, 0)).toBe('removed: 2 calls');
    expect(callChange(1200, 1500)).toBe('1,200 → 1,500 calls');
  });
});

describe('contribution bars', () => {
  it('are scaled to the largest change either way, with the direction named', () => {
    const bars = contributionBars([
      { service: 's', name: 'a', deltaNs: 80e6, calls: '' },
      { service: 's', name: 'b', deltaNs: -20e6, calls: '' },
    ]);
    expect(bars.map((b) => [b.widthPct, b.direction])).toEqual([
      [100, 'slower'],
      [25, 'faster'],
    ]);
    expect(contributionBars([])).toEqual([]);
  });
});

describe('rows of the same name', () => {
  const row = (name: string, depth: number, service = 'db') => ({ service, name, depth });

  it('get an ordinal among same-named siblings of one parent, numbers in names counting as the same operation', () => {
    const rows = [row('POST /checkout', 0, 'checkout'), row('INSERT order 1', 1), row('GET /users/7', 1, 'checkout'), row('INSERT order 2', 1), row('INSERT order 3', 1)];
    expect(sameNameOrdinals(rows)).toEqual([undefined, { nth: 1, of: 3 }, undefined, { nth: 2, of: 3 }, { nth: 3, of: 3 }]);
  });

  it('do not count namesakes under another parent, or of another service', () => {
    const rows = [row('root', 0, 'x'), row('call', 1), row('INSERT', 2), row('call', 1), row('INSERT', 2), row('INSERT', 1, 'other')];
    expect(sameNameOrdinals(rows)).toEqual([undefined, { nth: 1, of: 2 }, undefined, { nth: 2, of: 2 }, undefined, undefined]);
  });

  it('know each row\'s parent', () => {
    expect([...parentRows([{ depth: 0 }, { depth: 1 }, { depth: 2 }, { depth: 1 }, { depth: 0 }])]).toEqual([-1, 0, 1, 0, -1]);
  });
});

describe('a compared pair\'s attributes', () => {
  it('are one row a key, changed keys first, values as text', () => {
    const rows = attributeRows({ 'http.method': 'GET', 'http.status_code': 200, retry: true }, { 'http.method': 'GET', 'http.status_code': 500, 'user.id': '7' });
    expect(rows).toEqual([
      { key: 'http.status_code', a: '200', b: '500', changed: true },
      { key: 'retry', a: 'true', b: undefined, changed: true },
      { key: 'user.id', a: undefined, b: '7', changed: true },
      { key: 'http.method', a: 'GET', b: 'GET', changed: false },
    ]);
  });

  it('mark nothing changed when one side has no span', () => {
    expect(attributeRows(undefined, { k: 'v' })).toEqual([{ key: 'k', a: undefined, b: 'v', changed: false }]);
  });
});

describe('rows of the same name in a real trace', () => {
  it('number exactly the spans that share parent, service and operation with another', () => {
    const spans = decodeZipkinJsonText(readFileSync(new URL('../fixtures/zipkin-lens/smartthings-mobile-web-install.json', import.meta.url), 'utf8'));
    const origin = spans.reduce((m, x) => (x.startTimeUnixNano < m ? x.startTimeUnixNano : m), spans[0].startTimeUnixNano);
    const side = { traceId: spans[0].traceId, spans: spans.map((x) => ({ spanId: x.spanId, parentSpanId: x.parentSpanId, service: serviceOf(x.resource), name: x.name, kind: x.kind, status: x.status.code, start: Number(x.startTimeUnixNano - origin), end: Number(x.endTimeUnixNano - origin), events: [], attributes: {} })) };
    const rows = diffTraces(side, side).rows;
    const ordinals = sameNameOrdinals(rows);
    // Independently: siblings by parent span id in the spans themselves.
    const byId = new Map(side.spans.map((x) => [x.spanId, x]));
    const groupKey = (spanId: string) => {
      const x = byId.get(spanId)!;
      return `${x.parentSpanId}/${x.service}/${normalizeName(x.name)}`;
    };
    const sizes = new Map<string, number>();
    for (const r of rows) sizes.set(groupKey(r.a!), (sizes.get(groupKey(r.a!)) ?? 0) + 1);
    const numbered = rows.filter((r) => sizes.get(groupKey(r.a!))! > 1).length;
    expect(numbered).toBeGreaterThan(0);
    expect(ordinals.filter((o) => o !== undefined)).toHaveLength(numbered);
    for (const [i, r] of rows.entries()) if (ordinals[i]) expect(ordinals[i]!.of).toBe(sizes.get(groupKey(r.a!)));
  });
});
