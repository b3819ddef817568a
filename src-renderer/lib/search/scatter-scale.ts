/**
 * The scatter's scales, fitted to the results: the time axis spans the results (not the store), the duration
 * axis is in the unit its largest value reads best in, and a brushed box narrows the list.
 */
import type { Trace } from '../api-shapes';
import { formatNanos } from '../trace/time-ticks';

export interface DurationUnit {
  label: 'ns' | 'µs' | 'ms' | 's';
  ns: number;
}

const UNITS: DurationUnit[] = [
  { label: 's', ns: 1e9 },
  { label: 'ms', ns: 1e6 },
  { label: 'µs', ns: 1e3 },
  { label: 'ns', ns: 1 },
];

/** The largest unit the longest duration is at least 1 of: 98.9 ms and 12 ms read as ms, 1.5 s as s. */
export function durationUnit(maxNs: number): DurationUnit {
  return UNITS.find((u) => maxNs >= u.ns) ?? UNITS[UNITS.length - 1];
}

/** The results' start times with a margin so edge points are not cut; one trace gets a minute around it. */
export function timeExtent(traces: readonly Trace[]): [number, number] {
  if (traces.length === 0) return [0, 0];
  let min = Infinity;
  let max = -Infinity;
  for (const t of traces) {
    min = Math.min(min, t.startMs);
    max = Math.max(max, t.startMs);
  }
  const margin = max === min ? 30_000 : (max - min) * 0.03;
  return [min - margin, max + margin];
}

/** A box drawn on the chart: start times (epoch ms) and trace durations (ns), both inclusive. */
export interface Box {
  fromMs: number;
  toMs: number;
  minNs: number;
  maxNs: number;
}

/** ECharts' brush range (`[[x0, x1], [y0, y1]]` in axis values) → a box; y values are in `unit`. */
export function boxFromBrush(range: [[number, number], [number, number]], unit: DurationUnit): Box {
  const [[x0, x1], [y0, y1]] = range;
  return { fromMs: Math.min(x0, x1), toMs: Math.max(x0, x1), minNs: Math.min(y0, y1) * unit.ns, maxNs: Math.max(y0, y1) * unit.ns };
}

export function inBox(traces: readonly Trace[], box: Box): Trace[] {
  return traces.filter((t) => t.startMs >= box.fromMs && t.startMs <= box.toMs && t.durationNs >= box.minNs && t.durationNs <= box.maxNs);
}

/** The chart's text alternative: what it shows, in a sentence. */
export function scatterSummary(traces: readonly Trace[]): string {
  if (traces.length === 0) return 'No traces to plot';
  const starts = traces.map((t) => t.startMs);
  const durations = traces.map((t) => t.durationNs);
  const errors = traces.filter((t) => t.errorCount > 0).length;
  const time = (ms: number) => new Date(ms).toLocaleString();
  const from = Math.min(...starts);
  const to = Math.max(...starts);
  return (
    `${traces.length === 1 ? '1 trace' : `${traces.length} traces`} by start time and duration, ` +
    `started ${from === to ? time(from) : `${time(from)} to ${time(to)}`}, ` +
    `lasting ${formatNanos(Math.min(...durations))} to ${formatNanos(Math.max(...durations))}` +
    `${errors ? `; ${errors} with errors (red diamonds)` : ''}. Each point opens its trace; the list has the same traces`
  );
}
