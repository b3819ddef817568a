/**
 * The Monitor page's address (`/monitor?lookback=1h&service=NAME`), its time window, the TraceQL it asks and the
 * links it makes to the search. The queries read only what a span's index row holds (kind, status, duration,
 * service, name), so the core answers them from the index without opening a span.
 */
import type { Lookback } from '../search-form';

export const MONITOR_RANGES = [
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '6h', label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 24 * 3_600_000 },
] as const satisfies readonly { value: Lookback; label: string; ms: number }[];

export type MonitorRange = (typeof MONITOR_RANGES)[number]['value'];
export const DEFAULT_MONITOR_RANGE: MonitorRange = '1h';

/** Steps a range is cut into: the points of a sparkline. */
export const MONITOR_STEPS = 60;

export interface MonitorAddress {
  range: MonitorRange;
  /** The service whose operations are shown; '' for none. */
  service: string;
  /** The window's end (epoch ms) when the address fixes one (`end=`), else undefined: it ends now. */
  endMs: number | undefined;
}

export function monitorAddress(params: URLSearchParams): MonitorAddress {
  const named = params.get('lookback');
  const end = params.get('end');
  return {
    range: MONITOR_RANGES.find((r) => r.value === named)?.value ?? DEFAULT_MONITOR_RANGE,
    service: params.get('service') ?? '',
    endMs: end !== null && /^\d+$/.test(end) ? Number(end) : undefined,
  };
}

export function monitorHref({ range, service, endMs }: MonitorAddress): string {
  const params = new URLSearchParams({ lookback: range });
  if (service) params.set('service', service);
  if (endMs !== undefined) params.set('end', String(endMs));
  return `/monitor?${params}`;
}

export interface MonitorWindow {
  startMs: number;
  endMs: number;
  stepMs: number;
}

/**
 * The range ending at the first step (or minute) boundary at or after `endMs`, in MONITOR_STEPS equal steps (every
 * range is a whole number of seconds × 60). On whole minutes, the core reads the spans it counted per minute.
 */
export function monitorWindow(range: MonitorRange, endMs: number): MonitorWindow {
  const ms = MONITOR_RANGES.find((r) => r.value === range)!.ms;
  const stepMs = ms / MONITOR_STEPS;
  const boundary = Math.max(stepMs, 60_000);
  const end = Math.ceil(endMs / boundary) * boundary;
  return { startMs: end - ms, endMs: end, stepMs };
}

/** "in the last hour". */
export function monitorRangePhrase(range: MonitorRange): string {
  return `in the ${MONITOR_RANGES.find((r) => r.value === range)!.label.toLowerCase()}`;
}

export interface MonitorQueries {
  /** What a row is: a service (`resource.service.name`), or an operation of one (`name` and `kind`). */
  rowLabels: { name: string; kind?: string };
  rate: string;
  errors: string;
  quantiles: string;
}

export const QUANTILES = [0.5, 0.95, 0.99] as const;

/** The requests a service answers (server and consumer spans): of every service, or of one service by operation. */
export function monitorQueries(service: string): MonitorQueries {
  const requests = service ? `(kind = server || kind = consumer) && resource.service.name = ${traceqlString(service)}` : 'kind = server || kind = consumer';
  const errors = service ? `${requests} && status = error` : `(${requests}) && status = error`;
  const by = service ? 'name, kind' : 'resource.service.name';
  return {
    rowLabels: service ? { name: 'name', kind: 'kind' } : { name: 'resource.service.name' },
    rate: `{ ${requests} } | rate() by (${by})`,
    errors: `{ ${errors} } | rate() by (${by})`,
    quantiles: `{ ${requests} } | quantile_over_time(duration, ${QUANTILES.join(', ')}) by (${by})`,
  };
}

/** A TraceQL string literal: JSON's escapes are all escapes of Go's interpreted strings, which TraceQL uses. */
export function traceqlString(text: string): string {
  return JSON.stringify(text);
}

/** The field search for an operation's traces (its SERVER or CONSUMER spans) over the same range. */
export function operationTracesHref(service: string, operation: string, kind: 'SERVER' | 'CONSUMER', range: MonitorRange): string {
  return `/search?${new URLSearchParams({ service, operation, spanKind: kind, lookback: range })}`;
}

/** The field search for a service's traces over the same range. */
export function serviceTracesHref(service: string, range: MonitorRange): string {
  return `/search?${new URLSearchParams({ service, lookback: range })}`;
}
