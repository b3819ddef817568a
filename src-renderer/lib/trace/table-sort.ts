/** Sorting for the trace's tables (spans, statistics): one column at a time, either way, ties kept in their order. */
export type SortDirection = 'ascending' | 'descending';

export interface SortState<K extends string> {
  key: K;
  direction: SortDirection;
}

const collator = new Intl.Collator(undefined, { numeric: true });

/** A copy of `rows` ordered by `value` (numbers numerically, text by locale); equal values keep their order. */
export function sortRows<T>(rows: readonly T[], value: (row: T) => number | string, direction: SortDirection): T[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const keyed = rows.map((row, index) => ({ row, index, value: value(row) }));
  keyed.sort((a, b) => {
    const order = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : collator.compare(String(a.value), String(b.value));
    return order * sign || a.index - b.index;
  });
  return keyed.map((k) => k.row);
}

/** The next sort after a click on a column's header: the same column flips, a new one starts with `first`. */
export function nextSort<K extends string>(current: SortState<K>, key: K, first: SortDirection): SortState<K> {
  if (current.key !== key) return { key, direction: first };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}
