/**
 * The Monitor's table rows, joined from the series of its queries (monitor-range.ts): one row per service, or per
 * operation of a service, each figure with its points over the window (a sparkline) and its value for the whole
 * window (the text).
 */
import type { MetricSeries } from '../api-shapes';
import { QUANTILES, type MonitorWindow } from './monitor-range';

/** A figure over the window: the value for the whole window, and one point a step (null: no spans in that step). */
export interface Figure {
  value: number | null;
  points: (number | null)[];
}

export interface MonitorRow {
  /** Unique in its table: the name, and for an operation its kind. */
  key: string;
  name: string;
  /** An operation's span kind; undefined for a service. */
  kind: 'SERVER' | 'CONSUMER' | undefined;
  /** Requests in the window. */
  requests: number;
  /** Requests a second. */
  rate: Figure;
  /** Requests with status error, as a percentage of the requests. */
  errorRate: Figure;
  /** Durations in seconds. */
  p50: Figure;
  p95: Figure;
  p99: Figure;
}

export type MonitorColumn = 'name' | 'rate' | 'errorRate' | 'p50' | 'p95' | 'p99';

/**
 * The answers so far: `rate` names the rows; the others may still be on their way (undefined), and their figures
 * are then null. `wholeQuantiles` are the quantiles with one step as long as the window.
 */
export interface MonitorAnswers {
  rate: MetricSeries[];
  errors?: MetricSeries[];
  quantiles?: MetricSeries[];
  wholeQuantiles?: MetricSeries[];
}

const NO_FIGURE = (steps: number): Figure => ({ value: null, points: new Array<number | null>(steps).fill(null) });

/** Rows in the order of the rate series (the core sorts them by label). */
export function monitorRows(answers: MonitorAnswers, window: MonitorWindow, labels: { name: string; kind?: string }): MonitorRow[] {
  const steps = Math.round((window.endMs - window.startMs) / window.stepMs);
  const stepSeconds = window.stepMs / 1000;
  const keyOf = (s: MetricSeries) => JSON.stringify([s.labels[labels.name] ?? '', labels.kind ? (s.labels[labels.kind] ?? '') : '']);
  const points = (s: MetricSeries | undefined, empty: number | null): (number | null)[] => {
    const out = new Array<number | null>(steps).fill(empty);
    for (const { timestampMs, value } of s?.samples ?? []) {
      const i = Math.round((timestampMs - window.startMs) / window.stepMs);
      if (i >= 0 && i < steps) out[i] = value;
    }
    return out;
  };
  const byKey = (list: MetricSeries[] | undefined, p?: number) => new Map((list ?? []).filter((s) => p === undefined || s.labels.p === p).map((s) => [keyOf(s), s]));
  const errors = byKey(answers.errors);
  const quantiles = QUANTILES.map((q) => ({ steps: byKey(answers.quantiles, q), whole: byKey(answers.wholeQuantiles, q) }));

  return answers.rate.map((series) => {
    const key = keyOf(series);
    const rates = points(series, 0) as number[];
    const requests = Math.round(rates.reduce((sum, r) => sum + r, 0) * stepSeconds);
    const rate: Figure = { value: requests / (steps * stepSeconds), points: rates };

    let errorRate = NO_FIGURE(steps);
    if (answers.errors) {
      const failed = points(errors.get(key), 0) as number[];
      const failedCount = Math.round(failed.reduce((sum, r) => sum + r, 0) * stepSeconds);
      errorRate = {
        value: requests > 0 ? (failedCount / requests) * 100 : null,
        points: rates.map((r, i) => (r > 0 ? (failed[i] / r) * 100 : null)),
      };
    }

    const [p50, p95, p99] = quantiles.map(({ steps: stepSeries, whole }): Figure => {
      if (!answers.quantiles) return NO_FIGURE(steps);
      const shown = points(stepSeries.get(key), null);
      const wholeValue = whole.get(key)?.samples[0]?.value;
      return { value: wholeValue ?? lastValue(shown), points: shown };
    });

    const name = String(series.labels[labels.name] ?? '');
    const kind = labels.kind ? (String(series.labels[labels.kind] ?? '').toUpperCase() as 'SERVER' | 'CONSUMER') : undefined;
    return { key, name, kind, requests, rate, errorRate, p50, p95, p99 };
  });
}

function lastValue(points: (number | null)[]): number | null {
  for (let i = points.length - 1; i >= 0; i--) if (points[i] !== null) return points[i];
  return null;
}

/** What a column sorts by: text for the name, else the value (no value below every value). */
export function sortValue(row: MonitorRow, column: MonitorColumn): string | number {
  if (column === 'name') return `${row.name}\u0000${row.kind ?? ''}`;
  return row[column].value ?? -1;
}
