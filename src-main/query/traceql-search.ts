/**
 * A TraceQL search over the store: the query's index hints narrow the candidate traces (through the same planner
 * as the field search), each candidate's spans are loaded and the whole query runs on them; the answer is
 * Tempo's `/api/search` document, newest traces first, with their matching spansets.
 */
import type { SearchResponse, SearchSpanset } from '../model/api';
import { serviceOf } from '../model/span';
import type { ParsedQuery } from '../traceql/ast';
import { evaluateTrace, type Spanset } from '../traceql/evaluate';
import { fieldValue } from '../traceql/field-values';
import { indexHints } from '../traceql/index-hints';
import { queryTrace, type QueryTrace } from '../traceql/query-trace';
import { readsSpanBody } from '../traceql/reads-span-body';
import type { StoreReader, TraceRow } from '../store/store-reader';
import { toTraceSummary } from './api-documents';
import { keyValue } from './key-value';
import { QueryError } from './query-error';
import { deadline } from './query-deadline';
import { findTraces } from './search';

export interface TraceQLSearchOptions {
  startNs?: bigint;
  endNs?: bigint;
  limit: number;
  /** Spans listed per spanset (`spss`); `matched` still counts them all. */
  spansPerSpanset: number;
  /** True once the asker has gone away. */
  cancelled?: () => boolean;
}

export function traceqlSearch(reader: StoreReader, query: ParsedQuery, options: TraceQLSearchOptions): SearchResponse {
  if (query.metrics) throw new QueryError('this is a metrics query; ask /api/metrics/query_range for its series');
  const matches = new Map<number, { trace: QueryTrace; sets: Spanset[] }>();
  let inspectedTraces = 0;
  let inspectedSpans = 0;
  const rows = traceqlTraceRows(reader, query, options, (row, trace, sets) => {
    inspectedTraces++;
    inspectedSpans += trace.spans.length;
    if (sets.length > 0) matches.set(row.traceNo, { trace, sets });
  });
  return {
    traces: rows.map((row) => {
      const { trace, sets } = matches.get(row.traceNo)!;
      const summary = toTraceSummary(reader, row);
      const spanSets = sets.map((set) => spansetJson(query, trace, set, options.spansPerSpanset));
      return {
        traceID: row.traceId,
        rootServiceName: summary.rootService,
        rootTraceName: summary.rootName,
        startTimeUnixNano: row.startNs.toString(),
        durationMs: Math.round(Number(row.endNs - row.startNs) / 1e6),
        spanSets,
        spanSet: spanSets[0],
      };
    }),
    metrics: { inspectedTraces, inspectedSpans },
  };
}

/**
 * The rows of the newest `options.limit` traces the query matches (a non-empty spanset), newest first; `onTrace` sees
 * each trace inspected, with its spansets.
 */
export function traceqlTraceRows(
  reader: StoreReader,
  query: ParsedQuery,
  options: Pick<TraceQLSearchOptions, 'startNs' | 'endNs' | 'limit' | 'cancelled'>,
  onTrace: (row: TraceRow, trace: QueryTrace, sets: Spanset[]) => void = () => {},
): TraceRow[] {
  const hints = indexHints(query.pipeline);
  const checkTime = deadline(undefined, undefined, options.cancelled);
  const spanOf = readsSpanBody(query) ? reader.toSpan.bind(reader) : reader.toRowSpan.bind(reader);
  return findTraces(reader, { ...hints, startNs: options.startNs, endNs: options.endNs, limit: options.limit }, (row) => {
    checkTime();
    const trace = queryTrace(reader.spanRowsOfTrace(row.traceNo).map((spanRow) => spanOf(row.traceId, spanRow)));
    const sets = evaluateTrace(query.pipeline, trace).filter((s) => s.spans.length > 0);
    onTrace(row, trace, sets);
    return sets.length > 0;
  });
}

/** The spanset as Tempo lists it: spans by start, the first `limit`, each with its service and the fields select() named. */
function spansetJson(query: ParsedQuery, trace: QueryTrace, set: Spanset, limit: number): SearchSpanset {
  const spans = [...set.spans].sort((a, b) => (a.span.startTimeUnixNano < b.span.startTimeUnixNano ? -1 : a.span.startTimeUnixNano > b.span.startTimeUnixNano ? 1 : 0)).slice(0, limit);
  const text = (node: { from: number; to: number }) => query.source.slice(node.from, node.to);
  const out: SearchSpanset = {
    spans: spans.map((node) => ({
      spanID: node.span.spanId,
      name: node.span.name,
      startTimeUnixNano: node.span.startTimeUnixNano.toString(),
      durationNanos: (node.span.endTimeUnixNano - node.span.startTimeUnixNano).toString(),
      attributes: [
        keyValue('service.name', serviceOf(node.span.resource)),
        ...set.selected.flatMap((field) => {
          const value = fieldValue(field, { trace, node });
          return value === null ? [] : [keyValue(text(field), value)];
        }),
      ],
    })),
    matched: set.spans.length,
  };
  const attributes = set.groups.map((g) => keyValue(`by(${text(g.field)})`, g.value));
  if (set.scalar !== undefined) attributes.push(keyValue('scalar', set.scalar));
  if (attributes.length > 0) out.attributes = attributes;
  return out;
}
