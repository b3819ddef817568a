import { describe, expect, it } from 'vitest';
import type { DiffSide, DiffSpan } from '../../src-main/diff/diff-traces';
import { diffGroups, mergeGroup, quantile } from '../../src-main/diff/group-diff';

const MS = 1_000_000;

function checkout(traceId: string, dbMs: number, withCache: boolean): DiffSide {
  const spans: DiffSpan[] = [{ spanId: 'r', parentSpanId: '', service: 'api', name: 'GET /checkout', kind: 'SERVER', status: 'UNSET', start: 0, end: (dbMs + 20) * MS, events: [], attributes: {} }];
  spans.push({ spanId: 'd', parentSpanId: 'r', service: 'db', name: `SELECT cart ${traceId.length}`, kind: 'CLIENT', status: 'UNSET', start: 10 * MS, end: (10 + dbMs) * MS, events: [], attributes: {} });
  if (withCache) spans.push({ spanId: 'c', parentSpanId: 'r', service: 'cache', name: 'GET cart', kind: 'CLIENT', status: 'UNSET', start: 1 * MS, end: 2 * MS, events: [], attributes: {} });
  return { traceId, spans };
}

describe('group comparison', () => {
  it('merges a group into one tree with every trace\'s durations', () => {
    const tree = mergeGroup([checkout('t1', 10, true), checkout('t22', 20, false), checkout('t333', 30, true)]);
    expect(tree).toHaveLength(1);
    expect(tree[0].durations).toEqual([30 * MS, 40 * MS, 50 * MS]);
    expect(tree[0].children.map((c) => [c.service, c.durations.length])).toEqual([
      ['cache', 2],
      ['db', 3], // names differ only by a number: one node
    ]);
  });

  it('compares by p50 and p95, with how many traces have each span', () => {
    const before = Array.from({ length: 20 }, (_, i) => checkout(`b${i}`, 10 + (i % 5), true));
    const after = Array.from({ length: 20 }, (_, i) => checkout(`a${i}`, 30 + (i % 5), i < 10));
    const diff = diffGroups(before, after);
    const db = diff.rows.find((r) => r.service === 'db')!;
    expect(db.status).toBe('changed');
    expect(db.a).toEqual({ count: 20, p50Nano: String(12 * MS), p95Nano: String(14 * MS), selfP50Nano: String(12 * MS) });
    expect(db.b?.p50Nano).toBe(String(32 * MS));
    expect(db.p50DeltaNano).toBe(String(20 * MS));
    const cache = diff.rows.find((r) => r.service === 'cache')!;
    expect([cache.status, cache.a?.count, cache.b?.count]).toEqual(['changed', 20, 10]);
    expect(diff.topContributors[0]).toEqual({ service: 'db', name: 'SELECT cart {n}', selfP50DeltaNano: String(20 * MS) });
    expect(diff.a).toHaveLength(20);
  });

  it('takes quantiles by nearest rank', () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
  });
});
