/**
 * Where a bar's duration label goes, and what a row says when its span lies outside the time range shown.
 * Pure: the row only places what these return.
 */

export type LabelPlacement = 'right' | 'left' | 'inside';

/** Width of a label in px at the waterfall's 11 px tabular figures (an estimate: measuring every row would cost a layout). */
export function labelWidth(text: string): number {
  return text.length * 6.5 + 4;
}

const GAP_PX = 4;

/**
 * Beside the bar on its right; on its left when the bar reaches the right edge; inside (at its right end) when
 * neither side has room, which happens only to a bar that fills most of the column.
 */
export function labelPlacement(leftPx: number, widthPx: number, columnPx: number, labelPx: number): LabelPlacement {
  if (leftPx + widthPx + GAP_PX + labelPx <= columnPx) return 'right';
  if (leftPx - GAP_PX - labelPx >= 0) return 'left';
  return 'inside';
}

/** 'before' when the span ends before the range shown starts, 'after' when it starts after it ends. */
export function outsideRange(start: number, end: number, from: number, to: number): 'before' | 'after' | undefined {
  if (end < from || (end === from && start < from)) return 'before';
  if (start > to || (start === to && end > to)) return 'after';
  return undefined;
}
