import type { SpanNode, TraceTree } from '../../../src-main/model/trace-tree';

export interface Row {
  node: SpanNode;
  hasChildren: boolean;
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
    const isCollapsed = collapsed.has(node.span.spanId);
    rows.push({ node, hasChildren: node.children.length > 0, collapsed: isCollapsed });
    if (!isCollapsed) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return rows;
}
