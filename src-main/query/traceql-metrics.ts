/**
 * `GET /api/metrics/query_range`: a TraceQL metrics query over a time range. Candidates come through the field
 * search's planner (the query's index hints, spans starting in the range); every matching span is counted into
 * its step; nothing of a trace is kept once it is counted, so memory grows with the series, not the store.
 */
import type { MetricsSeries } from '../model/api';
import type { ParsedQuery } from '../traceql/ast';
import { evaluateTrace } from '../traceql/evaluate';
import { indexHints } from '../traceql/index-hints';
import { MAX_BUCKETS, MetricsAccumulator } from '../traceql/metrics';
import { queryTrace } from '../traceql/query-trace';
import type { StoreReader } from '../store/store-reader';
import { keyValue } from './key-value';
import { QueryError } from './query-error';
import { findTraces } from './search';

export interface MetricsQuery {
  startMs: number;
  endMs: number;
  stepMs: number;
}

/** One series as the API answers it (`MetricsSeries`, in the model). */
export type SeriesJson = MetricsSeries;

export function traceqlMetrics(reader: StoreReader, query: ParsedQuery, range: MetricsQuery): { series: SeriesJson[] } {
  if (!query.metrics) throw new QueryError('this query has no metrics function: add one, e.g. | rate(), or ask /api/search for its traces');
  if (query.metrics.type === 'compare') throw new QueryError('compare() is not supported by Spanscope yet: use two queries with rate() or quantile_over_time()');
  if ((range.endMs - range.startMs) / range.stepMs > MAX_BUCKETS) throw new QueryError(`the range holds more than ${MAX_BUCKETS} steps: use a larger step`);
  const accumulator = new MetricsAccumulator(query, range);
  const startNs = BigInt(range.startMs) * 1_000_000n;
  const endNs = BigInt(range.endMs) * 1_000_000n - 1n;
  findTraces(reader, { ...indexHints(query.pipeline), startNs, endNs, limit: Number.MAX_SAFE_INTEGER }, (row) => {
    const spans = reader.spanRowsOfTrace(row.traceNo).map((spanRow) => reader.toSpan(row.traceId, spanRow));
    const trace = queryTrace(spans);
    accumulator.add(trace, evaluateTrace(query.pipeline, trace));
    return false;
  });
  return { series: accumulator.result().map((s) => ({ ...s, labels: s.labels.map((l) => keyValue(l.key, l.value)) })) };
}
