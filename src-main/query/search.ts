/**
 * Trace search with span-level semantics: a trace matches when one span meets service, operation, every
 * attribute, the span kind, the duration bounds, the status and the time window together. Indexes give candidates; each
 * candidate is verified against its spans, so index shortcuts (hashes, per-trace rows) never change an answer.
 */
import type { TraceSummary } from '../model/api';
import { anyValueText } from '../model/any-value-text';
import type { Attributes, Span } from '../model/span';
import { bloomMayHave, fingerprintsMayHave, TRACES_PER_BUCKET } from '../store/attribute-bloom';
import { attributeHash } from '../store/attribute-hash';
import { TRACES_BY_START_PAGE, type OperationIndexKey, type OperationIndexRow, type StoreReader, type TraceRow } from '../store/store-reader';
import { mapNodeNamer } from './map-nodes';
import { callsOf } from '../store/service-calls';
import { toTraceSummary } from './api-documents';
import type { SearchQuery } from './search-query';
import { MAX_NS, MIN_NS } from './ns-range';

/** When the Bloom filters leave at most this share of the buckets, searching those buckets is the cheaper way in. */
const SELECTIVE_BUCKET_SHARE = 0.25;

export function searchTraces(reader: StoreReader, query: SearchQuery): TraceSummary[] {
  return findTraces(reader, query).map((row) => toTraceSummary(reader, row));
}

/**
 * The newest `query.limit` traces that meet the query and, when given, `alsoMatches` (a TraceQL query verified on
 * the trace after the query's index answer has narrowed the candidates).
 */
export function findTraces(reader: StoreReader, query: SearchQuery, alsoMatches?: (row: TraceRow) => boolean): TraceRow[] {
  const matcher = new SpanMatcher(reader, query);
  const holdsCall = query.call ? callFinder(reader, query.call) : () => true;
  const found: TraceRow[] = [];
  const seen = new Set<number>();
  const consider = (row: TraceRow | undefined, verified: boolean): boolean => {
    if (row === undefined || seen.has(row.traceNo)) return found.length < query.limit;
    seen.add(row.traceNo);
    if ((verified || matcher.traceMatches(row)) && holdsCall(row.traceNo) && (alsoMatches === undefined || alsoMatches(row))) found.push(row);
    return found.length < query.limit;
  };
  const considerNo = (traceNo: number, verified: boolean) => consider(reader.traceByNo(traceNo), verified);

  const opIds = matcher.opIds;
  if (opIds !== undefined && opIds.length === 0) return [];
  const buckets = query.attributes.length > 0 ? candidateBuckets(reader, matcher.wantedHashes) : undefined;

  if (buckets && buckets.matching.length <= buckets.total * SELECTIVE_BUCKET_SHARE) {
    const candidates = buckets.matching.flatMap((bucket) => tracesInBucket(reader, bucket).filter((row) => matcher.traceMayMatch(row)));
    candidates.sort(newestFirst);
    for (const row of candidates) if (!consider(row, false)) break;
  } else if (opIds === undefined && query.call?.source.startsWith('service:')) {
    // A call's source service narrows the candidates to traces with its spans; each candidate is then verified.
    const source = query.call.source.slice('service:'.length);
    scanOperationIndex(reader, reader.operationIds(source, undefined), query, (traceNo) => considerNo(traceNo, false));
  } else if (opIds !== undefined || query.minDurationNs !== undefined || query.maxDurationNs !== undefined) {
    const ids = opIds ?? reader.operationIds(undefined, undefined);
    // The operation index answers service, operation, duration and time; attributes and status need the span.
    const indexIsEnough = query.attributes.length === 0 && !query.errorsOnly;
    scanOperationIndex(reader, ids, query, (traceNo) => considerNo(traceNo, indexIsEnough));
  } else {
    scanTracesByStart(reader, query, (traceNo) => considerNo(traceNo, false));
  }
  found.sort(newestFirst);
  return found;
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

/** Decides whether a span (or a trace) meets the query. */
class SpanMatcher {
  readonly opIds: number[] | undefined;
  private readonly opSet: Set<number> | undefined;
  private readonly wanted: { key: string; texts: string[] }[];
  /** Per searched attribute, the hashes any of which a trace must hold. */
  readonly wantedHashes: number[][];

  constructor(
    private readonly reader: StoreReader,
    private readonly query: SearchQuery,
  ) {
    if (query.service !== undefined || query.operation !== undefined || query.spanKind !== undefined) {
      this.opIds = reader.operationIds(query.service, query.operation, query.spanKind);
      this.opSet = new Set(this.opIds);
    }
    this.wanted = query.attributes.map((a) => ({ key: a.key, texts: valueTexts(a.value) }));
    this.wantedHashes = this.wanted.map(({ key, texts }) => texts.map((text) => attributeHash(key, text)));
  }

  /** The trace's hash list rules it out, or not (then its spans decide). */
  traceMayMatch(row: TraceRow): boolean {
    return this.wantedHashes.every((variants) => variants.some((h) => fingerprintsMayHave(row.attrHashes, h)));
  }

  traceMatches(row: TraceRow): boolean {
    const q = this.query;
    if (!this.traceMayMatch(row)) return false;
    if (q.startNs !== undefined && row.endNs < q.startNs) return false;
    if (q.endNs !== undefined && row.startNs > q.endNs) return false;
    if (q.errorsOnly && row.errorCount === 0) return false;
    const onlyTraceLevel = !this.opSet && this.wanted.length === 0 && q.minDurationNs === undefined && q.maxDurationNs === undefined;
    // The trace's first span starts at the trace's start, so a start inside the window settles it.
    if (onlyTraceLevel && inRange(row.startNs, q.startNs, q.endNs)) return true;
    for (const spanRow of this.reader.spanRowsOfTrace(row.traceNo)) {
      if (this.opSet && !this.opSet.has(spanRow.op_id)) continue;
      if (q.errorsOnly && spanRow.status !== 2) continue;
      if (!inRange(BigInt(spanRow.duration_ns), q.minDurationNs, q.maxDurationNs)) continue;
      if (!inRange(BigInt(spanRow.start_ns), q.startNs, q.endNs)) continue;
      if (this.wanted.length === 0 || this.attributesMatch(this.reader.toSpan(row.traceId, spanRow))) return true;
    }
    return false;
  }

  private attributesMatch(span: Span): boolean {
    return this.wanted.every(({ key, texts }) => {
      const has = (attributes: Attributes) => key in attributes && texts.includes(anyValueText(attributes[key]));
      return (
        has(span.attributes) ||
        has(span.resource.attributes) ||
        has(span.scope.attributes) ||
        span.events.some((e) => has(e.attributes)) ||
        span.links.some((l) => has(l.attributes))
      );
    });
  }
}

/** The texts a searched value matches: itself, and for numbers their canonical form (`72.50` finds 72.5). */
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
