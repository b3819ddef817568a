import { describe, expect, it } from 'vitest';
import type { WaterfallSpan } from '../../src-main/model/api';
import { buildTraceTree } from '../../src-main/model/trace-tree';
import { sortStatistics, traceStatistics } from '../../src-renderer/lib/trace/trace-statistics';
import { zipkinFixtureTree } from '../helpers/fixture-trace';

const MS = 1_000_000;
const s = (spanId: string, parentSpanId: string, service: string, name: string, startMs: number, endMs: number, status: WaterfallSpan['status'] = 'UNSET'): WaterfallSpan => ({
  spanId,
  parentSpanId,
  service,
  name,
  kind: 'INTERNAL',
  status,
  start: startMs * MS,
  end: endMs * MS,
  events: [],
});

describe('traceStatistics', () => {
  const tree = buildTraceTree(
    [
      s('root', '', 'web', 'GET /', 0, 100),
      s('q1', 'root', 'db', 'SELECT', 10, 20),
      s('q2', 'root', 'db', 'SELECT', 15, 45, 'ERROR'),
      s('w', 'root', 'db', 'UPDATE', 50, 60),
      s('other', 'root', 'cache', 'SELECT', 60, 62),
    ],
    '0',
  );

  it('groups by service and operation: count, errors, total, average, max and self time', () => {
    const rows = traceStatistics(tree).map((r) => ({ ...r, total: r.total / MS, average: r.average / MS, max: r.max / MS, selfTotal: r.selfTotal / MS }));
    expect(rows).toEqual([
      { service: 'cache', name: 'SELECT', count: 1, errors: 0, total: 2, average: 2, max: 2, selfTotal: 2 },
      { service: 'db', name: 'SELECT', count: 2, errors: 1, total: 40, average: 20, max: 30, selfTotal: 40 },
      { service: 'db', name: 'UPDATE', count: 1, errors: 0, total: 10, average: 10, max: 10, selfTotal: 10 },
      // children cover 10–45, 50–60 and 60–62: 47 ms of the root's 100
      { service: 'web', name: 'GET /', count: 1, errors: 0, total: 100, average: 100, max: 100, selfTotal: 53 },
    ]);
  });

  it('sorts by any column', () => {
    const key = (r: { service: string; name: string }) => `${r.service} ${r.name}`;
    expect(sortStatistics(traceStatistics(tree), { key: 'selfTotal', direction: 'descending' }).map(key)).toEqual(['web GET /', 'db SELECT', 'db UPDATE', 'cache SELECT']);
    expect(sortStatistics(traceStatistics(tree), { key: 'count', direction: 'descending' })[0]).toMatchObject({ service: 'db', name: 'SELECT' });
    expect(sortStatistics(traceStatistics(tree), { key: 'name', direction: 'descending' }).map(key)).toEqual(['db UPDATE', 'cache SELECT', 'db SELECT', 'web GET /']);
  });

  it('on a real trace: every span counted once, totals add up, self time never above the total, the root\'s service leads by self time', () => {
    const real = zipkinFixtureTree('smartthings-oauth-authorization.json');
    const rows = traceStatistics(real);
    const spans = [...real.byId.values()];
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(spans.length);
    expect(rows.reduce((n, r) => n + r.total, 0)).toBe(spans.reduce((n, node) => n + node.end - node.start, 0));
    expect(new Set(rows.map((r) => `${r.service}\u0000${r.name}`)).size).toBe(rows.length);
    for (const row of rows) {
      expect(row.selfTotal).toBeLessThanOrEqual(row.total);
      expect(row.max).toBeLessThanOrEqual(row.total);
      expect(row.average * row.count).toBeCloseTo(row.total, 3);
    }
  });
});
