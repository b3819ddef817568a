/** The orders of the result list. */
import type { Trace } from '../api-shapes';

export const SORTS = [
  { value: 'recent', label: 'Most recent' },
  { value: 'longest', label: 'Longest' },
  { value: 'shortest', label: 'Shortest' },
  { value: 'spans', label: 'Most spans' },
  { value: 'errors', label: 'Most errors' },
] as const;
export type SortOrder = (typeof SORTS)[number]['value'];

const newestFirst = (a: Trace, b: Trace) => (b.startNs > a.startNs ? 1 : b.startNs < a.startNs ? -1 : 0);

const ORDERS: Record<SortOrder, (a: Trace, b: Trace) => number> = {
  recent: newestFirst,
  longest: (a, b) => b.durationNs - a.durationNs,
  shortest: (a, b) => a.durationNs - b.durationNs,
  spans: (a, b) => b.spanCount - a.spanCount,
  errors: (a, b) => b.errorCount - a.errorCount,
};

/** A sorted copy; ties fall back to the most recent first, so the order is stable across live updates. */
export function sortTraces(traces: readonly Trace[], order: SortOrder): Trace[] {
  return [...traces].sort((a, b) => ORDERS[order](a, b) || newestFirst(a, b) || (a.traceId < b.traceId ? -1 : 1));
}
