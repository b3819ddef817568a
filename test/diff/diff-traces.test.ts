import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignKeys } from '../../src-main/diff/align';
import { diffTraces, type DiffSide, type DiffSpan } from '../../src-main/diff/diff-traces';
import { normalizeName } from '../../src-main/model/normalize-name';
import { decodeZipkinJsonText } from '../../src-main/formats/zipkin-decode';
import { diffSummary } from '../../src-main/cli/diff-command';
import { serviceOf, type Span } from '../../src-main/model/span';
import { anyValueText } from '../../src-main/model/any-value-text';

const MS = 1_000_000;

/** A span from offsets in ms. */
function s(spanId: string, parentSpanId: string, service: string, name: string, startMs: number, endMs: number, extra: Partial<DiffSpan> = {}): DiffSpan {
  return { spanId, parentSpanId, service, name, kind: 'SERVER', status: 'UNSET', start: startMs * MS, end: endMs * MS, events: [], attributes: {}, ...extra };
}

const side = (traceId: string, spans: DiffSpan[]): DiffSide => ({ traceId, spans });

describe('alignKeys', () => {
  it('pairs equal keys in order and leaves the rest alone', () => {
    expect(alignKeys(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([[0, 0], [1, -1], [-1, 1], [2, 2]]);
  });

  it('pairs repeated siblings one by one, the surplus unpaired (50 against 52 calls)', () => {
    const pairs = alignKeys(Array(50).fill('db'), Array(52).fill('db'));
    expect(pairs.filter(([i, j]) => i >= 0 && j >= 0)).toHaveLength(50);
    expect(pairs.filter(([i]) => i === -1)).toHaveLength(2);
  });

  it('aligns 10,000 siblings with a few differences without a 10,000 × 10,000 table', () => {
    const a = Array.from({ length: 10_000 }, (_, i) => `op${i % 7}`);
    const b = [...a];
    b.splice(5000, 3, 'new', 'new');
    const pairs = alignKeys(a, b);
    expect(pairs.filter(([i, j]) => i >= 0 && j >= 0).length).toBeGreaterThanOrEqual(9_995);
  });
});

describe('normalizeName', () => {
  it('lets ids and numbers vary', () => {
    expect(normalizeName('GET /users/42')).toBe(normalizeName('GET /users/7'));
    expect(normalizeName('SELECT order 9f8e7d6c5b4a3f21')).toBe('SELECT order {id}');
    expect(normalizeName('job 123e4567-e89b-12d3-a456-426614174000 done')).toBe('job {uuid} done');
    expect(normalizeName('GET /users')).not.toBe(normalizeName('GET /orders'));
  });
});

describe('diffTraces', () => {
  // A: checkout calls users (ids vary), then 2 inserts; B: the second insert slower, a third insert added, the
  // cache call removed, the users call failing with a changed attribute.
  const a = side('a'.repeat(32), [
    s('r', '', 'checkout', 'POST /checkout', 0, 100),
    s('u', 'r', 'users', 'GET /users/42', 5, 25, { attributes: { 'http.status_code': '200' } }),
    s('c', 'r', 'cache', 'GET cart', 26, 30),
    s('i1', 'r', 'orders-db', 'INSERT order', 30, 50),
    s('i2', 'r', 'orders-db', 'INSERT order', 50, 70),
  ]);
  const b = side('b'.repeat(32), [
    s('R', '', 'checkout', 'POST /checkout', 0, 220),
    s('U', 'R', 'users', 'GET /users/7', 5, 25, { status: 'ERROR', attributes: { 'http.status_code': '500' } }),
    s('I1', 'R', 'orders-db', 'INSERT order', 30, 50),
    s('I2', 'R', 'orders-db', 'INSERT order', 50, 150),
    s('I3', 'R', 'orders-db', 'INSERT order', 150, 170),
  ]);

  it('aligns the trees and says per row what changed', () => {
    const diff = diffTraces(a, b);
    expect(diff.rows.map((r) => [r.status, r.a, r.b, r.depth, Number(r.durationDeltaNano) / MS])).toEqual([
      ['changed', 'r', 'R', 0, 120],
      ['changed', 'u', 'U', 1, 0], // status and attribute
      ['removed', 'c', null, 1, -4],
      ['same', 'i1', 'I1', 1, 0],
      ['changed', 'i2', 'I2', 1, 80],
      ['added', null, 'I3', 1, 20],
    ]);
    expect(diff.rows[1].attributeChanges).toEqual([{ key: 'http.status_code', a: '200', b: '500' }]);
    expect(diff).toMatchObject({ durationDeltaNano: String(120 * MS), matched: 4, changed: 3, added: 1, removed: 1 });
  });

  it('counts self time, so the parent that only waited longer is not blamed', () => {
    const diff = diffTraces(a, b);
    // The root grew by 120 ms but its children grew by 96 ms (+80 +20 -4): its own share is 24 ms.
    expect(Number(diff.rows[0].selfTimeDeltaNano) / MS).toBe(24);
    expect(diff.topContributors[0]).toEqual({ service: 'orders-db', name: 'INSERT order', selfTimeDeltaNano: String(100 * MS), aCount: 2, bCount: 3 });
  });

  it('counts concurrent children once in self time', () => {
    const parallel = side('c'.repeat(32), [s('r', '', 'api', 'GET /', 0, 100), s('x', 'r', 'db', 'q', 10, 60), s('y', 'r', 'db', 'q', 20, 70)]);
    const slower = side('d'.repeat(32), [s('r', '', 'api', 'GET /', 0, 100), s('x', 'r', 'db', 'q', 10, 60), s('y', 'r', 'db', 'q', 20, 90)]);
    const diff = diffTraces(parallel, slower);
    expect(Number(diff.rows[0].selfTimeDeltaNano) / MS).toBe(-20); // children now cover 10–90, not 10–70
  });

  it('finds no difference between a real trace and itself', () => {
    const text = readFileSync(new URL('../fixtures/zipkin-lens/smartthings-mobile-web-install.json', import.meta.url), 'utf8');
    const spans = decodeZipkinJsonText(text);
    const toSide = (list: Span[]): DiffSide => {
      const origin = list.reduce((m, x) => (x.startTimeUnixNano < m ? x.startTimeUnixNano : m), list[0].startTimeUnixNano);
      return side(list[0].traceId, list.map((x) => ({ spanId: x.spanId, parentSpanId: x.parentSpanId, service: serviceOf(x.resource), name: x.name, kind: x.kind, status: x.status.code, start: Number(x.startTimeUnixNano - origin), end: Number(x.endTimeUnixNano - origin), events: [], attributes: Object.fromEntries(Object.keys(x.attributes).map((k) => [k, anyValueText(x.attributes[k])])) })));
    };
    const diff = diffTraces(toSide(spans), toSide(spans));
    expect(diff).toMatchObject({ durationDeltaNano: '0', matched: spans.length, changed: 0, added: 0, removed: 0, topContributors: [] });
    expect(diff.rows.every((r) => r.status === 'same')).toBe(true);
  });

  it('reads as a summary', () => {
    const text = diffSummary(diffTraces(a, b));
    expect(text).toContain(`${'a'.repeat(32)} → ${'b'.repeat(32)}: +120 ms in total`);
    expect(text).toContain('4 spans matched (3 changed), 1 added, 1 removed');
    expect(text).toContain('+100 ms  orders-db INSERT order (2 → 3 calls)');
    expect(text).toContain('  ~   users GET /users/7: 0 ms; http.status_code: 200 → 500');
    expect(text).toContain('  - cache GET cart:'.replace('- cache', '-   cache'));
  });
});
