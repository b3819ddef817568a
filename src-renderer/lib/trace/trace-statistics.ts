/**
 * Trace statistics, as Jaeger's "Trace Statistics" view: the spans grouped by service and operation, with how many
 * there are, their total, average and longest duration, and the self time they add up to.
 */
import { selfTime } from '../../../src-main/model/self-time';
import type { TraceTree } from '../../../src-main/model/trace-tree';
import { sortRows, type SortState } from './table-sort';

export interface OperationStatistics {
  service: string;
  name: string;
  count: number;
  errors: number;
  total: number;
  average: number;
  max: number;
  selfTotal: number;
}

export type StatisticsColumn = 'service' | 'name' | 'count' | 'errors' | 'total' | 'average' | 'max' | 'selfTotal';

/** One row per (service, span name), by service then name. */
export function traceStatistics(tree: TraceTree): OperationStatistics[] {
  const groups = new Map<string, OperationStatistics>();
  for (const node of tree.byId.values()) {
    const { service, name } = node.span;
    const key = `${service}\u0000${name}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { service, name, count: 0, errors: 0, total: 0, average: 0, max: 0, selfTotal: 0 }));
    const duration = node.end - node.start;
    group.count++;
    if (node.span.status === 'ERROR') group.errors++;
    group.total += duration;
    group.max = Math.max(group.max, duration);
    group.selfTotal += selfTime(node);
  }
  const rows = [...groups.values()];
  for (const row of rows) row.average = row.total / row.count;
  return sortRows(sortRows(rows, (r) => r.name, 'ascending'), (r) => r.service, 'ascending');
}

export function sortStatistics(rows: readonly OperationStatistics[], sort: SortState<StatisticsColumn>): OperationStatistics[] {
  return sortRows(rows, (row) => row[sort.key], sort.direction);
}
