import type { SpanNode } from './trace-tree';

/**
 * A span's own time: its duration minus the union of its children's time within it, so concurrent children
 * are not subtracted twice.
 */
export function selfTime(node: SpanNode): number {
  const intervals = node.children
    .map((c) => [Math.max(c.start, node.start), Math.min(c.end, node.end)] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let runStart = 0;
  let runEnd = 0;
  for (let i = 0; i < intervals.length; i++) {
    const [s, e] = intervals[i];
    if (i === 0 || s > runEnd) {
      covered += runEnd - runStart;
      runStart = s;
      runEnd = e;
    } else runEnd = Math.max(runEnd, e);
  }
  covered += runEnd - runStart;
  return Math.max(0, node.end - node.start - covered);
}
