/**
 * TraceQL metrics over a time range and step: the spans a query's pipeline selects are counted or measured into
 * one bucket per step (by their start), one series per `by()` value, as Tempo's query_range answers. Durations
 * come out in seconds, as Tempo gives them. Each bucket keeps one exemplar (its largest value's span).
 */
import { addTo, count, interpolatedQuantile, type Histogram } from '../model/latency-histogram';
import type { Field, MetricsAggregate, ParsedQuery, SecondStage } from './ast';
import { spansOfSets, type Spanset } from './evaluate';
import { fieldValue, type Value } from './field-values';
import { INTRINSIC_TYPES } from './intrinsics';
import type { QuerySpan, QueryTrace } from './query-trace';

export interface MetricsRange {
  startMs: number;
  endMs: number;
  stepMs: number;
}

export interface Label {
  key: string;
  value: Value;
}

export interface Series {
  labels: Label[];
  samples: { timestampMs: number; value: number }[];
  exemplars: { traceId: string; spanId: string; timestampMs: number; value: number }[];
}

/** The most buckets one query may ask for (Prometheus's limit on points per series). */
export const MAX_BUCKETS = 11_000;

interface Exemplar {
  traceId: string;
  spanId: string;
  timestampMs: number;
  value: number;
}

/** What a step of a series has gathered, in the measured unit (nanoseconds for durations). */
interface Bucket {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Each measured value, kept only when the function needs them all (quantiles of a number, histogram_over_time). */
  values?: number[];
  /** Durations by latency bucket, for quantiles of durations. */
  latency?: Histogram;
  exemplar?: Exemplar;
}

/** The spans of one minute as the store counts them (store/operation-minutes.ts). */
export interface MinuteCounts {
  spans: number;
  sumNs: number;
  minNs: number;
  maxNs: number;
  latency: Histogram;
  /** The slowest span, the exemplar. */
  slowest: { traceId: string; spanId: string };
}

interface SeriesState {
  labels: Label[];
  buckets: Map<number, Bucket>;
}

const COUNTS = new Set(['rate', 'count_over_time']);
const DURATION_FUNCTIONS = new Set(['min_over_time', 'max_over_time', 'sum_over_time', 'avg_over_time', 'quantile_over_time']);

export class MetricsAccumulator {
  private readonly fn: MetricsAggregate;
  private readonly series = new Map<string, SeriesState>();
  private readonly measuresDuration: boolean;
  private readonly keepsValues: boolean;
  /** True when the function reads no more of a minute's spans than the store counts (MinuteCounts). */
  readonly takesMinutes: boolean;

  constructor(
    private readonly query: ParsedQuery,
    private readonly range: MetricsRange,
  ) {
    this.fn = query.metrics as MetricsAggregate;
    const field = this.fn.field;
    this.measuresDuration = field?.type === 'intrinsic' && INTRINSIC_TYPES[field.name] === 'duration';
    const durationQuantiles = this.fn.fn === 'quantile_over_time' && this.measuresDuration;
    this.keepsValues = this.fn.fn === 'histogram_over_time' || (this.fn.fn === 'quantile_over_time' && !durationQuantiles);
    const isDuration = field?.type === 'intrinsic' && field.name === 'span:duration';
    this.takesMinutes = COUNTS.has(this.fn.fn) || (isDuration && DURATION_FUNCTIONS.has(this.fn.fn));
  }

  /** Adds the spans of a trace's spansets (each span once) that start inside the range. */
  add(trace: QueryTrace, sets: Spanset[]): void {
    for (const node of spansOfSets(sets)) this.addSpan(trace, node);
  }

  /** Adds one matching span, if it starts inside the range. */
  addSpan(trace: QueryTrace, node: QuerySpan): void {
    let value = 1;
    if (this.fn.field) {
      const measured = fieldValue(this.fn.field, { trace, node });
      if (typeof measured !== 'number') return;
      value = measured;
    }
    const labels = this.labelsOf(trace, node);
    this.addValue(JSON.stringify(labels.map((l) => l.value)), labels, Number(node.span.startTimeUnixNano / 1_000_000n), value, trace.traceId, () => node.span.spanId);
  }

  /** The series labels of a span: one per `by()` field. */
  labelsOf(trace: QueryTrace, node: QuerySpan): Label[] {
    return this.fn.by.map((field) => ({ key: this.text(field), value: fieldValue(field, { trace, node }) }));
  }

  /**
   * Adds a measured value (a duration in ns when the function measures one; 1 when it counts) to the series `key`
   * names, if `startMs` is inside the range. The span id is asked for only when the value becomes the exemplar.
   */
  addValue(key: string, labels: Label[], startMs: number, measured: number, traceId: string, spanId: () => string): void {
    const bucket = this.bucket(key, labels, startMs);
    if (!bucket) return;
    bucket.count++;
    bucket.sum += measured;
    bucket.min = Math.min(bucket.min, measured);
    bucket.max = Math.max(bucket.max, measured);
    if (bucket.values) bucket.values.push(measured);
    if (bucket.latency) count(bucket.latency, measured);
    if (!bucket.exemplar || measured > bucket.exemplar.value) bucket.exemplar = { traceId, spanId: spanId(), timestampMs: startMs, value: measured };
  }

  /** Adds the counted spans of the minute starting at `minuteMs` (only when `takesMinutes`). */
  addMinute(key: string, labels: Label[], minuteMs: number, minute: MinuteCounts): void {
    const bucket = this.bucket(key, labels, minuteMs);
    if (!bucket) return;
    bucket.count += minute.spans;
    bucket.sum += minute.sumNs;
    bucket.min = Math.min(bucket.min, minute.minNs);
    bucket.max = Math.max(bucket.max, minute.maxNs);
    if (bucket.latency) addTo(bucket.latency, minute.latency);
    const value = this.fn.field ? minute.maxNs : 1;
    if (minute.slowest.traceId !== '' && (!bucket.exemplar || value > bucket.exemplar.value)) bucket.exemplar = { ...minute.slowest, timestampMs: minuteMs, value };
  }

  private bucket(key: string, labels: Label[], startMs: number): Bucket | undefined {
    if (startMs < this.range.startMs || startMs >= this.range.endMs) return undefined;
    let state = this.series.get(key);
    if (!state) this.series.set(key, (state = { labels, buckets: new Map() }));
    const index = Math.floor((startMs - this.range.startMs) / this.range.stepMs);
    let bucket = state.buckets.get(index);
    if (!bucket) {
      bucket = { count: 0, sum: 0, min: Infinity, max: -Infinity };
      if (this.keepsValues) bucket.values = [];
      else if (this.fn.fn === 'quantile_over_time') bucket.latency = new Map();
      state.buckets.set(index, bucket);
    }
    return bucket;
  }

  private text(field: Field): string {
    return this.query.source.slice(field.from, field.to);
  }

  result(): Series[] {
    const out: Series[] = [];
    const buckets = Math.ceil((this.range.endMs - this.range.startMs) / this.range.stepMs);
    const at = (i: number) => this.range.startMs + i * this.range.stepMs;
    const stepSeconds = this.range.stepMs / 1000;
    // Durations are gathered in nanoseconds and answered in seconds, as Tempo answers them.
    const unit = this.measuresDuration ? 1e-9 : 1;
    for (const state of [...this.series.values()].sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)))) {
      const exemplars = [...state.buckets.values()].flatMap((b) => (b.exemplar ? [{ ...b.exemplar, value: b.exemplar.value * unit }] : [])).slice(0, 100);
      const filled = [...state.buckets.entries()].sort((a, b) => a[0] - b[0]);
      const EMPTY: Bucket = { count: 0, sum: 0, min: Infinity, max: -Infinity, values: [] };
      const series = (labels: Label[], value: (b: Bucket) => number, zeroFill: boolean): Series => ({
        labels,
        samples: zeroFill
          ? Array.from({ length: buckets }, (_, i) => ({ timestampMs: at(i), value: value(state.buckets.get(i) ?? EMPTY) }))
          : filled.map(([i, b]) => ({ timestampMs: at(i), value: value(b) })),
        exemplars,
      });
      switch (this.fn.fn) {
        case 'rate':
          out.push(series(state.labels, (b) => b.count / stepSeconds, true));
          break;
        case 'count_over_time':
          out.push(series(state.labels, (b) => b.count, true));
          break;
        case 'min_over_time':
          out.push(series(state.labels, (b) => b.min * unit, false));
          break;
        case 'max_over_time':
          out.push(series(state.labels, (b) => b.max * unit, false));
          break;
        case 'sum_over_time':
          out.push(series(state.labels, (b) => b.sum * unit, false));
          break;
        case 'avg_over_time':
          out.push(series(state.labels, (b) => (b.sum / b.count) * unit, false));
          break;
        case 'quantile_over_time':
          for (const q of this.fn.quantiles) {
            const of = (b: Bucket) => (b.latency ? interpolatedQuantile(b.latency, q, b.min, b.max) : quantile(b.values!, q)) * unit;
            out.push(series([...state.labels, { key: 'p', value: q }], of, false));
          }
          break;
        case 'histogram_over_time': {
          const bounds = histogramBounds(filled.flatMap(([, b]) => b.values!).map((v) => v * unit));
          for (const bound of bounds) {
            out.push(series([...state.labels, { key: '__bucket', value: bound }], (b) => b.values!.filter((x) => histogramBound(x * unit) === bound).length, true));
          }
          break;
        }
      }
    }
    return applySecondStages(out, this.query.secondStages);
  }
}

/** The q-quantile of the values, interpolated between the two nearest ranks. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** Tempo's histogram buckets: powers of two, a value counted under the smallest bound at or above it. */
function histogramBound(value: number): number {
  return value <= 0 ? 0 : 2 ** Math.ceil(Math.log2(value));
}

function histogramBounds(values: number[]): number[] {
  return [...new Set(values.map(histogramBound))].sort((a, b) => a - b);
}

/** topk / bottomk: at each timestamp, only the k highest (lowest) series keep their sample. */
function applySecondStages(series: Series[], stages: SecondStage[]): Series[] {
  let out = series;
  for (const stage of stages) {
    const k = Number(stage.limit);
    const byTime = new Map<number, { series: Series; value: number }[]>();
    for (const s of out) for (const sample of s.samples) {
      let list = byTime.get(sample.timestampMs);
      if (!list) byTime.set(sample.timestampMs, (list = []));
      list.push({ series: s, value: sample.value });
    }
    const kept = new Map<Series, Set<number>>();
    for (const [t, list] of byTime) {
      list.sort((a, b) => (stage.type === 'topk' ? b.value - a.value : a.value - b.value));
      for (const { series: s } of list.slice(0, k)) {
        if (!kept.has(s)) kept.set(s, new Set());
        kept.get(s)!.add(t);
      }
    }
    out = out.filter((s) => kept.has(s)).map((s) => ({ ...s, samples: s.samples.filter((p) => kept.get(s)!.has(p.timestampMs)) }));
  }
  return out;
}
