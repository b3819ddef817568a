import { describe, expect, it } from 'vitest';
import type { WaterfallSpan } from '../../src-main/model/api';
import { buildTraceTree, type TraceTree } from '../../src-main/model/trace-tree';
import { criticalPath, type CriticalSegments } from '../../src-renderer/lib/trace/critical-path';
import { shopTree, zipkinTree } from './fixture-trees';

const MS = 1_000_000;
const s = (spanId: string, parentSpanId: string, startMs: number, endMs: number): WaterfallSpan => ({
  spanId,
  parentSpanId,
  service: 'svc',
  name: spanId,
  kind: 'INTERNAL',
  status: 'UNSET',
  start: startMs * MS,
  end: endMs * MS,
  events: [],
});
const inMs = (segments: CriticalSegments) => Object.fromEntries([...segments].map(([id, list]) => [id, list.map((ns) => Math.round((ns / MS) * 10) / 10)]));

/** Every stretch of the root's time belongs to exactly one span: the segments tile the root without gaps or overlaps. */
function expectTiling(tree: TraceTree, segments: CriticalSegments) {
  const all: [number, number][] = [];
  for (const list of segments.values()) for (let i = 0; i < list.length; i += 2) all.push([list[i], list[i + 1]]);
  all.sort((a, b) => a[0] - b[0]);
  const root = tree.roots[0];
  expect(all[0][0]).toBe(root.start);
  for (let i = 1; i < all.length; i++) expect(all[i][0]).toBe(all[i - 1][1]);
  expect(all[all.length - 1][1]).toBe(root.end);
}

describe('criticalPath', () => {
  it('follows sequential children back from the end: each span holds the stretches where nothing it waits for runs', () => {
    const tree = buildTraceTree([s('root', '', 0, 40), s('a', 'root', 0, 10), s('b', 'root', 10, 30)], '0');
    expect(inMs(criticalPath(tree.roots[0]))).toEqual({ root: [30, 40], b: [10, 30], a: [0, 10] });
  });

  it('leaves out a parallel child that finished while a longer one ran', () => {
    const tree = buildTraceTree([s('root', '', 0, 40), s('long', 'root', 0, 30), s('short', 'root', 0, 10), s('inner', 'long', 5, 25)], '0');
    expect(inMs(criticalPath(tree.roots[0]))).toEqual({ root: [30, 40], long: [0, 5, 25, 30], inner: [5, 25] });
  });

  it('leaves out a child that ended after a later sibling started (they ran side by side)', () => {
    const tree = buildTraceTree([s('root', '', 0, 40), s('a', 'root', 5, 25), s('b', 'root', 20, 35)], '0');
    expect(inMs(criticalPath(tree.roots[0]))).toEqual({ root: [0, 20, 35, 40], b: [20, 35] });
  });

  it('on the 8-span shop trace, marks stretches of bars, not whole bars: the root only where it waits on nothing', () => {
    const tree = shopTree();
    const segments = criticalPath(tree.roots[0]);
    expect(inMs(segments)).toEqual({
      root: [0, 2, 16, 18, 63.7, 68],
      'auth-call': [2, 9, 14, 16],
      auth: [9, 14],
      'products-call': [18, 29],
      // The server ends after its caller (71.7 ms): it is clipped to the caller's end.
      products: [29, 34, 38.5, 40, 61, 63.7],
      select: [34, 38.5],
      'recommend-call': [40, 57],
      recommend: [57, 61],
    });
    expectTiling(tree, segments);
  });

  it.each(['yelp.json', 'messaging-kafka.json', 'smartthings-oauth-authorization.json'])('tiles the root of zipkin-lens %s', (name) => {
    const tree = zipkinTree(name);
    const segments = criticalPath(tree.roots[0]);
    expectTiling(tree, segments);
    expect(segments.size).toBeLessThan(tree.byId.size + 1);
  });

  it('walks a chain of 100,000 spans without overflowing the stack', () => {
    const spans = [s('s0', '', 0, 200_000)];
    for (let i = 1; i < 100_000; i++) spans.push(s(`s${i}`, `s${i - 1}`, i, 200_000 - i));
    const tree = buildTraceTree(spans, '0');
    const segments = criticalPath(tree.roots[0]);
    expect(segments.size).toBe(100_000);
    expectTiling(tree, segments);
  });
});
