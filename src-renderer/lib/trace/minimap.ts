/**
 * The minimap's geometry: every visible row of the waterfall squeezed into a small canvas, and what a drag or a
 * click on it means. Pure: the component only draws what these return.
 */
import type { SpanNode } from '../../../src-main/model/trace-tree';
import type { Row } from './visible-rows';

/**
 * Rectangles to fill, grouped by `groupOf` (one fill colour each; the service by default, or a colour step):
 * x, y, width, height in canvas pixels.
 */
export function minimapRects(rows: readonly Row[], durationNs: number, width: number, height: number, groupOf: (node: SpanNode) => string = (node) => node.span.service): Map<string, number[]> {
  const byService = new Map<string, number[]>();
  if (rows.length === 0 || width <= 0 || height <= 0) return byService;
  const rowHeight = height / rows.length;
  const drawnHeight = Math.max(rowHeight, 1);
  const scale = durationNs > 0 ? width / durationNs : 0;
  // Rows that fall on the same pixel line and service are merged into one run when they touch.
  let lastLine = -1;
  const lastRect = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const { node } = rows[i];
    const service = groupOf(node);
    const y = Math.floor(i * rowHeight);
    if (y !== lastLine) {
      lastRect.clear();
      lastLine = y;
    }
    const x = node.start * scale;
    const w = Math.max((node.end - node.start) * scale, 0.5);
    let rects = byService.get(service);
    if (!rects) byService.set(service, (rects = []));
    const at = lastRect.get(service);
    if (at !== undefined && x >= rects[at] && x <= rects[at] + rects[at + 2] + 0.5) {
      rects[at + 2] = Math.max(rects[at + 2], x + w - rects[at]);
      continue;
    }
    lastRect.set(service, rects.length);
    rects.push(x, y, w, drawnHeight);
  }
  return byService;
}

export interface TimeRange {
  /** Nanoseconds from the trace start. */
  start: number;
  end: number;
}

/** The time range a horizontal drag from x0 to x1 selects on a minimap of the whole trace; at least 1 ns wide. */
export function rangeFromDrag(x0: number, x1: number, width: number, durationNs: number): TimeRange {
  const at = (x: number) => (Math.min(Math.max(x, 0), width) / width) * durationNs;
  const start = at(Math.min(x0, x1));
  const end = at(Math.max(x0, x1));
  return end - start >= 1 ? { start, end } : { start, end: Math.min(durationNs, start + 1) };
}

/** The row under a click at y. */
export function rowAtY(y: number, height: number, rowCount: number): number {
  return Math.min(rowCount - 1, Math.max(0, Math.floor((y / height) * rowCount)));
}
