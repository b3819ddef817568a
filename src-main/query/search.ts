/**
 * Finding traces through the store's indexes: the planner shared by the field search and TraceQL. The indexes give
 * candidates, newest first; each candidate is verified on its spans by the TraceQL engine (the field search is a
 * spanset filter: field-search-filter.ts), so index shortcuts (hashes, per-trace rows) never change an answer.
 */
import type { TraceSummary } from '../model/api';
import { bloomMayHave, fingerprintsMayHave, TRACES_PER_BUCKET } from '../store/attribute-bloom';
import { attributeHash } from '../store/attribute-hash';
import { TRACES_BY_START_PAGE, type OperationIndexKey, type OperationIndexRow, type SpanRow, type StoreReader, type TraceRow } from '../store/store-reader';
import { spanFilter } from '../traceql/evaluate';
import { queryTrace } from '../traceql/query-trace';
import { mapNodeNamer } from './map-nodes';
import { callsOf } from '../store/service-calls';
import { toTraceSummary } from './api-documents';
import { fieldSearchFilter } from './field-search-filter';
import type { SearchQuery } from './search-query';
import { MAX_NS, MIN_NS } from './ns-range';

/** When the Bloom filters leave at most this share of the buckets, searching those buckets is the cheaper way in. */
const SELECTIVE_BUCKET_SHARE = 0.25;

/** The field search: the traces with a span that meets every condition of the query at once. */
export function searchTraces(reader: StoreReader, query: SearchQuery): TraceSummary[] {
  return searchTraceRows(reader, query).map((row) => toTraceSummary(reader, row));
}

/** The rows of the traces the field search finds, newest first; `checkTime` is called between candidates. */
export function searchTraceRows(reader: StoreReader, query: SearchQuery, checkTime: () => void = () => {}): TraceRow[] {
  const filter = fieldSearchFilter(query);
  const matches = filter === null ? () => true : spanFilter(filter);
  const holdsCall = query.call ? callFinder(reader, query.call) : () => true;
  const inWindow = (ns: bigint) => inRange(ns, query.startNs, query.endNs);
  const opIds = query.service !== undefined || query.operation !== undefined || query.spanKind !== undefined ? new Set(reader.operationIds(query.service, query.operation, query.spanKind)) : undefined;
  /** What a span's row already rules out, before its body is opened (the filter checks it again). */
  const rowMayMatch = (r: SpanRow) =>
    (opIds === undefined || opIds.has(r.op_id)) && (!query.errorsOnly || r.status === 2) && inRange(BigInt(r.duration_ns), query.minDurationNs, query.maxDurationNs) && inWindow(BigInt(r.start_ns));
  const verify = (row: TraceRow): boolean => {
    checkTime();
    if (!holdsCall(row.traceNo)) return false;
    // The trace's first span starts at the trace's start, so with no span condition a start inside the window settles it.
    if (filter === null && inWindow(row.startNs)) return true;
    return reader.spanRowsOfTrace(row.traceNo).some((spanRow) => {
      if (!rowMayMatch(spanRow)) return false;
      // The filter reads the span alone (no trace or parent fields): a trace of that span is enough.
      const trace = queryTrace([reader.toSpan(row.traceId, spanRow)]);
      return matches(trace, trace.spans[0]);
    });
  };
  return findTraces(reader, query, verify, query.call === undefined);
}

/**
 * The newest `plan.limit` traces that `verify` accepts, among the candidates the indexes give for `plan`: the span
 * conditions every answer meets (service, operation, kind, duration bounds, error status, attributes, the time
 * window). When `planIsQuery`, a candidate the operation index alone proves is not verified again.
 */
export function findTraces(reader: StoreReader, plan: SearchQuery, verify: (row: TraceRow) => boolean, planIsQuery = false): TraceRow[] {
  const wantedHashes = plan.attributes.map(({ key, value }) => valueTexts(value).map((text) => attributeHash(key, text)));
  const mayMatch = (row: TraceRow) => wantedHashes.every((variants) => variants.some((h) => fingerprintsMayHave(row.attrHashes, h)));
  const found: TraceRow[] = [];
  const seen = new Set<number>();
  const consider = (row: TraceRow | undefined, proven: boolean): boolean => {
    if (row === undefined || seen.has(row.traceNo)) return found.length < plan.limit;
    seen.add(row.traceNo);
    if ((proven && planIsQuery) || (traceMayMatch(plan, row) && mayMatch(row) && verify(row))) found.push(row);
    return found.length < plan.limit;
  };
  // The index gives a trace once per matching span: its row is read once (a new trace's thousands of spans came first).
  const considerNo = (traceNo: number, proven: boolean) => (seen.has(traceNo) ? found.length < plan.limit : consider(reader.traceByNo(traceNo), proven));

  const opIds = plan.service !== undefined || plan.operation !== undefined || plan.spanKind !== undefined ? reader.operationIds(plan.service, plan.operation, plan.spanKind) : undefined;
  if (opIds !== undefined && opIds.length === 0) return [];
  const buckets = plan.attributes.length > 0 ? candidateBuckets(reader, wantedHashes) : undefined;

  if (buckets && buckets.matching.length <= buckets.total * SELECTIVE_BUCKET_SHARE) {
    const candidates = buckets.matching.flatMap((bucket) => tracesInBucket(reader, bucket).filter(mayMatch));
    candidates.sort(newestFirst);
    for (const row of candidates) if (!consider(row, false)) break;
  } else if (opIds === undefined && plan.call?.source.startsWith('service:')) {
    // A call's source service narrows the candidates to traces with its spans; each candidate is then verified.
    const source = plan.call.source.slice('service:'.length);
    scanOperationIndex(reader, reader.operationIds(source, undefined), plan, (traceNo) => considerNo(traceNo, false));
  } else if (opIds !== undefined || plan.minDurationNs !== undefined || plan.maxDurationNs !== undefined) {
    const ids = opIds ?? reader.operationIds(undefined, undefined);
    // The operation index answers service, operation, duration and time; attributes and status need the span.
    const indexIsEnough = plan.attributes.length === 0 && !plan.errorsOnly;
    scanOperationIndex(reader, ids, plan, (traceNo) => considerNo(traceNo, indexIsEnough));
  } else {
    scanTracesByStart(reader, plan, (traceNo) => considerNo(traceNo, false));
  }
  found.sort(newestFirst);
  return found;
}

/** What the trace's row rules out: a trace outside the window, or without errors when errors are asked for. */
function traceMayMatch(plan: SearchQuery, row: TraceRow): boolean {
  if (plan.startNs !== undefined && row.endNs < plan.startNs) return false;
  if (plan.endNs !== undefined && row.startNs > plan.endNs) return false;
  return !plan.errorsOnly || row.errorCount > 0;
}

/** Whether a trace holds a call between two service-map nodes (service-calls.ts decides what a call is). */
function callFinder(reader: StoreReader, call: { source: string; target: string }): (traceNo: number) => boolean {
  const name = mapNodeNamer(reader);
  const nodeId = (ref: number) => name(ref).id;
  return (traceNo) => callsOf(reader.callSpans(traceNo, traceNo).get(traceNo) ?? []).some((c) => nodeId(c.source) === call.source && nodeId(c.target) === call.target);
}

function newestFirst(a: TraceRow, b: TraceRow): number {
  return a.startNs > b.startNs ? -1 : a.startNs < b.startNs ? 1 : b.traceNo - a.traceNo;
}

/** The texts whose hashes an attribute's value may have been indexed under: itself, and numbers' canonical form (`72.50`, 72.5). */
function valueTexts(value: string): string[] {
  const n = Number(value);
  const canonical = value.trim() !== '' && Number.isFinite(n) ? String(n) : value;
  return canonical === value ? [value] : [value, canonical];
}

function inRange(value: bigint, min: bigint | undefined, max: bigint | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

/** Buckets whose Bloom filter may hold every searched attribute, newest first. */
function candidateBuckets(reader: StoreReader, wantedHashes: number[][]): { matching: number[]; total: number } {
  const rows = reader.attributeBlooms();
  const matching = rows
    .filter(({ bloom }) => wantedHashes.every((variants) => variants.some((h) => bloomMayHave(bloom, h))))
    .map((r) => r.bucket);
  return { matching, total: rows.length };
}

function tracesInBucket(reader: StoreReader, bucket: number): TraceRow[] {
  return reader.tracesBetween(bucket * TRACES_PER_BUCKET, (bucket + 1) * TRACES_PER_BUCKET - 1);
}

/** Traces with a span of one of the operations in the window and duration bounds, by span start, newest first. */
function scanOperationIndex(reader: StoreReader, opIds: number[], query: SearchQuery, visit: (traceNo: number) => boolean): void {
  // Each operation's first page is its share of the limit (a service can have a hundred operations); pages grow from there.
  const firstPage = Math.max(4, Math.ceil((2 * query.limit) / opIds.length));
  type Row = OperationIndexRow;
  const minDuration = query.minDurationNs ?? MIN_NS;
  const maxDuration = query.maxDurationNs ?? MAX_NS;
  const sources = opIds.map((opId) => ({
    opId,
    rows: [] as Row[],
    next: 0,
    pageSize: firstPage,
    exhausted: false,
    after: [query.endNs ?? MAX_NS, MAX_NS, MAX_NS, Buffer.alloc(8, 0xff)] as OperationIndexKey,
  }));
  const head = (s: (typeof sources)[number]): Row | undefined => {
    if (s.next < s.rows.length) return s.rows[s.next];
    if (s.exhausted) return undefined;
    s.rows = reader.operationIndexPage(s.opId, query.startNs ?? MIN_NS, minDuration, maxDuration, s.after, s.pageSize);
    s.next = 0;
    if (s.rows.length < s.pageSize) s.exhausted = true;
    s.pageSize = Math.min(s.pageSize * 4, 1024);
    const last = s.rows[s.rows.length - 1];
    if (last) s.after = [last.start_ns, last.duration_ns, last.trace_no, last.span_id];
    return s.rows[0];
  };
  for (;;) {
    let best: (typeof sources)[number] | undefined;
    let bestRow: Row | undefined;
    for (const s of sources) {
      const row = head(s);
      if (row && (!bestRow || row.start_ns > bestRow.start_ns)) {
        best = s;
        bestRow = row;
      }
    }
    if (!best || !bestRow) return;
    best.next++;
    if (!visit(Number(bestRow.trace_no))) return;
  }
}

/** Every trace that overlaps the window, latest start first. */
function scanTracesByStart(reader: StoreReader, query: SearchQuery, visit: (traceNo: number) => boolean): void {
  let after: [bigint, bigint] = [query.endNs ?? MAX_NS, MAX_NS];
  for (;;) {
    const rows = reader.tracesByStartPage(after, query.startNs ?? MIN_NS);
    for (const row of rows) if (!visit(Number(row.trace_no))) return;
    if (rows.length < TRACES_BY_START_PAGE) return;
    const last = rows[rows.length - 1];
    after = [last.start_ns, last.trace_no];
  }
}
