/**
 * The comparison's rows as shown: a collapsed row hides the rows under it (rows come in tree order with their
 * depth), and "only differences" hides the rows that are the same on both sides. Pure.
 */
import type { Row } from '../api-shapes';

export function visibleDiffRows(rows: readonly Row[], collapsed: ReadonlySet<number>, onlyDifferences: boolean): number[] {
  const shown: number[] = [];
  let hiddenBelow = Infinity; // rows deeper than this are under a collapsed row
  for (let i = 0; i < rows.length; i++) {
    const depth = rows[i].depth;
    if (depth > hiddenBelow) continue;
    hiddenBelow = collapsed.has(i) ? depth : Infinity;
    if (onlyDifferences && rows[i].status === 'same') continue;
    shown.push(i);
  }
  return shown;
}

export function hasChildren(rows: readonly Row[], index: number): boolean {
  return index + 1 < rows.length && rows[index + 1].depth > rows[index].depth;
}

/** The row's colour class: added, removed, slower or faster (by ≥ 10% of its time), or the same. */
export function rowTone(row: Row, aDurationNs: number): 'added' | 'removed' | 'slower' | 'faster' | 'same' {
  if (row.status === 'added' || row.status === 'removed') return row.status;
  const delta = row.durationDeltaNs;
  if (Math.abs(delta) < Math.max(100_000, 0.1 * aDurationNs)) return 'same';
  return delta > 0 ? 'slower' : 'faster';
}
