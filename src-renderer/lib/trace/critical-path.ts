import type { SpanNode } from '../../../src-main/model/trace-tree';

/**
 * The spans on the critical path: walking back from a span's end, the child that finished last before the
 * point reached is what the span waited for; its own critical path is taken, and the walk goes on from that
 * child's start. Returns the ids of every span that is on the path for some stretch.
 */
export function criticalPath(root: SpanNode): Set<string> {
  const onPath = new Set<string>();
  const visit = (node: SpanNode, until: number) => {
    onPath.add(node.span.spanId);
    let cursor = Math.min(until, node.end);
    const children = [...node.children].filter((c) => c.end > node.start).sort((a, b) => b.end - a.end);
    for (const child of children) {
      if (child.start >= cursor) continue; // starts after the point reached: nothing waited for it
      visit(child, cursor);
      cursor = Math.max(node.start, child.start);
      if (cursor <= node.start) break;
    }
  };
  visit(root, root.end);
  return onPath;
}
