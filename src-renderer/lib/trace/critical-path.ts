import type { SpanNode } from '../../../src-main/model/trace-tree';

/** Span id → the stretches of that span on the critical path, as [start, end, start, end, …] offsets in ns, in time order. */
export type CriticalSegments = Map<string, number[]>;

/**
 * The critical path, as the stretches of each span that lie on it. Walking back from a span's end, the child
 * that finished last before the point reached is what the span waited for: the span itself is on the path from
 * that child's end to the point, the child's own path is taken, and the walk goes on from the child's start.
 * A child that ended after a later sibling started ran alongside it and is not waited for (as in Jaeger UI).
 * Children are clipped to their parent's time, so a skewed or asynchronous child never pushes the path outside it.
 * An explicit stack: a chain of 100,000 spans must not overflow the call stack.
 */
export function criticalPath(root: SpanNode): CriticalSegments {
  const segments: CriticalSegments = new Map();
  const add = (node: SpanNode, start: number, end: number) => {
    if (end <= start) return;
    let list = segments.get(node.span.spanId);
    if (!list) segments.set(node.span.spanId, (list = []));
    list.push(start, end);
  };
  const work: [SpanNode, number, number][] = [[root, root.start, root.end]];
  while (work.length > 0) {
    const [node, from, until] = work.pop()!;
    let cursor = until;
    for (const [child, start, end] of waitedFor(node, from, until)) {
      if (end > cursor || start >= cursor) continue;
      add(node, end, cursor);
      work.push([child, start, end]);
      cursor = start;
      if (cursor <= from) break;
    }
    add(node, from, cursor);
  }
  for (const list of segments.values()) sortPairs(list);
  return segments;
}

const NOTHING: readonly (readonly [SpanNode, number, number])[] = [];

/** The children that overlap [from, until], clipped to it, latest end first. */
function waitedFor(node: SpanNode, from: number, until: number): readonly (readonly [SpanNode, number, number])[] {
  if (node.children.length === 0) return NOTHING;
  const clipped: [SpanNode, number, number][] = [];
  for (const child of node.children) {
    const start = Math.max(child.start, from);
    const end = Math.min(child.end, until);
    if (end > start) clipped.push([child, start, end]);
  }
  return clipped.length > 1 ? clipped.sort((a, b) => b[2] - a[2]) : clipped;
}

/** [s0, e0, s1, e1, …] in start order (a span's stretches are found from its end backwards). */
function sortPairs(list: number[]): void {
  if (list.length <= 2) return;
  const pairs: [number, number][] = [];
  for (let i = 0; i < list.length; i += 2) pairs.push([list[i], list[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  pairs.forEach(([s, e], i) => ((list[2 * i] = s), (list[2 * i + 1] = e)));
}
