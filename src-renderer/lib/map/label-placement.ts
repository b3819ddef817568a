/**
 * Where edge labels go when they were not given room in the layout (a large map labels the calls of the hovered
 * node only): for each label, the point along its route, among a few, that covers the least of the nodes and of
 * the labels placed before it.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

type Point = { x: number; y: number };

/** Fractions of the route's length tried, best first. */
const CANDIDATES = [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9];

export function placeLabels(labels: readonly { key: string; points: readonly Point[]; width: number; height: number }[], obstacles: readonly Rect[]): Map<string, Point> {
  const placed = new Map<string, Point>();
  const taken: Rect[] = [...obstacles];
  for (const label of labels) {
    let best: { at: Point; cost: number } | undefined;
    for (const t of CANDIDATES) {
      const at = pointAlong(label.points, t);
      const box = { x: at.x - label.width / 2, y: at.y - label.height / 2, width: label.width, height: label.height };
      const cost = taken.reduce((sum, other) => sum + overlapArea(box, other), 0);
      if (!best || cost < best.cost) best = { at, cost };
      if (cost === 0) break;
    }
    placed.set(label.key, best!.at);
    taken.push({ x: best!.at.x - label.width / 2, y: best!.at.y - label.height / 2, width: label.width, height: label.height });
  }
  return placed;
}

/** The point a fraction `t` of the way along a polyline. */
export function pointAlong(points: readonly Point[], t: number): Point {
  if (points.length === 1) return points[0];
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i].x, p.y - points[i].y));
  let left = lengths.reduce((a, b) => a + b, 0) * t;
  for (let i = 0; i < lengths.length; i++) {
    if (left <= lengths[i] || i === lengths.length - 1) {
      const f = lengths[i] === 0 ? 0 : Math.min(1, left / lengths[i]);
      return { x: points[i].x + (points[i + 1].x - points[i].x) * f, y: points[i].y + (points[i + 1].y - points[i].y) * f };
    }
    left -= lengths[i];
  }
  return points[points.length - 1];
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
