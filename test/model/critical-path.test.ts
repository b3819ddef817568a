import { describe, expect, it } from 'vitest';
import type { WaterfallSpan } from '../../src-main/model/api';
import { buildTraceTree, type TraceTree } from '../../src-main/model/trace-tree';
import { criticalPath, stretchesInView, type CriticalPath } from '../../src-main/model/critical-path';
import { shopTree, zipkinTree } from '../renderer/fixture-trees';

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
/** Span id → its stretches in ms, for the spans on the path. */
function inMs(tree: TraceTree, path: CriticalPath) {
  const entries = [...tree.byId].map(([id, node]) => [id, path.of(node).map((ns) => Math.round((ns / MS) * 10) / 10)] as const);
  return Object.fromEntries(entries.filter(([, list]) => list.length > 0));
}

/** Every stretch of the root's time belongs to exactly one span: the segments tile the root without gaps or overlaps. */
function expectTiling(tree: TraceTree, path: CriticalPath) {
  const all: [number, number][] = [];
  for (const node of tree.byId.values()) {
    const list = path.of(node);
    for (let i = 0; i < list.length; i += 2) {
      expect(list[i + 1]).toBeGreaterThan(list[i]);
      if (i > 0) expect(list[i]).toBeGreaterThanOrEqual(list[i - 1]);
      all.push([list[i], list[i + 1]]);
    }
  }
  all.sort((a, b) => a[0] - b[0]);
  const root = tree.roots[0];
  expect(all[0][0]).toBe(root.start);
  for (let i = 1; i < all.length; i++) expect(all[i][0]).toBe(all[i - 1][1]);
  expect(all[all.length - 1][1]).toBe(root.end);
}

describe('criticalPath', () => {
  it('follows sequential children back from the end: each span holds the stretches where nothing it waits for runs', () => {
    const tree = buildTraceTree([s('root', '', 0, 40), s('a', 'root', 0, 10), s('b', 'root', 10, 30)], '0');
    expect(inMs(tree, criticalPath(tree))).toEqual({ root: [30, 40], b: [10, 30], a: [0, 10] });
  });

  it('leaves out a parallel child that finished while a longer one ran', () => {
    const tree = buildTraceTree([s('root', '', 0, 40), s('long', 'root', 0, 30), s('short', 'root', 0, 10), s('inner', 'long', 5, 25)], '0');
    expect(inMs(tree, criticalPath(tree))).toEqual({ root: [30, 40], long: [0, 5, 25, 30], inner: [5, 25] });
  });

  it('leaves out a child that ended after a later sibling started (they ran side by side)', () => {
    const tree = buildTraceTree([s('root', '', 0, 40), s('a', 'root', 5, 25), s('b', 'root', 20, 35)], '0');
    expect(inMs(tree, criticalPath(tree))).toEqual({ root: [0, 20, 35, 40], b: [20, 35] });
  });

  it('on the 8-span shop trace, marks stretches of bars, not whole bars: the root only where it waits on nothing', () => {
    const tree = shopTree();
    const segments = criticalPath(tree);
    expect(inMs(tree, segments)).toEqual({
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
    expectTiling(tree, criticalPath(tree));
  });

  it('walks a chain of 100,000 spans without overflowing the stack', () => {
    const spans = [s('s0', '', 0, 200_000)];
    for (let i = 1; i < 100_000; i++) spans.push(s(`s${i}`, `s${i - 1}`, i, 200_000 - i));
    const tree = buildTraceTree(spans, '0');
    const path = criticalPath(tree);
    expect(path.of(tree.byId.get('s99999')!)).toEqual([99_999 * MS, 100_001 * MS]);
    expect(path.of(tree.byId.get('s0')!)).toEqual([0, 1 * MS, 199_999 * MS, 200_000 * MS]);
  });
});

describe('stretchesInView', () => {
  it('places stretches as % of the range shown, clipped to it', () => {
    expect(stretchesInView([10, 20, 50, 70], 0, 100, 1000)).toEqual([
      { left: 10, width: 10 },
      { left: 50, width: 20 },
    ]);
    expect(stretchesInView([10, 20, 50, 70], 40, 60, 1000)).toEqual([{ left: 50, width: 50 }]);
  });

  it('joins stretches less than a pixel apart: 100,000 gaps of a wide span are a single line', () => {
    const stretches: number[] = [];
    for (let i = 0; i < 100_000; i++) stretches.push(i * 10, i * 10 + 9);
    const runs = stretchesInView(stretches, 0, 1_000_000, 1000);
    expect(runs).toHaveLength(1);
    expect(runs[0].left).toBe(0);
    expect(runs[0].width).toBeCloseTo(100, 3);
  });
});
