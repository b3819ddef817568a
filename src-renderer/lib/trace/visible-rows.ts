import type { SpanNode, TraceTree } from '../../../src-main/model/trace-tree';

export interface Row {
  node: SpanNode;
  /** Its direct children, shown as the count beside the toggle ("▾ 12"); 0 for a leaf. */
  childCount: number;
  collapsed: boolean;
}

/** The rows shown, in tree order: a collapsed span's descendants are left out. One pass, no recursion. */
export function visibleRows(tree: TraceTree, collapsed: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const stack = [...tree.roots].reverse();
  const seen = new Set<SpanNode>();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    const isCollapsed = collapsed.has(node.span.spanId) && node.children.length > 0;
    rows.push({ node, childCount: node.children.length, collapsed: isCollapsed });
    if (!isCollapsed) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return rows;
}
