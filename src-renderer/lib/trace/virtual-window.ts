/**
 * Which rows to render for a scroll position. Browsers cap an element's height near 16.7M px (1M rows of 24 px
 * pass it), so past MAX_SCROLL_HEIGHT the scroll range is compressed: the scroll position is read as a fraction
 * of the way through the rows, and rows are placed relative to the viewport, never at absolute offsets.
 */
export const MAX_SCROLL_HEIGHT = 15_000_000;

export interface VirtualWindow {
  /** Height to give the scrolling content. */
  scrollHeight: number;
  /** First row to render and how many. */
  first: number;
  count: number;
  /** Where the first row goes, in px from the top of the scrolling content. */
  offset: number;
}

export function virtualWindow(rowCount: number, rowHeight: number, viewportHeight: number, scrollTop: number, overscan = 10): VirtualWindow {
  const fullHeight = rowCount * rowHeight;
  const scrollHeight = Math.min(fullHeight, MAX_SCROLL_HEIGHT);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const maxScroll = Math.max(0, scrollHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  // The first row at the top of the viewport: exact when nothing is compressed, proportional when it is.
  const topRow = fullHeight === scrollHeight ? top / rowHeight : maxScroll === 0 ? 0 : (top / maxScroll) * Math.max(0, rowCount - viewportHeight / rowHeight);
  const first = Math.max(0, Math.floor(topRow) - overscan);
  const count = Math.min(rowCount - first, visible + 2 * overscan);
  const offset = top - (topRow - first) * rowHeight;
  return { scrollHeight, first, count: Math.max(0, count), offset };
}

/** The scroll position that puts `row` at the top of the viewport (for keyboard moves and "go to span"). */
export function scrollTopForRow(row: number, rowCount: number, rowHeight: number, viewportHeight: number): number {
  const fullHeight = rowCount * rowHeight;
  const scrollHeight = Math.min(fullHeight, MAX_SCROLL_HEIGHT);
  const maxScroll = Math.max(0, scrollHeight - viewportHeight);
  if (fullHeight === scrollHeight) return Math.min(row * rowHeight, maxScroll);
  const rowsBelowTop = Math.max(1, rowCount - viewportHeight / rowHeight);
  return Math.min(maxScroll, (row / rowsBelowTop) * maxScroll);
}
