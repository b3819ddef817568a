/**
 * `compare({ filter }, topN, start, end)`, as Tempo runs it: the spans a pipeline selects are split into a selection
 * (the filter holds, and the span starts between start and end when they are given) and a baseline (the rest). For
 * every attribute of a span (its span and resource attributes, and its name, status and kind) the spans are counted
 * per step and value, in each group: one series per group, attribute and value, the `topN` most frequent values of an
 * attribute kept (an attribute with more gets a `__meta_error="__too_many_values__"` series with no samples), and
 * the total of each attribute per group (`baseline_total`, `selection_total`, the value nil).
 */
import type { MetricsCompare, ParsedQuery } from './ast';
import { spansOfSets, type Spanset } from './evaluate';
import { fromAnyValue, truthy, type Value } from './field-values';
import type { Label, MetricsRange, Series } from './metrics';
import type { QuerySpan, QueryTrace } from './query-trace';

const DEFAULT_TOP_N = 10;

type Group = 'baseline' | 'selection';

/** attribute → value (as JSON, so 200 and "200" stay apart) → its value and counts per step. */
type Counts = Map<string, Map<string, { value: Value; counts: number[] }>>;

export class CompareAccumulator {
  private readonly fn: MetricsCompare;
  private readonly steps: number;
  private readonly values: Record<Group, Counts> = { baseline: new Map(), selection: new Map() };
  private readonly totals: Record<Group, Map<string, number[]>> = { baseline: new Map(), selection: new Map() };

  constructor(
    query: ParsedQuery,
    private readonly range: MetricsRange,
  ) {
    this.fn = query.metrics as MetricsCompare;
    this.steps = Math.ceil((range.endMs - range.startMs) / range.stepMs);
  }

  /** Adds the spans of a trace's spansets (each span once) that start inside the range. */
  add(trace: QueryTrace, sets: Spanset[]): void {
    for (const node of spansOfSets(sets)) this.addSpan(trace, node);
  }

  private addSpan(trace: QueryTrace, node: QuerySpan): void {
    const startNs = node.span.startTimeUnixNano;
    const startMs = Number(startNs / 1_000_000n);
    if (startMs < this.range.startMs || startMs >= this.range.endMs) return;
    const step = Math.floor((startMs - this.range.startMs) / this.range.stepMs);
    const { start, end } = this.fn;
    const inWindow = start === null || end === null || (startNs >= start && startNs < end);
    const filter = this.fn.filter.expression;
    const group: Group = inWindow && (filter === null || truthy(filter, { trace, node })) ? 'selection' : 'baseline';
    for (const [attribute, value] of attributesOf(node)) {
      let byValue = this.values[group].get(attribute);
      if (!byValue) this.values[group].set(attribute, (byValue = new Map()));
      const key = JSON.stringify(value);
      let entry = byValue.get(key);
      if (!entry) byValue.set(key, (entry = { value, counts: new Array<number>(this.steps).fill(0) }));
      entry.counts[step]++;
      let total = this.totals[group].get(attribute);
      if (!total) this.totals[group].set(attribute, (total = new Array<number>(this.steps).fill(0)));
      total[step]++;
    }
  }

  result(): Series[] {
    const topN = this.fn.topN === null ? DEFAULT_TOP_N : Number(this.fn.topN);
    const at = (i: number) => this.range.startMs + i * this.range.stepMs;
    const series = (labels: Label[], counts: number[]): Series => ({ labels, samples: counts.map((value, i) => ({ timestampMs: at(i), value })), exemplars: [] });
    const out: Series[] = [];
    const tooMany = new Set<string>();
    for (const group of ['baseline', 'selection'] as const) {
      for (const [attribute, byValue] of [...this.values[group]].sort((a, b) => a[0].localeCompare(b[0]))) {
        const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
        const kept = [...byValue.values()].sort((a, b) => sum(b.counts) - sum(a.counts)).slice(0, topN);
        for (const { value, counts } of kept) out.push(series([{ key: '__meta_type', value: group }, { key: attribute, value }], counts));
        if (byValue.size > topN) tooMany.add(attribute);
      }
    }
    for (const attribute of [...tooMany].sort()) out.push({ labels: [{ key: '__meta_error', value: '__too_many_values__' }, { key: attribute, value: null }], samples: [], exemplars: [] });
    for (const group of ['baseline', 'selection'] as const) {
      for (const [attribute, counts] of [...this.totals[group]].sort((a, b) => a[0].localeCompare(b[0]))) {
        out.push(series([{ key: '__meta_type', value: `${group}_total` }, { key: attribute, value: null }], counts));
      }
    }
    return out;
  }
}

/** What compare() groups a span by: its name, status and kind, and its span and resource attributes. */
function* attributesOf(node: QuerySpan): Iterable<[string, Value]> {
  const span = node.span;
  yield ['name', span.name];
  yield ['status', span.status.code.toLowerCase()];
  yield ['kind', span.kind.toLowerCase()];
  for (const [scope, attributes] of [['span', span.attributes], ['resource', span.resource.attributes]] as const) {
    for (const key of Object.keys(attributes)) {
      const value = fromAnyValue(attributes[key]);
      if (value !== null && !Array.isArray(value)) yield [`${scope}.${key}`, value];
    }
  }
}
