import type { SpanNode, TraceTree } from './trace-tree';

/** The stretches of each span on the critical path. */
export interface CriticalPath {
  /** A span's stretches as [start, end, start, end, …] offsets in ns, in time order; empty when it is not on the path. */
  of(node: SpanNode): number[];
}

/**
 * The critical path of the trace's first root, as the stretches of each span that lie on it. Walking back from a
 * span's end, the child that finished last before the point reached is what the span waited for: the span itself
 * is on the path from that child's end to the point, the child's own path is taken, and the walk goes on from
 * the child's start. A child that ended after a later sibling started ran alongside it and is not waited for (as
 * in Jaeger UI). Children are clipped to their parent's time, so a skewed or asynchronous child never pushes the
 * path outside it.
 * A span's stretches are all found while it is visited (once), so they are kept in one flat array with an offset
 * per span: no object per span, which on 100,000 spans is most of the cost. An explicit stack: a chain of
 * 100,000 spans must not overflow the call stack.
 */
export function criticalPath(tree: TraceTree): CriticalPath {
  const stretches: number[] = [];
  const first = new Int32Array(tree.byId.size);
  const count = new Int32Array(tree.byId.size);
  const root = tree.roots[0];
  if (!root) return { of: () => [] };
  const nodes: SpanNode[] = [root];
  const froms: number[] = [root.start];
  const untils: number[] = [root.end];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const from = froms.pop()!;
    const until = untils.pop()!;
    first[node.index] = stretches.length;
    let cursor = until;
    for (const child of byEnd(node)) {
      const start = Math.max(child.start, from);
      const end = Math.min(child.end, until);
      if (end <= start) continue;
      if (end > cursor || start >= cursor) continue;
      if (end < cursor) stretches.push(end, cursor);
      nodes.push(child);
      froms.push(start);
      untils.push(end);
      cursor = start;
      if (cursor <= from) break;
    }
    if (from < cursor) stretches.push(from, cursor);
    count[node.index] = (stretches.length - first[node.index]) / 2;
  }
  return {
    of(node) {
      const n = node.index < count.length ? count[node.index] : 0;
      const list: number[] = [];
      // Found from the end backwards: read in reverse for time order.
      for (let i = n - 1; i >= 0; i--) list.push(stretches[first[node.index] + 2 * i], stretches[first[node.index] + 2 * i + 1]);
      return list;
    },
  };
}

const NO_CHILDREN: readonly SpanNode[] = [];

/** The children, latest end first (clipping them to the parent keeps this order). */
function byEnd(node: SpanNode): readonly SpanNode[] {
  if (node.children.length < 2) return node.children.length === 0 ? NO_CHILDREN : node.children;
  return node.children.slice().sort((a, b) => b.end - a.end);
}

/**
 * Stretches as they can be drawn across `columnPx` pixels for the range [from, to]: as % of the range, clipped
 * to it, and stretches less than a pixel apart joined, so a span that waited on 100,000 short children is a few
 * hundred lines, not 100,000 elements.
 */
export function stretchesInView(stretches: readonly number[], from: number, to: number, columnPx: number): { left: number; width: number }[] {
  const runs: { left: number; width: number }[] = [];
  if (to <= from || columnPx <= 0) return runs;
  const pxPerNs = columnPx / (to - from);
  let runStart = -1;
  let runEnd = -1;
  const flush = () => runEnd > runStart && runs.push({ left: (runStart / columnPx) * 100, width: ((runEnd - runStart) / columnPx) * 100 });
  for (let i = 0; i < stretches.length; i += 2) {
    const start = (Math.max(stretches[i], from) - from) * pxPerNs;
    const end = (Math.min(stretches[i + 1], to) - from) * pxPerNs;
    if (end <= start) continue;
    if (runEnd >= 0 && start - runEnd < 1) runEnd = Math.max(runEnd, end);
    else {
      flush();
      runStart = start;
      runEnd = end;
    }
  }
  flush();
  return runs;
}
