/** A sparkline as one SVG path: a point a step, gaps where a step has no value, isolated points as dots. */

/**
 * The path of `points` in a `width` × `height` box: x spreads the steps edge to edge, y puts 0 at the bottom and
 * `max` (by default the largest point) at the top, 1 px inside the box so the stroke is not cut. A point with no
 * neighbour is a zero-length segment (`h0`), which a round line cap draws as a dot. Empty for no values.
 */
export function sparklinePath(points: readonly (number | null)[], width: number, height: number, max?: number): string {
  const values = points.filter((p): p is number => p !== null);
  if (values.length === 0) return '';
  const top = max ?? Math.max(...values);
  const inset = 1;
  const x = (i: number) => (points.length === 1 ? width / 2 : (i * width) / (points.length - 1));
  const y = (v: number) => height - inset - (top > 0 ? (v / top) * (height - 2 * inset) : 0);
  const round = (n: number) => Number(n.toFixed(1));
  let path = '';
  for (let i = 0; i < points.length; i++) {
    const v = points[i];
    if (v === null) continue;
    const start = i === 0 || points[i - 1] === null;
    path += `${start ? 'M' : 'L'}${round(x(i))} ${round(y(v))}`;
    if (start && (i === points.length - 1 || points[i + 1] === null)) path += 'h0';
  }
  return path;
}
