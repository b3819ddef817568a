/**
 * TraceQL metrics over a time range and step: the spans a query's pipeline selects are counted or measured into
 * one bucket per step (by their start), one series per `by()` value, as Tempo's query_range answers. Durations
 * come out in seconds, as Tempo gives them. Each bucket keeps one exemplar (its largest value's span).
 */
import type { Field, MetricsAggregate, ParsedQuery, SecondStage } from './ast';
import type { Spanset } from './evaluate';
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

interface Bucket {
  values: number[];
  exemplar?: { traceId: string; spanId: string; timestampMs: number; value: number };
}

interface SeriesState {
  labels: Label[];
  buckets: Map<number, Bucket>;
}

export class MetricsAccumulator {
  private readonly fn: MetricsAggregate;
  private readonly series = new Map<string, SeriesState>();
  private readonly inSeconds: boolean;

  constructor(
    private readonly query: ParsedQuery,
    private readonly range: MetricsRange,
  ) {
    this.fn = query.metrics as MetricsAggregate;
    const field = this.fn.field;
    this.inSeconds = field?.type === 'intrinsic' && INTRINSIC_TYPES[field.name] === 'duration';
  }

  /** Adds the spans of a trace's spansets (each span once) that start inside the range. */
  add(trace: QueryTrace, sets: Spanset[]): void {
    const seen = new Set<QuerySpan>();
    for (const set of sets) {
      for (const node of set.spans) {
        if (seen.has(node)) continue;
        seen.add(node);
        this.addSpan(trace, node);
      }
    }
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
    if (startMs < this.range.startMs || startMs >= this.range.endMs) return;
    const value = this.inSeconds ? measured / 1e9 : measured;
    let state = this.series.get(key);
    if (!state) this.series.set(key, (state = { labels, buckets: new Map() }));
    const index = Math.floor((startMs - this.range.startMs) / this.range.stepMs);
    let bucket = state.buckets.get(index);
    if (!bucket) state.buckets.set(index, (bucket = { values: [] }));
    bucket.values.push(value);
    if (!bucket.exemplar || value > bucket.exemplar.value) bucket.exemplar = { traceId, spanId: spanId(), timestampMs: startMs, value };
  }

  private text(field: Field): string {
    return this.query.source.slice(field.from, field.to);
  }

  result(): Series[] {
    const out: Series[] = [];
    const buckets = Math.ceil((this.range.endMs - this.range.startMs) / this.range.stepMs);
    const at = (i: number) => this.range.startMs + i * this.range.stepMs;
    const stepSeconds = this.range.stepMs / 1000;
    for (const state of [...this.series.values()].sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)))) {
      const exemplars = [...state.buckets.values()].flatMap((b) => (b.exemplar ? [b.exemplar] : [])).slice(0, 100);
      const filled = [...state.buckets.entries()].sort((a, b) => a[0] - b[0]);
      const series = (labels: Label[], value: (values: number[]) => number, zeroFill: boolean): Series => ({
        labels,
        samples: zeroFill
          ? Array.from({ length: buckets }, (_, i) => ({ timestampMs: at(i), value: value(state.buckets.get(i)?.values ?? []) }))
          : filled.map(([i, b]) => ({ timestampMs: at(i), value: value(b.values) })),
        exemplars,
      });
      switch (this.fn.fn) {
        case 'rate':
          out.push(series(state.labels, (v) => v.length / stepSeconds, true));
          break;
        case 'count_over_time':
          out.push(series(state.labels, (v) => v.length, true));
          break;
        case 'min_over_time':
          out.push(series(state.labels, (v) => Math.min(...v), false));
          break;
        case 'max_over_time':
          out.push(series(state.labels, (v) => Math.max(...v), false));
          break;
        case 'sum_over_time':
          out.push(series(state.labels, (v) => v.reduce((a, b) => a + b, 0), false));
          break;
        case 'avg_over_time':
          out.push(series(state.labels, (v) => v.reduce((a, b) => a + b, 0) / v.length, false));
          break;
        case 'quantile_over_time':
          for (const q of this.fn.quantiles) out.push(series([...state.labels, { key: 'p', value: q }], (v) => quantile(v, q), false));
          break;
        case 'histogram_over_time':
          for (const bound of histogramBounds(filled.flatMap(([, b]) => b.values))) {
            out.push(series([...state.labels, { key: '__bucket', value: bound }], (v) => v.filter((x) => histogramBound(x) === bound).length, true));
          }
          break;
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
