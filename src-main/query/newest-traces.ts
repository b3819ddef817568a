/**
 * The newest traces as a query sees them, for the answers Tempo takes from recent data (tag names, tag values):
 * newest first, within a time window when one is given, until about `maxSpans` spans have been read.
 */
import type { StoreReader } from '../store/store-reader';
import { queryTrace, type QueryTrace } from '../traceql/query-trace';

export interface TimeWindow {
  startNs?: bigint;
  endNs?: bigint;
}

export function* newestTraces(reader: StoreReader, window: TimeWindow, maxSpans: number): Generator<QueryTrace> {
  let spans = 0;
  for (const row of reader.newestTraces(maxSpans)) {
    if ((window.startNs !== undefined && row.endNs < window.startNs) || (window.endNs !== undefined && row.startNs > window.endNs)) continue;
    const trace = queryTrace(reader.spanRowsOfTrace(row.traceNo).map((spanRow) => reader.toSpan(row.traceId, spanRow)));
    yield trace;
    spans += trace.spans.length;
    if (spans >= maxSpans) return;
  }
}
