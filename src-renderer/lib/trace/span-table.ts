/** The trace's spans as a flat table: each with its self time, sortable by duration, self time, start, service, name. */
import { selfTime } from '../../../src-main/model/self-time';
import type { SpanNode, TraceTree } from '../../../src-main/model/trace-tree';
import { sortRows, type SortState } from './table-sort';

export interface SpanTableRow {
  node: SpanNode;
  duration: number;
  /** Duration minus the union of its children's time within it. */
  self: number;
}

export type SpanColumn = 'name' | 'service' | 'start' | 'duration' | 'self';

/** One row per span, in the order the spans came (the tree's `index`). */
export function spanTableRows(tree: TraceTree): SpanTableRow[] {
  const rows: SpanTableRow[] = [];
  for (const node of tree.byId.values()) rows.push({ node, duration: node.end - node.start, self: selfTime(node) });
  return rows.sort((a, b) => a.node.index - b.node.index);
}

const VALUE: Record<SpanColumn, (row: SpanTableRow) => number | string> = {
  name: (r) => r.node.span.name,
  service: (r) => r.node.span.service,
  start: (r) => r.node.start,
  duration: (r) => r.duration,
  self: (r) => r.self,
};

export function sortSpanRows(rows: readonly SpanTableRow[], sort: SortState<SpanColumn>): SpanTableRow[] {
  return sortRows(rows, VALUE[sort.key], sort.direction);
}
