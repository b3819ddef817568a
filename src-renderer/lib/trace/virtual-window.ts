/**
 * Which rows to render for a scroll position. Browsers cap an element's height near 16.7M px (1M rows of 24 px
 * pass it), so past MAX_SCROLL_HEIGHT the scroll range is compressed: the scroll position is read as a fraction
 * of the way through the rows, and rows are placed relative to the viewport, never at absolute offsets.
 * A gap (the span detail opened under its row) may follow one row: the rows after it move down by its height.
 */
export const MAX_SCROLL_HEIGHT = 15_000_000;
/** Rows rendered beyond each edge of the viewport, so a scroll shows rows already there. */
export const OVERSCAN = 10;

export interface Gap {
  /** The row the gap follows (-1: no gap) and its height in px. */
  after: number;
  height: number;
}

export const NO_GAP: Gap = { after: -1, height: 0 };

export interface VirtualWindow {
  /** Height to give the scrolling content. */
  scrollHeight: number;
  /** First row to render and how many. */
  first: number;
  count: number;
  /** Where the first row goes, in px from the top of the scrolling content. */
  offset: number;
}

/** `overscan` 0: the rows in view only (a waterfall's first frame, its overscan drawn in the next: ~20 ms of its first rows). */
export function virtualWindow(rowCount: number, rowHeight: number, viewportHeight: number, scrollTop: number, gap: Gap = NO_GAP, overscan = OVERSCAN): VirtualWindow {
  const gapHeight = gap.after >= 0 && gap.after < rowCount ? gap.height : 0;
  const fullHeight = rowCount * rowHeight + gapHeight;
  const scrollHeight = Math.min(fullHeight, MAX_SCROLL_HEIGHT);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const maxScroll = Math.max(0, scrollHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  if (fullHeight === scrollHeight) {
    // Exact: the row at the top of the viewport, or the row the gap follows while the gap is at the top.
    const gapTop = (gap.after + 1) * rowHeight;
    const topRow = gapHeight === 0 || top < gapTop ? top / rowHeight : top < gapTop + gapHeight ? gap.after : (top - gapHeight) / rowHeight;
    const first = Math.max(0, Math.floor(topRow) - overscan);
    return { scrollHeight, first, count: Math.max(0, Math.min(rowCount - first, visible + 2 * overscan)), offset: rowTop(first, rowHeight, gap) };
  }
  // Compressed: proportional (the gap, a few hundred px among millions, only adds to the height).
  const topRow = maxScroll === 0 ? 0 : (top / maxScroll) * Math.max(0, rowCount - viewportHeight / rowHeight);
  const first = Math.max(0, Math.floor(topRow) - overscan);
  const count = Math.min(rowCount - first, visible + 2 * overscan);
  return { scrollHeight, first, count: Math.max(0, count), offset: top - (topRow - first) * rowHeight };
}

/** Where row `index` goes, in px from the window's first row (`first`), given the gap. */
export function rowOffset(index: number, first: number, rowHeight: number, gap: Gap = NO_GAP): number {
  return (index - first) * rowHeight + (gap.after >= first && index > gap.after ? gap.height : 0);
}

/** The scroll position that puts `row` at the top of the viewport (for keyboard moves and "go to span"). */
export function scrollTopForRow(row: number, rowCount: number, rowHeight: number, viewportHeight: number, gap: Gap = NO_GAP): number {
  const gapHeight = gap.after >= 0 && gap.after < rowCount ? gap.height : 0;
  const fullHeight = rowCount * rowHeight + gapHeight;
  const scrollHeight = Math.min(fullHeight, MAX_SCROLL_HEIGHT);
  const maxScroll = Math.max(0, scrollHeight - viewportHeight);
  if (fullHeight === scrollHeight) return Math.min(rowTop(row, rowHeight, gap), maxScroll);
  const rowsBelowTop = Math.max(1, rowCount - viewportHeight / rowHeight);
  return Math.min(maxScroll, (row / rowsBelowTop) * maxScroll);
}

/** A row's top in the uncompressed content. */
function rowTop(index: number, rowHeight: number, gap: Gap): number {
  return index * rowHeight + (gap.after >= 0 && index > gap.after ? gap.height : 0);
}
