import { describe, expect, it } from 'vitest';
import type { WaterfallSpan } from '../../src-main/model/api';
import { buildTraceTree, type SpanNode } from '../../src-main/model/trace-tree';
import { sortSpanRows, spanTableRows } from '../../src-renderer/lib/trace/span-table';
import { nextSort, sortRows } from '../../src-renderer/lib/trace/table-sort';
import { zipkinFixtureTree } from '../helpers/fixture-trace';

const MS = 1_000_000;
const s = (spanId: string, parentSpanId: string, service: string, name: string, startMs: number, endMs: number): WaterfallSpan => ({
  spanId,
  parentSpanId,
  service,
  name,
  kind: 'INTERNAL',
  status: 'UNSET',
  start: startMs * MS,
  end: endMs * MS,
  events: [],
});

/** Self time by brute force: every stretch between two boundaries is the span's own unless a child covers it. */
function selfTimeByStretches(node: SpanNode): number {
  const cuts = [node.start, node.end, ...node.children.flatMap((c) => [c.start, c.end])].filter((t) => t >= node.start && t <= node.end).sort((a, b) => a - b);
  let own = 0;
  for (let i = 1; i < cuts.length; i++) {
    const [from, to] = [cuts[i - 1], cuts[i]];
    if (to > from && !node.children.some((c) => c.start <= from && c.end >= to)) own += to - from;
  }
  return own;
}

describe('spanTableRows', () => {
  const tree = buildTraceTree(
    [s('root', '', 'web', 'GET /', 0, 100), s('a', 'root', 'db', 'SELECT', 10, 50), s('b', 'root', 'db', 'SELECT', 30, 70), s('late', 'root', 'queue', 'consume', 90, 130)],
    '0',
  );

  it('gives each span its self time: concurrent children count once, a child past the end only within the span', () => {
    const self = Object.fromEntries(spanTableRows(tree).map((r) => [r.node.span.spanId, r.self / MS]));
    expect(self).toEqual({ root: 100 - 60 - 10, a: 40, b: 40, late: 40 });
  });

  it('sorts by each column either way', () => {
    const ids = (key: Parameters<typeof sortSpanRows>[1]['key'], direction: 'ascending' | 'descending') =>
      sortSpanRows(spanTableRows(tree), { key, direction }).map((r) => r.node.span.spanId);
    expect(ids('duration', 'descending')).toEqual(['root', 'a', 'b', 'late']);
    expect(ids('self', 'ascending')).toEqual(['root', 'a', 'b', 'late']);
    expect(ids('start', 'descending')).toEqual(['late', 'b', 'a', 'root']);
    expect(ids('service', 'ascending')).toEqual(['a', 'b', 'late', 'root']);
    expect(ids('name', 'ascending')).toEqual(['late', 'root', 'a', 'b']);
  });

  it('on a real trace of 957 spans: one row per span, self times as the stretches no child covers', () => {
    const real = zipkinFixtureTree('smartthings-mobile-web-install.json');
    const rows = spanTableRows(real);
    expect(rows).toHaveLength(real.byId.size);
    expect(real.byId.size).toBe(957); // the decoder makes 957 spans of the file's 1,041 Zipkin entries
    for (const row of rows) expect(row.self).toBe(selfTimeByStretches(row.node));
    const longest = sortSpanRows(rows, { key: 'duration', direction: 'descending' });
    expect(longest[0].duration).toBe(Math.max(...rows.map((r) => r.duration)));
    const bySelf = sortSpanRows(rows, { key: 'self', direction: 'descending' }).map((r) => r.self);
    expect(bySelf).toEqual([...bySelf].sort((a, b) => b - a));
  });
});

describe('table sorting', () => {
  it('keeps equal values in their order and compares numbers in text naturally', () => {
    expect(sortRows(['b2', 'a10', 'a9', 'b1'], (v) => v, 'ascending')).toEqual(['a9', 'a10', 'b1', 'b2']);
    expect(sortRows([{ k: 1, id: 'x' }, { k: 1, id: 'y' }, { k: 0, id: 'z' }], (r) => r.k, 'descending').map((r) => r.id)).toEqual(['x', 'y', 'z']);
  });

  it('a click on the sorted column flips it; on another starts that column', () => {
    expect(nextSort({ key: 'duration', direction: 'descending' }, 'duration', 'descending')).toEqual({ key: 'duration', direction: 'ascending' });
    expect(nextSort({ key: 'duration', direction: 'ascending' }, 'name', 'ascending')).toEqual({ key: 'name', direction: 'ascending' });
  });
});
