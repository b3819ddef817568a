/**
 * The renderer's own shapes of the API's documents, converted once when they arrive (api.ts): nanosecond
 * figures the wire carries as decimal strings become numbers (or, where order must stay exact, bigints), so
 * components and views never convert wire strings themselves.
 */
import type { ApiBaseline, ApiLogRecord, ApiQuantileChange, ApiRun, ApiRunComparison, ApiRunOperation, ApiRunStats, ApiSpan, ApiWaterfall, Diff, DiffRow, GroupDiff, GroupDiffRow, GroupFigures, KeyValue, MapEdge, MetricsAnswer, MetricsSeries, SearchResponse, SearchSpan, ServiceMap, TraceSummary } from '../../src-main/model/api';
import { keyValueText, seriesName } from './traceql/metrics-series';

export interface Trace extends Omit<TraceSummary, 'startTimeUnixNano' | 'durationNano'> {
  /** Exact, for ordering. */
  startNs: bigint;
  startMs: number;
  durationNs: number;
}

export interface SpanEvent extends Omit<ApiSpan['events'][number], 'timeUnixNano'> {
  /** From the span's start. */
  offsetNs: number;
}

export interface Span extends Omit<ApiSpan, 'startTimeUnixNano' | 'endTimeUnixNano' | 'events'> {
  durationNs: number;
  events: SpanEvent[];
}

export interface Waterfall extends ApiWaterfall {
  /** Exact: log times are placed on the trace from it. */
  startNs: bigint;
  startMs: number;
}

export interface LogRecord extends Omit<ApiLogRecord, 'timeUnixNano' | 'observedTimeUnixNano'> {
  /** Exact: the order of records, and their offsets from a trace's start. */
  timeNs: bigint;
  timeMs: number;
  observedMs: number;
}

export interface CallEdge extends Omit<MapEdge, 'p50Nano' | 'p95Nano'> {
  p50Ns: number;
  p95Ns: number;
}

export interface CallMap extends Omit<ServiceMap, 'edges'> {
  edges: CallEdge[];
}

export interface Row extends Omit<DiffRow, 'durationDeltaNano' | 'selfTimeDeltaNano'> {
  durationDeltaNs: number;
  selfTimeDeltaNs: number;
}

export interface Comparison extends Omit<Diff, 'durationDeltaNano' | 'rows' | 'topContributors'> {
  durationDeltaNs: number;
  rows: Row[];
  topContributors: (Omit<Diff['topContributors'][number], 'selfTimeDeltaNano'> & { selfTimeDeltaNs: number })[];
}

export interface Figures extends Omit<GroupFigures, 'p50Nano' | 'p95Nano' | 'selfP50Nano'> {
  p50Ns: number;
  p95Ns: number;
  selfP50Ns: number;
}

export interface GroupRow extends Omit<GroupDiffRow, 'a' | 'b' | 'p50DeltaNano'> {
  a: Figures | null;
  b: Figures | null;
  p50DeltaNs: number;
}

export interface GroupComparison extends Omit<GroupDiff, 'rows' | 'topContributors'> {
  rows: GroupRow[];
  topContributors: (Omit<GroupDiff['topContributors'][number], 'selfP50DeltaNano'> & { selfP50DeltaNs: number })[];
}

/** A metrics series: its labels by key (`resource.service.name`, `name`, `p`), values as numbers or text. */
export interface MetricSeries {
  labels: Record<string, string | number | boolean>;
  samples: { timestampMs: number; value: number }[];
}

const NS_PER_MS = 1_000_000n;

export function toTrace({ startTimeUnixNano, durationNano, ...rest }: TraceSummary): Trace {
  const startNs = BigInt(startTimeUnixNano);
  return { ...rest, startNs, startMs: Number(startNs / NS_PER_MS), durationNs: Number(durationNano) };
}

export function toSpan({ startTimeUnixNano, endTimeUnixNano, events, ...rest }: ApiSpan): Span {
  const start = BigInt(startTimeUnixNano);
  return {
    ...rest,
    durationNs: Number(BigInt(endTimeUnixNano) - start),
    events: events.map(({ timeUnixNano, ...event }) => ({ ...event, offsetNs: Number(BigInt(timeUnixNano) - start) })),
  };
}

export function toWaterfall(doc: ApiWaterfall): Waterfall {
  const startNs = BigInt(doc.startTimeUnixNano);
  return { ...doc, startNs, startMs: Number(startNs / NS_PER_MS) };
}

export function toLogRecord({ timeUnixNano, observedTimeUnixNano, ...rest }: ApiLogRecord): LogRecord {
  const timeNs = BigInt(timeUnixNano);
  return { ...rest, timeNs, timeMs: Number(timeNs / NS_PER_MS), observedMs: Number(BigInt(observedTimeUnixNano) / NS_PER_MS) };
}

export function toMap(map: ServiceMap): CallMap {
  return { ...map, edges: map.edges.map(({ p50Nano, p95Nano, ...edge }) => ({ ...edge, p50Ns: Number(p50Nano), p95Ns: Number(p95Nano) })) };
}

export function toComparison({ durationDeltaNano, rows, topContributors, ...rest }: Diff): Comparison {
  return {
    ...rest,
    durationDeltaNs: Number(durationDeltaNano),
    rows: rows.map(({ durationDeltaNano: d, selfTimeDeltaNano: s, ...row }) => ({ ...row, durationDeltaNs: Number(d), selfTimeDeltaNs: Number(s) })),
    topContributors: topContributors.map(({ selfTimeDeltaNano, ...c }) => ({ ...c, selfTimeDeltaNs: Number(selfTimeDeltaNano) })),
  };
}

export function toGroupComparison({ rows, topContributors, ...rest }: GroupDiff): GroupComparison {
  const figures = (f: GroupFigures | null): Figures | null => f && { count: f.count, p50Ns: Number(f.p50Nano), p95Ns: Number(f.p95Nano), selfP50Ns: Number(f.selfP50Nano) };
  return {
    ...rest,
    rows: rows.map(({ a, b, p50DeltaNano, ...row }) => ({ ...row, a: figures(a), b: figures(b), p50DeltaNs: Number(p50DeltaNano) })),
    topContributors: topContributors.map(({ selfP50DeltaNano, ...c }) => ({ ...c, selfP50DeltaNs: Number(selfP50DeltaNano) })),
  };
}

/** A span a TraceQL query matched: its service, and the fields select() named as text. */
export interface MatchedSpan {
  spanId: string;
  service: string;
  name: string;
  startMs: number;
  durationNs: number;
  fields: { key: string; text: string }[];
}

export interface MatchedTrace {
  traceId: string;
  rootService: string;
  rootName: string;
  startMs: number;
  durationNs: number;
  /** Each spanset: the spans listed and how many matched in all; `fields`: its by() values and scalar. */
  spanSets: { spans: MatchedSpan[]; matched: number; fields: { key: string; text: string }[] }[];
}

const fieldsOf = (attributes: KeyValue[] | undefined) => (attributes ?? []).map((kv) => ({ key: kv.key, text: keyValueText(kv) }));

function toMatchedSpan(span: SearchSpan): MatchedSpan {
  const service = span.attributes.find((kv) => kv.key === 'service.name');
  return {
    spanId: span.spanID,
    service: service ? keyValueText(service) : '',
    name: span.name,
    startMs: Number(BigInt(span.startTimeUnixNano) / NS_PER_MS),
    durationNs: Number(span.durationNanos),
    fields: fieldsOf(span.attributes.filter((kv) => kv !== service)),
  };
}

export function toMatchedTraces(response: SearchResponse): MatchedTrace[] {
  return response.traces.map((t) => ({
    traceId: t.traceID,
    rootService: t.rootServiceName,
    rootName: t.rootTraceName,
    startMs: Number(BigInt(t.startTimeUnixNano) / NS_PER_MS),
    durationNs: t.durationMs * 1e6,
    spanSets: t.spanSets.map((set) => ({ spans: set.spans.map(toMatchedSpan), matched: set.matched, fields: fieldsOf(set.attributes) })),
  }));
}

/** A series to draw: its legend name, points as [epoch ms, value], and its exemplars. */
export interface ChartSeries {
  name: string;
  points: [number, number][];
  exemplars: MetricsSeries['exemplars'];
}

/** `fallback` names a series without labels (the query's function). */
export function toChartSeries(series: MetricsSeries[], fallback: string): ChartSeries[] {
  return series.map((s) => ({ name: seriesName(s.labels, fallback), points: s.samples.map((p) => [p.timestampMs, p.value]), exemplars: s.exemplars }));
}

function labelValue(value: KeyValue['value']): string | number | boolean {
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  return 'nil';
}

/** The series with their labels as a record (int64 labels as numbers); exemplars are left out: nothing shows them yet. */
export function toMetricSeries({ series }: MetricsAnswer): MetricSeries[] {
  return series.map(({ labels, samples }) => ({ labels: Object.fromEntries(labels.map((l) => [l.key, labelValue(l.value)])), samples }));
}

/** One operation's calls in a trace's baseline ("slower than usual"). */
export interface BaselineOperation {
  service: string;
  name: string;
  kind: string;
  calls: number;
  p50Ns: number;
  p95Ns: number;
  p99Ns: number;
}

/** A span beside its operation's calls in the baseline: the share of them faster than it (0–100), its duration ÷ their median (0: no median). */
export interface BaselineMark {
  percentile: number;
  medianRatio: number;
  operation: BaselineOperation;
}

/** What a trace's spans were compared with, and each marked span (span id → mark); a span of an operation with too few calls has none. */
export interface SpanBaseline {
  traceId: string;
  against: ApiBaseline['against'];
  /** The run compared with (`previous-run`), as its origin and label: service.version=1.0. */
  run?: { origin: string; label: string };
  startMs: number;
  endMs: number;
  minCalls: number;
  marks: ReadonlyMap<string, BaselineMark>;
}

export function toBaseline(doc: ApiBaseline): SpanBaseline {
  const operations = doc.operations.map(({ p50Nano, p95Nano, p99Nano, ...op }) => ({ ...op, p50Ns: Number(p50Nano), p95Ns: Number(p95Nano), p99Ns: Number(p99Nano) }));
  return {
    traceId: doc.traceId,
    against: doc.against,
    ...(doc.run ? { run: { origin: doc.run.origin, label: doc.run.label } } : {}),
    startMs: Number(BigInt(doc.startTimeUnixNano) / NS_PER_MS),
    endMs: Number(BigInt(doc.endTimeUnixNano) / NS_PER_MS),
    minCalls: doc.minCalls,
    marks: new Map(doc.spans.map((s) => [s.spanId, { percentile: s.percentile, medianRatio: s.medianRatio, operation: operations[s.operation] }])),
  };
}

/** A run (GET /api/runs) with its time span in numbers: `null` while it has no span. */
export interface Run extends Omit<ApiRun, 'startTimeUnixNano' | 'endTimeUnixNano'> {
  startMs: number | null;
  /** Rounded up, so a window from startMs to endMs holds every span of the run. */
  endMs: number | null;
  durationNs: number;
}

export interface RunStats extends Omit<ApiRunStats, 'meanNano' | 'p50Nano' | 'p95Nano' | 'p99Nano'> {
  meanNs: number;
  p50Ns: number;
  p95Ns: number;
  p99Ns: number;
}

export interface QuantileChange extends Omit<ApiQuantileChange, 'deltaNano'> {
  deltaNs: number;
}

export type RunQuantile = 'p50' | 'p95' | 'p99';

export interface RunOperation extends Omit<ApiRunOperation, 'a' | 'b' | 'impactNano' | 'quantiles'> {
  a: RunStats;
  b: RunStats;
  impactNs: number;
  quantiles: Record<RunQuantile, QuantileChange> | null;
}

export interface RunComparison extends Omit<ApiRunComparison, 'runA' | 'runB' | 'operations' | 'regressions' | 'settings'> {
  runA: Run;
  runB: Run;
  operations: RunOperation[];
  regressions: RunOperation[];
  settings: Omit<ApiRunComparison['settings'], 'minChangeNano'> & { minChangeNs: number };
}

export function toRun({ startTimeUnixNano, endTimeUnixNano, ...rest }: ApiRun): Run {
  const start = BigInt(startTimeUnixNano);
  const end = BigInt(endTimeUnixNano);
  if (end === 0n) return { ...rest, startMs: null, endMs: null, durationNs: 0 };
  return { ...rest, startMs: Number(start / NS_PER_MS), endMs: Number((end + NS_PER_MS - 1n) / NS_PER_MS), durationNs: Number(end - start) };
}

function toRunStats({ meanNano, p50Nano, p95Nano, p99Nano, ...rest }: ApiRunStats): RunStats {
  return { ...rest, meanNs: Number(meanNano), p50Ns: Number(p50Nano), p95Ns: Number(p95Nano), p99Ns: Number(p99Nano) };
}

function toRunOperation({ a, b, impactNano, quantiles, ...rest }: ApiRunOperation): RunOperation {
  const change = ({ deltaNano, ...q }: ApiQuantileChange): QuantileChange => ({ ...q, deltaNs: Number(deltaNano) });
  return {
    ...rest,
    a: toRunStats(a),
    b: toRunStats(b),
    impactNs: Number(impactNano),
    quantiles: quantiles && { p50: change(quantiles.p50), p95: change(quantiles.p95), p99: change(quantiles.p99) },
  };
}

export function toRunComparison({ runA, runB, operations, regressions, settings: { minChangeNano, ...settings }, ...rest }: ApiRunComparison): RunComparison {
  const rows = operations.map(toRunOperation);
  // The regressions are rows of `operations` too: the same objects here, so a row is one thing on the page.
  const key = (op: ApiRunOperation) => JSON.stringify([op.service, op.name, op.kind, op.root]);
  const byKey = new Map(operations.map((op, i) => [key(op), rows[i]]));
  return {
    ...rest,
    runA: toRun(runA),
    runB: toRun(runB),
    operations: rows,
    regressions: regressions.map((op) => byKey.get(key(op)) ?? toRunOperation(op)),
    settings: { ...settings, minChangeNs: Number(minChangeNano) },
  };
}
