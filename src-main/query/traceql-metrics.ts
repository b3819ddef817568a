/**
 * `GET /api/metrics/query_range`: a TraceQL metrics query over a time range. Memory grows with the series, not
 * the store: each matching span is counted into its step and let go.
 *
 * Three ways in. When the query reads only what a span's index row holds (its operation's service, name and kind,
 * its status, start and duration), it runs per operation: whole minutes of a step come from the spans the store
 * counted per minute, operation and status (op_minutes), if the function needs no more than a count, a sum, the
 * smallest and largest duration and a latency histogram; the rest of the range from the `spans_by_op` index, no
 * span body opened. Otherwise candidates come through the field search's planner and each candidate trace runs
 * the whole query.
 */
import type { MetricsSeries } from '../model/api';
import { newAttributes, type Resource, type Span } from '../model/span';
import type { FieldExpression, MetricsAggregate, ParsedQuery, SpansetFilter } from '../traceql/ast';
import { CompareAccumulator } from '../traceql/compare';
import { evaluateTrace } from '../traceql/evaluate';
import { fieldValue, truthy } from '../traceql/field-values';
import { indexHints } from '../traceql/index-hints';
import { MAX_BUCKETS, MetricsAccumulator, type Label, type MetricsRange } from '../traceql/metrics';
import { queryTrace, type QuerySpan, type QueryTrace } from '../traceql/query-trace';
import { readsSpanBody } from '../traceql/reads-span-body';
import { allNodes } from '../traceql/walk';
import type { StoreReader } from '../store/store-reader';
import { keyValue } from './key-value';
import { deadline } from './query-deadline';
import { QueryError } from './query-error';
import { findTraces } from './search';

export interface MetricsQuery extends MetricsRange {
  /** True once the asker has gone away. */
  cancelled?: () => boolean;
}

/** One series as the API answers it (`MetricsSeries`, in the model). */
export type SeriesJson = MetricsSeries;

export function traceqlMetrics(reader: StoreReader, query: ParsedQuery, range: MetricsQuery): { series: SeriesJson[] } {
  if (!query.metrics) throw new QueryError('this query has no metrics function: add one, e.g. | rate(), or ask /api/search for its traces');
  if ((range.endMs - range.startMs) / range.stepMs > MAX_BUCKETS) throw new QueryError(`the range holds more than ${MAX_BUCKETS} steps: use a larger step`);
  const startNs = BigInt(range.startMs) * 1_000_000n;
  const endNs = BigInt(range.endMs) * 1_000_000n;
  const filter = rowFilter(query);
  const checkTime = deadline(undefined, undefined, range.cancelled);
  const accumulator = query.metrics.type === 'compare' ? new CompareAccumulator(query, range) : new MetricsAccumulator(query, range);
  if (filter !== undefined && accumulator instanceof MetricsAccumulator) countOperations(reader, query, filter, range, accumulator, checkTime);
  else countTraces(reader, query, startNs, endNs, accumulator, checkTime);
  return {
    series: accumulator.result().map((s) => ({
      ...s,
      labels: s.labels.map((l) => keyValue(l.key, l.value)),
      // An exemplar's trace may have been evicted since its minute was counted.
      exemplars: s.exemplars.map((e) => ({ ...e, traceId: exemplarTraceId(reader, e.traceId) })).filter((e) => e.traceId !== ''),
    })),
  };
}

function countTraces(reader: StoreReader, query: ParsedQuery, startNs: bigint, endNs: bigint, accumulator: MetricsAccumulator | CompareAccumulator, checkTime: () => void): void {
  const spanOf = readsSpanBody(query) ? reader.toSpan.bind(reader) : reader.toRowSpan.bind(reader);
  findTraces(reader, { ...indexHints(query.pipeline), startNs, endNs: endNs - 1n, limit: Number.MAX_SAFE_INTEGER }, (row) => {
    checkTime();
    const trace = queryTrace(reader.spanRowsOfTrace(row.traceNo).map((spanRow) => spanOf(row.traceId, spanRow)));
    accumulator.add(trace, evaluateTrace(query.pipeline, trace));
    return false;
  });
}

const ROW_INTRINSICS = new Set(['span:name', 'span:kind', 'span:status', 'span:duration']);

/** The filter (null for `{ }`) when everything the query reads is in a span's index row; undefined otherwise. */
function rowFilter(query: ParsedQuery): FieldExpression | null | undefined {
  const [stage, ...rest] = query.pipeline.stages;
  if (rest.length > 0 || stage?.type !== 'spansetFilter' || query.metrics?.type !== 'metricsAggregate') return undefined;
  const read = [(stage as SpansetFilter).expression, query.metrics.field, ...query.metrics.by].filter((e) => e !== null);
  const fromRow = read.every((e) => [...allNodes(e)].every((n) => n.type === 'static' || n.type === 'binary' || n.type === 'unary' || (n.type === 'intrinsic' && ROW_INTRINSICS.has(n.name)) || (n.type === 'attribute' && n.scope === 'resource' && !n.parent && n.name === 'service.name')));
  return fromRow ? (stage as SpansetFilter).expression : undefined;
}

/** The part of a range whose spans are read one by one: [startMs, endMs). */
export type Gap = [startMs: number, endMs: number];

const MINUTE_MS = 60_000;

/**
 * Splits a range into the whole minutes that each fall inside one step (their counts can be read from op_minutes)
 * and the gaps between them, read span by span. With a start and a step on whole minutes, there are no gaps but
 * a last part-minute.
 */
export function minutesAndGaps({ startMs, endMs, stepMs }: MetricsRange): { minutes: [first: number, end: number]; usable: (minute: number) => boolean; gaps: Gap[] } {
  const stepOf = (ms: number) => Math.floor((ms - startMs) / stepMs);
  const usable = (m: number) => stepOf(m * MINUTE_MS) === stepOf((m + 1) * MINUTE_MS - 1);
  const first = Math.ceil(startMs / MINUTE_MS);
  const end = Math.max(first, Math.floor(endMs / MINUTE_MS));
  const gaps: Gap[] = [];
  let cursor = startMs;
  for (let m = first; m < end; m++) {
    if (!usable(m)) continue;
    if (m * MINUTE_MS > cursor) gaps.push([cursor, m * MINUTE_MS]);
    cursor = (m + 1) * MINUTE_MS;
  }
  if (cursor < endMs) gaps.push([cursor, endMs]);
  return { minutes: [first, end], usable, gaps };
}

/** An operation as a one-span trace, for what the query reads of a span's operation, status and duration. */
interface OperationSpan {
  ctx: { trace: QueryTrace; node: QuerySpan };
  /** The series labels when they depend on the operation alone. */
  labels: Label[];
  key: string;
}

function countOperations(reader: StoreReader, query: ParsedQuery, filter: FieldExpression | null, range: MetricsQuery, accumulator: MetricsAccumulator, checkTime: () => void): void {
  const metrics = query.metrics as MetricsAggregate;
  const reads = (e: FieldExpression | null, name: string) => e !== null && [...allNodes(e)].some((n) => n.type === 'intrinsic' && n.name === name);
  const readsDuration = reads(filter, 'span:duration') || metrics.by.some((b) => reads(b, 'span:duration'));
  const perRow = (e: FieldExpression | null) => reads(e, 'span:status') || reads(e, 'span:duration');
  // What depends on the operation alone is worked out once per operation, not once per span.
  const filterPerRow = perRow(filter);
  const labelsPerRow = metrics.by.some(perRow);
  const needsStatus = reads(filter, 'span:status') || metrics.by.some((b) => reads(b, 'span:status'));
  const measured = metrics.field === null ? undefined : metrics.field;
  const measuresDuration = measured?.type === 'intrinsic' && measured.name === 'span:duration';
  const operations = operationSpans(reader, query, filter, filterPerRow, labelsPerRow, accumulator);
  const { minutes, usable, gaps } = accumulator.takesMinutes && !readsDuration ? minutesAndGaps(range) : { minutes: [0, 0], usable: () => false, gaps: [[range.startMs, range.endMs] as Gap] };

  /** Sets the row's status and duration on its operation's span, and answers whether it passes the filter. */
  const passes = (op: OperationSpan, status: number, durationNs: number): boolean => {
    if (!filterPerRow && !labelsPerRow && (!measured || measuresDuration)) return true;
    op.ctx.node.span.endTimeUnixNano = BigInt(durationNs);
    op.ctx.node.span.status = status === 2 ? ERROR : status === 1 ? OK : UNSET;
    if (filterPerRow && !truthy(filter!, op.ctx)) return false;
    if (labelsPerRow) {
      op.labels = accumulator.labelsOf(op.ctx.trace, op.ctx.node);
      op.key = JSON.stringify(op.labels.map((l) => l.value));
    }
    return true;
  };

  let seen = 0;
  for (const row of reader.operationMinutes(minutes[0], minutes[1])) {
    const op = operations.get(row.opId);
    if (!op || !usable(row.minute)) continue;
    if (++seen % 10_000 === 0) checkTime();
    if (!passes(op, row.status, 0)) continue;
    const slowest = { traceId: `#${row.slowestTraceNo}`, spanId: row.slowestSpanId.toString('hex') };
    accumulator.addMinute(op.key, op.labels, row.minute * MINUTE_MS, { ...row, slowest });
  }
  for (const [opId, op] of operations) {
    for (const [gapStart, gapEnd] of gaps) {
      const rows = reader.operationSpansInWindow(opId, BigInt(gapStart) * 1_000_000n, BigInt(gapEnd) * 1_000_000n, needsStatus);
      for (const [traceNo, startMs, duration, spanId, status] of rows) {
        if (++seen % 10_000 === 0) checkTime();
        if (!passes(op, status ?? 0, duration)) continue;
        let value = measuresDuration ? duration : 1;
        if (measured && !measuresDuration) {
          const v = fieldValue(measured, op.ctx);
          if (typeof v !== 'number') continue;
          value = v;
        }
        // The trace is named by its row number until an exemplar needs its id (exemplarTraceId).
        accumulator.addValue(op.key, op.labels, startMs, value, `#${traceNo}`, () => spanId.toString('hex'));
      }
    }
  }
}

/** The hinted operations whose spans may match, each as a one-span trace; those the filter refuses by their operation alone are left out. */
function operationSpans(reader: StoreReader, query: ParsedQuery, filter: FieldExpression | null, filterPerRow: boolean, labelsPerRow: boolean, accumulator: MetricsAccumulator): Map<number, OperationSpan> {
  const hints = indexHints(query.pipeline);
  const resources = new Map<number, Resource>();
  const out = new Map<number, OperationSpan>();
  for (const opId of reader.operationIds(hints.service, hints.operation, hints.spanKind)) {
    const op = reader.operation(opId);
    let resource = resources.get(op.serviceId);
    if (!resource) resources.set(op.serviceId, (resource = { attributes: Object.assign(newAttributes(), { 'service.name': reader.serviceName(op.serviceId) }), droppedAttributesCount: 0, schemaUrl: '' }));
    const node: QuerySpan = { span: rowSpan(op.name, op.kind, resource), parent: undefined, children: [], left: 0, right: 0 };
    const trace: QueryTrace = { traceId: '', spans: [node], root: undefined, startNs: 0n, durationNs: 0n };
    const ctx = { trace, node };
    if (filter !== null && !filterPerRow && !truthy(filter, ctx)) continue;
    const labels = labelsPerRow ? [] : accumulator.labelsOf(trace, node);
    out.set(opId, { ctx, labels, key: JSON.stringify(labels.map((l) => l.value)) });
  }
  return out;
}

const ERROR = { code: 'ERROR', message: '' } as const;
const OK = { code: 'OK', message: '' } as const;
const UNSET = { code: 'UNSET', message: '' } as const;

const NO_ATTRIBUTES = newAttributes();

function rowSpan(name: string, kind: Span['kind'], resource: Resource): Span {
  return {
    traceId: '', spanId: '', parentSpanId: '', traceState: '', flags: 0, name, kind,
    startTimeUnixNano: 0n, endTimeUnixNano: 0n, attributes: NO_ATTRIBUTES, droppedAttributesCount: 0, events: [], droppedEventsCount: 0,
    links: [], droppedLinksCount: 0, status: { code: 'UNSET', message: '' }, resource,
    scope: { name: '', version: '', attributes: NO_ATTRIBUTES, droppedAttributesCount: 0, schemaUrl: '' },
  };
}

function exemplarTraceId(reader: StoreReader, id: string): string {
  return id.startsWith('#') ? (reader.traceByNo(Number(id.slice(1)))?.traceId ?? '') : id;
}
