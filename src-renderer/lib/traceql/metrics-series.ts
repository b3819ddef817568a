/** The chart's words for a metrics answer: each series' name, the unit of the values, the exemplars of a step. */
import type { KeyValue } from '../../../src-main/model/api';

/** A label's value as text (`frontend`, `200`, `0.95`). */
export function keyValueText(kv: KeyValue): string {
  const value = kv.value;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return value.intValue;
  if ('doubleValue' in value) return String(value.doubleValue);
  if ('boolValue' in value) return String(value.boolValue);
  return 'nil';
}

/** The legend's name of a series: its label values (`frontend, p=0.95`); the query's function when it has none. */
export function seriesName(labels: KeyValue[], fallback: string): string {
  if (labels.length === 0) return fallback;
  return labels.map((kv) => (kv.key === 'p' || kv.key === '__bucket' ? `${kv.key === 'p' ? 'p' : 'le'}=${keyValueText(kv)}` : keyValueText(kv))).join(', ');
}

/** The metrics function a query calls (`rate`, `quantile_over_time`…), for the chart's title and a nameless series. */
export function metricsFunctionOf(query: string): string | undefined {
  return /\|\s*(rate|count_over_time|min_over_time|max_over_time|avg_over_time|sum_over_time|quantile_over_time|histogram_over_time|compare)\s*\(/.exec(query)?.[1];
}

/** What the values measure: a rate is spans a second, a count spans, a function of duration seconds (as Tempo gives them). */
export function metricsUnit(query: string): string {
  const fn = metricsFunctionOf(query);
  if (fn === 'rate') return 'spans/s';
  if (fn === 'count_over_time' || fn === 'histogram_over_time') return 'spans';
  const field = new RegExp(`${fn}\\s*\\(\\s*([^,)\\s]+)`).exec(query)?.[1] ?? '';
  return /duration|timeSinceStart/i.test(field) ? 's' : '';
}

export interface Exemplar {
  traceId: string;
  spanId: string;
  timestampMs: number;
  value: number;
  series: string;
}

/** The exemplars of the step that starts at `stepStartMs`, from every series, largest value first. */
export function exemplarsAt(series: { name: string; exemplars: Omit<Exemplar, 'series'>[] }[], stepStartMs: number, stepMs: number): Exemplar[] {
  return series
    .flatMap((s) => s.exemplars.filter((e) => e.timestampMs >= stepStartMs && e.timestampMs < stepStartMs + stepMs).map((e) => ({ ...e, series: s.name })))
    .sort((a, b) => b.value - a.value);
}

/** The sample time nearest to `atMs` among the series' points (a click anywhere over a step picks that step). */
export function nearestStep(series: { points: [number, number][] }[], atMs: number): number | undefined {
  let best: number | undefined;
  for (const s of series) for (const [t] of s.points) if (best === undefined || Math.abs(t - atMs) < Math.abs(best - atMs)) best = t;
  return best;
}

const NICE_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

/** A step of a round length (1 s, 5 s, 1 min, …) that cuts the range into at most about a hundred steps. */
export function niceStep(rangeMs: number): number {
  const wanted = rangeMs / 100;
  return NICE_STEPS_MS.find((step) => step >= wanted) ?? Math.ceil(wanted / 86_400_000) * 86_400_000;
}
