import type { Operation, TraceSummary } from '../model/api';
import type { Span } from '../model/span';
import type { StoreReader } from '../store/store-reader';
import { toTraceSummary } from './api-documents';
import { findInTrace } from './find-in-trace';
import { waterfallJson } from './waterfall-json';
import { spanJson, traceJson } from './trace-json';

export function listServices(reader: StoreReader): string[] {
  return [...new Set(reader.serviceNames().values())].sort();
}

/** At most this many attribute keys in `GET /api/search/tags` (a store with a key per request id could have millions). */
export const MAX_TAG_NAMES = 5000;

/** Resources read for their keys: one a process, so a few hundred cover a laptop's services. */
const RESOURCES_FOR_TAGS = 1000;

/** `GET /api/search/tags`, as Tempo's (v1) answers it: the attribute keys the store has seen (span, event, link, resource), sorted. */
export function listTagNames(reader: StoreReader): { tagNames: string[] } {
  const keys = new Set([...reader.attributeKeys(MAX_TAG_NAMES), ...reader.resourceKeys(RESOURCES_FOR_TAGS)]);
  return { tagNames: [...keys].sort().slice(0, MAX_TAG_NAMES) };
}

export function listOperations(reader: StoreReader, service: string): Operation[] {
  const seen = new Map<string, Operation>();
  for (const op of reader.operationsOf(service)) {
    seen.set(`${op.kind} ${op.name}`, { name: op.name, kind: op.kind });
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
}

/** The spans of a trace in start order, or undefined when the store does not have it. */
export function loadTraceSpans(reader: StoreReader, traceId: string): Span[] | undefined {
  const row = reader.traceById(traceId);
  if (!row) return undefined;
  return reader.spanRowsOfTrace(row.traceNo).map((r) => reader.toSpan(row.traceId, r));
}

/** The ApiTrace document of a trace, as UTF-8 JSON (see trace-json.ts), or undefined when the store does not have it. */
export function getTraceJson(reader: StoreReader, traceId: string): Buffer | undefined {
  const row = reader.traceById(traceId);
  return row && traceJson(reader, row.traceId, reader.spanRowsOfTrace(row.traceNo));
}

export function getTraceSummary(reader: StoreReader, traceId: string): TraceSummary | undefined {
  const row = reader.traceById(traceId);
  return row && toTraceSummary(reader, row);
}

/** The compact waterfall document of a trace (see waterfall-json.ts), as UTF-8 JSON. */
export function getWaterfallJson(reader: StoreReader, traceId: string): Buffer | undefined {
  const row = reader.traceById(traceId);
  return row && Buffer.from(waterfallJson(reader, row));
}

/** One span's full document (ApiSpan) as UTF-8 JSON, or undefined when the store does not have it. */
export function getSpanJson(reader: StoreReader, traceId: string, spanId: string): Buffer | undefined {
  const trace = reader.traceById(traceId);
  const row = trace && reader.spanRow(trace.traceNo, spanId);
  return row && Buffer.from(spanJson(reader, trace.traceId, row));
}

/** Ids of the spans of a trace that a find matches, in start order. */
export function findSpans(reader: StoreReader, traceId: string, text: string): string[] | undefined {
  const spans = loadTraceSpans(reader, traceId);
  return spans && findInTrace(spans, text);
}
