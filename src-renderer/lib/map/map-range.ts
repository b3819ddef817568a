/** The map's time ranges: the recent past by default, so a long-lived store does not draw every call it ever saw. */
export const MAP_RANGES = [
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '6h', label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 24 * 3_600_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 24 * 3_600_000 },
  { value: 'all', label: 'All time', ms: 0 },
] as const;

export type MapRange = (typeof MAP_RANGES)[number]['value'];
export const DEFAULT_MAP_RANGE: MapRange = '1h';

/** The range a page address names (`lookback=`), the default for none or an unknown one. */
export function mapRange(params: URLSearchParams): MapRange {
  const named = params.get('lookback');
  return MAP_RANGES.find((r) => r.value === named)?.value ?? DEFAULT_MAP_RANGE;
}

/** The API's query for a range: `start` in epoch milliseconds, nothing for all time. */
export function rangeQuery(range: MapRange, nowMs: number): URLSearchParams {
  const ms = MAP_RANGES.find((r) => r.value === range)!.ms;
  return new URLSearchParams(ms === 0 ? {} : { start: String(nowMs - ms) });
}

/** "in the last hour", "of all time": for sentences such as "No calls between services in the last hour". */
export function rangePhrase(range: MapRange): string {
  return range === 'all' ? 'in the store' : `in the ${MAP_RANGES.find((r) => r.value === range)!.label.toLowerCase()}`;
}
