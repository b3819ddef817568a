/** The waterfall's name column: its bounds, and a width kept within them. */
export const NAME_COLUMN = { min: 160, max: 900, initial: 360, step: 16 } as const;

/** A name column width within its bounds, leaving at least `minBars` px of `total` to the bars. */
export function clampNameWidth(width: number, total: number, minBars = 200): number {
  const max = Math.max(NAME_COLUMN.min, Math.min(NAME_COLUMN.max, total > 0 ? total - minBars : NAME_COLUMN.max));
  return Math.round(Math.min(max, Math.max(NAME_COLUMN.min, width)));
}
