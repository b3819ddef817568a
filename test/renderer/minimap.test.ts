import { describe, expect, it } from 'vitest';
import type { WaterfallSpan } from '../../src-main/model/api';
import { minimapRects, rangeFromDrag, rowAtY } from '../../src-renderer/lib/trace/minimap';
import { buildTraceTree } from '../../src-main/model/trace-tree';
import { visibleRows } from '../../src-renderer/lib/trace/visible-rows';

const span = (spanId: string, parentSpanId: string, service: string, start: number, end: number): WaterfallSpan => ({
  spanId,
  parentSpanId,
  service,
  name: spanId,
  kind: 'INTERNAL',
  status: 'UNSET',
  start,
  end,
  events: [],
});

describe('minimapRects', () => {
  it('places each row at its time and line, grouped by service', () => {
    const tree = buildTraceTree([span('root', '', 'web', 0, 100), span('a', 'root', 'db', 50, 75)], '0');
    const rects = minimapRects(visibleRows(tree, new Set()), tree.duration, 200, 40);
    expect(rects.get('web')).toEqual([0, 0, 200, 20]);
    expect(rects.get('db')).toEqual([100, 20, 50, 20]);
  });

  it('groups by another key when given one (the colour step of how unusual a span is)', () => {
    const tree = buildTraceTree([span('root', '', 'web', 0, 100), span('a', 'root', 'db', 50, 75)], '0');
    const rects = minimapRects(visibleRows(tree, new Set()), tree.duration, 200, 40, (node) => (node.span.spanId === 'a' ? '--unusual-3' : '--unusual-0'));
    expect([...rects]).toEqual([['--unusual-0', [0, 0, 200, 20]], ['--unusual-3', [100, 20, 50, 20]]]);
  });

  it('draws 100,000 rows on 48 lines as a few merged runs, each at least a pixel tall', () => {
    const spans = [span('root', '', 'web', 0, 1000)];
    for (let i = 1; i < 100_000; i++) spans.push(span(`s${i}`, 'root', i % 2 ? 'db' : 'web', i % 1000, (i % 1000) + 1));
    const tree = buildTraceTree(spans, '0');
    const rects = minimapRects(visibleRows(tree, new Set()), tree.duration, 1000, 48);
    const all = [...rects.values()].flat();
    expect(all.length / 4).toBeLessThan(100_000 / 10);
    for (let i = 3; i < all.length; i += 4) expect(all[i]).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < all.length; i += 4) expect(all[i]).toBeLessThan(48);
  });
});

describe('minimap interactions', () => {
  it('turns a drag either way into a time range inside the trace', () => {
    expect(rangeFromDrag(50, 150, 200, 1000)).toEqual({ start: 250, end: 750 });
    expect(rangeFromDrag(150, 50, 200, 1000)).toEqual({ start: 250, end: 750 });
    expect(rangeFromDrag(-20, 500, 200, 1000)).toEqual({ start: 0, end: 1000 });
    expect(rangeFromDrag(100, 100, 200, 1000)).toEqual({ start: 500, end: 501 });
  });

  it('finds the row under a click', () => {
    expect(rowAtY(0, 48, 1000)).toBe(0);
    expect(rowAtY(24, 48, 1000)).toBe(500);
    expect(rowAtY(48, 48, 1000)).toBe(999);
  });
});
