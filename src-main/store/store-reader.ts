/**
 * Reads stored spans back into the model: dictionaries (services, operations, keys, resources, scopes) cached
 * within byte budgets (READER_CACHE_BYTES), read from the database on a miss.
 */
import type Database from 'better-sqlite3';
import { addTo, type Histogram } from '../model/latency-histogram';
import { toOperationMinute, type OperationMinute } from './operation-minutes';
import { callSpansReader } from './call-spans';
import type { CallSpan } from './service-calls';
import { newAttributes, SPAN_KINDS, STATUS_CODES, type Resource, type Scope, type Span, type SpanKind } from '../model/span';
import { ByteBudgetMap } from './byte-budget-map';
import type { KeyLookup, StoredKeys } from './key-dictionary';
import { readResourceBody, readScopeBody, readSpanBody } from './span-body-codec';
import { readLogBody } from './log-body-codec';
import { RunReader } from './run-reader';
import type { LogRecord } from '../model/log';

export interface OperationRow {
  id: number;
  serviceId: number;
  name: string;
  kind: SpanKind;
}

/** [trace_no, start in ms, duration_ns, span_id, status (when asked for)]. */
export type OperationWindowRow = [traceNo: number, startMs: number, durationNs: number, spanId: Buffer, status?: number];

export interface TraceRow {
  traceNo: number;
  traceId: string;
  startNs: bigint;
  endNs: bigint;
  spanCount: number;
  errorCount: number;
  rootOpId: number;
  services: string;
  /** Fingerprints of the attribute hashes (attribute-bloom.ts). */
  attrHashes: Buffer;
  /** When the last span of it was committed (epoch ms). */
  updatedMs: number;
  /** Spans refused because the trace was full: above 0, the trace is truncated. */
  refusedSpans: number;
}

/** The columns of a span row, before its body is decoded. */
export interface SpanRow {
  /** Lowercase hex; '' for a root's parent. */
  span_id: string;
  parent_id: string;
  /** Decimal nanoseconds (BigInt(…) where arithmetic is needed). */
  start_ns: string;
  end_ns: string;
  duration_ns: string;
  op_id: number;
  status: number;
  resource_id: number;
  scope_id: number;
  body: Buffer;
}

/**
 * Ids come as hex text and the nanosecond columns as decimal text: strings are cheaper to hand to JavaScript
 * than Buffers, and only those two columns need 64 bits (no BigInt for the others). Rows come in start order.
 */
const SPAN_COLUMNS = // in SpanRow's order
  "lower(hex(span_id)) AS span_id, lower(hex(coalesce(parent_id, x''))) AS parent_id, CAST(start_ns AS TEXT) AS start_ns, CAST(start_ns + duration_ns AS TEXT) AS end_ns, CAST(duration_ns AS TEXT) AS duration_ns, op_id, status, resource_id, scope_id, body";

/** A row of the operation index (spans_by_op), as search pages through it. */
export interface OperationIndexRow {
  trace_no: bigint;
  span_id: Buffer;
  start_ns: bigint;
  duration_ns: bigint;
}

/** Where a page of the operation index starts after: (start, duration, trace_no, span id) of the last row seen. */
export type OperationIndexKey = [startNs: bigint, durationNs: bigint, traceNo: bigint, spanId: Buffer];

/** A span as the comparison reads it: times as offsets from its trace's start. */
export type DiffRow = [spanId: string, parentId: string, opId: number, status: number, startOffset: number, duration: number, body: Buffer];

const NO_ATTRIBUTES = Object.freeze(newAttributes());

const LOG_COLUMNS = 'log_no, time_ns, service_id, severity, trace_id, span_id, resource_id, scope_id, body';
/** The logs table with each record's trace id (stored once in log_traces). */
const LOGS = 'logs LEFT JOIN log_traces USING (trace_no)';

/** A row of the logs table. */
export interface LogRow {
  logNo: number;
  timeNs: bigint;
  serviceId: number;
  severity: number;
  /** Lowercase hex; '' for none. */
  traceId: string;
  spanId: string;
  resourceId: number;
  scopeId: number;
  body: Buffer;
}

function toLogRow(raw: unknown): LogRow {
  const [logNo, timeNs, serviceId, severity, traceId, spanId, resourceId, scopeId, body] = raw as [bigint, bigint, bigint, bigint, Buffer | null, Buffer | null, bigint, bigint, Buffer];
  return {
    logNo: Number(logNo), timeNs, serviceId: Number(serviceId), severity: Number(severity), traceId: traceId?.toString('hex') ?? '', spanId: spanId?.toString('hex') ?? '',
    resourceId: Number(resourceId), scopeId: Number(scopeId), body,
  };
}

/** Traces read per page of traces_by_start. */
export const TRACES_BY_START_PAGE = 64;

const TRACE_COLUMNS = 'trace_no, trace_id, start_ns, end_ns, span_count, error_count, root_op_id, services, attr_hashes, updated_ms, refused_spans';

/** Bytes each dictionary cache of a reader may hold; a decoded resource or scope is counted at four times its stored body. */
export const READER_CACHE_BYTES = { services: 1 << 20, operations: 4 << 20, keys: 4 << 20, resources: 8 << 20, scopes: 2 << 20 };

export class StoreReader implements KeyLookup, StoredKeys {
  private readonly services = new ByteBudgetMap<number, string>(READER_CACHE_BYTES.services);
  private readonly operations = new ByteBudgetMap<number, OperationRow>(READER_CACHE_BYTES.operations);
  private readonly keys = new ByteBudgetMap<number, string>(READER_CACHE_BYTES.keys);
  private readonly resources = new ByteBudgetMap<number, Resource>(READER_CACHE_BYTES.resources);
  private readonly scopes = new ByteBudgetMap<number, Scope>(READER_CACHE_BYTES.scopes);
  private readonly sql;
  /** The spans of traces as the service map reads them (call-spans.ts). */
  readonly callSpans: (firstTraceNo: number, lastTraceNo: number) => Map<number, CallSpan[]>;
  /** The runs and their calls (run-reader.ts). */
  readonly runs: RunReader;

  /** Every statement is prepared here, once per connection. */
  constructor(readonly db: Database.Database) {
    const p = (text: string) => db.prepare(text);
    this.callSpans = callSpansReader(db);
    this.runs = new RunReader(db);
    this.sql = {
      peers: p('SELECT id, label FROM peers').raw(true),
      peer: p('SELECT label FROM peers WHERE id = ?').pluck(),
      attributeBlooms: p('SELECT bucket, bloom FROM attr_blooms ORDER BY bucket DESC'),
      operationIndexPage: p(
        `SELECT trace_no, span_id, start_ns, duration_ns FROM spans INDEXED BY spans_by_op
         WHERE op_id = ? AND start_ns >= ? AND duration_ns >= ? AND duration_ns <= ?
           AND (start_ns, duration_ns, trace_no, span_id) < (?, ?, ?, ?)
         ORDER BY start_ns DESC, duration_ns DESC, trace_no DESC, span_id DESC LIMIT ?`,
      ).safeIntegers(true),
      // The index holds op_id, start, duration and the key (trace_no, span_id): no span row is read.
      // Start in whole milliseconds, so every column fits a double and no BigInt is made per row.
      operationSpansInWindow: p('SELECT trace_no, start_ns / 1000000, duration_ns, span_id FROM spans INDEXED BY spans_by_op WHERE op_id = ? AND start_ns >= ? AND start_ns < ?').raw(true),
      operationSpansInWindowWithStatus: p('SELECT trace_no, start_ns / 1000000, duration_ns, span_id, status FROM spans INDEXED BY spans_by_op WHERE op_id = ? AND start_ns >= ? AND start_ns < ?').raw(true),
      spanDurations: p('SELECT lower(hex(span_id)), op_id, duration_ns FROM spans WHERE trace_no = ?').raw(true),
      operationMinutes: p('SELECT minute, op_id, status, spans, sum_ns, min_ns, max_ns, latency, slowest_trace_no, slowest_span_id FROM op_minutes WHERE minute >= ? AND minute < ?').raw(true),
      tracesByStartPage: p(
        `SELECT trace_no, start_ns FROM traces WHERE (start_ns, trace_no) < (?, ?) AND end_ns >= ? ORDER BY start_ns DESC, trace_no DESC LIMIT ${TRACES_BY_START_PAGE}`,
      ).safeIntegers(true),
      mapCalls: p('SELECT source, target, calls, errors, latency FROM map_calls WHERE minute BETWEEN ? AND ?').raw(true),
      mapSpans: p('SELECT service_id, sum(spans), sum(errors) FROM map_spans WHERE minute BETWEEN ? AND ? GROUP BY service_id').raw(true),
      diffRows: p("SELECT lower(hex(span_id)), lower(hex(coalesce(parent_id, x''))), op_id, status, start_ns - ?, duration_ns, body FROM spans WHERE trace_no = ?").raw(true),
      services: p('SELECT id, name FROM services'),
      service: p('SELECT name FROM services WHERE id = ?').pluck(),
      operationIds: p(
        'SELECT o.id FROM operations o JOIN services s ON s.id = o.service_id WHERE (@service IS NULL OR s.name = @service) AND (@name IS NULL OR o.name = @name) AND (@kind IS NULL OR o.kind = @kind)',
      ).pluck(),
      operationsOf: p('SELECT o.id, o.service_id, o.name, o.kind FROM operations o JOIN services s ON s.id = o.service_id WHERE s.name = ?'),
      operation: p('SELECT id, service_id, name, kind FROM operations WHERE id = ?'),
      key: p('SELECT key FROM attr_keys WHERE id = ?').pluck(),
      keyId: p('SELECT id FROM attr_keys WHERE key = ?').pluck(),
      maxKeyId: p('SELECT coalesce(max(id), 0) FROM attr_keys').pluck(),
      keysByName: p('SELECT key FROM attr_keys ORDER BY key LIMIT ?').pluck(),
      newestResources: p('SELECT id FROM resources ORDER BY id DESC LIMIT ?').pluck(),
      resource: p('SELECT body FROM resources WHERE id = ?').pluck(),
      scope: p('SELECT body FROM scopes WHERE id = ?').pluck(),
      traceById: p(`SELECT ${TRACE_COLUMNS} FROM traces WHERE trace_id = ?`).safeIntegers(true),
      traceByNo: p(`SELECT ${TRACE_COLUMNS} FROM traces WHERE trace_no = ?`).safeIntegers(true),
      newestTraces: p(`SELECT ${TRACE_COLUMNS} FROM traces ORDER BY trace_no DESC LIMIT ?`).safeIntegers(true),
      logsOfTrace: p(`SELECT ${LOG_COLUMNS} FROM log_traces JOIN logs USING (trace_no) WHERE trace_id = ? ORDER BY time_ns, log_no`).raw(true).safeIntegers(true),
      logsBetween: p(`SELECT ${LOG_COLUMNS} FROM ${LOGS} WHERE log_no BETWEEN ? AND ? ORDER BY log_no`).raw(true).safeIntegers(true),
      logsAfter: p(`SELECT ${LOG_COLUMNS} FROM ${LOGS} WHERE log_no > ? ORDER BY log_no LIMIT ?`).raw(true).safeIntegers(true),
      logsByTime: p(`SELECT ${LOG_COLUMNS} FROM ${LOGS} WHERE time_ns >= ? AND (time_ns, log_no) < (?, ?) ORDER BY time_ns DESC, log_no DESC LIMIT ?`).raw(true).safeIntegers(true),
      logTextMatches: p('SELECT rowid FROM logs_text WHERE logs_text MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?').pluck().safeIntegers(false),
      serviceIdOf: p('SELECT id FROM services WHERE name = ?').pluck(),
      operationNames: p('SELECT DISTINCT name FROM operations ORDER BY name LIMIT ?').pluck(),
      tracesBetween: p(`SELECT ${TRACE_COLUMNS} FROM traces WHERE trace_no BETWEEN ? AND ?`).safeIntegers(true),
      tracesAfter: p(`SELECT ${TRACE_COLUMNS} FROM traces WHERE trace_no > ? ORDER BY trace_no LIMIT ?`).safeIntegers(true),
      // Arrays, mapped to objects here: a third faster than better-sqlite3 building the objects.
      spansOfTrace: p(`SELECT ${SPAN_COLUMNS} FROM spans WHERE trace_no = ? ORDER BY start_ns`).raw(true),
      span: p(`SELECT ${SPAN_COLUMNS} FROM spans WHERE trace_no = ? AND span_id = ?`).raw(true),
      // The trace row names its root by operation and start: spans_by_op finds it without reading the trace's other spans.
      rootSpan: p(
        `SELECT ${SPAN_COLUMNS} FROM spans INDEXED BY spans_by_op WHERE op_id = (SELECT root_op_id FROM traces WHERE trace_no = @traceNo) AND start_ns = (SELECT root_start_ns FROM traces WHERE trace_no = @traceNo) AND trace_no = @traceNo ORDER BY parent_id IS NOT NULL LIMIT 1`,
      ).raw(true),
      waterfallRows: p(
        "SELECT json_group_array(json_array(lower(hex(span_id)), lower(hex(coalesce(parent_id, x''))), op_id, status, start_ns - ?, duration_ns)), json_group_array(DISTINCT op_id || ' ' || coalesce(peer_id, 0)) FROM spans WHERE trace_no = ?",
      ).raw(true),
      bodiesWithEvents: p("SELECT lower(hex(span_id)), body FROM spans WHERE trace_no = ? AND has_events IS NOT 0").raw(true),
      // Many traces a call, and each trace's spans in one blob (spanAttributeRows() says how it is laid out): a
      // thousand traces come back in one step, in a Buffer each instead of one a span. Text concatenation keeps the
      // bytes (UTF-8 databases are not transcoded), and the cast gives them back as a blob.
      spanAttributeRows: p(
        `SELECT trace_no, CAST(group_concat(unhex(printf('%08x%08x%08x%08x', op_id, status, resource_id, length(body))) || body, '') AS BLOB)
         FROM spans WHERE trace_no IN (SELECT value FROM json_each(?)) GROUP BY trace_no`,
      ).raw(true),
      // The box is tested by SQLite: no 64-bit time reaches JavaScript.
      tracesInWindowInBox: p(
        `SELECT trace_no, start_ns BETWEEN @boxStart AND @boxEnd AND end_ns - start_ns BETWEEN @boxMin AND @boxMax FROM traces
         WHERE start_ns <= @end AND end_ns >= @start ORDER BY start_ns DESC, trace_no DESC LIMIT @limit`,
      ).raw(true),
      // The field search's span conditions the operation index answers (operation, duration, span start), and the
      // error status from the span row: the traces holding such a span, each read once.
      traceSpansInBox: p(
        `SELECT trace_no, start_ns BETWEEN @boxStart AND @boxEnd AND end_ns - start_ns BETWEEN @boxMin AND @boxMax FROM traces
         WHERE trace_no IN (
           SELECT s.trace_no FROM json_each(@opIds) o JOIN spans s INDEXED BY spans_by_op ON s.op_id = o.value
           WHERE s.start_ns BETWEEN @start AND @end AND s.duration_ns BETWEEN @minDuration AND @maxDuration AND (@errorsOnly = 0 OR s.status = 2))
         ORDER BY start_ns DESC, trace_no DESC LIMIT @limit`,
      ).raw(true),
    };
  }

  /** Every service, id → name, read afresh. */
  /** Keys of span, event and link attributes (the dictionary `attr_keys`) in name order, the first `limit`. */
  attributeKeys(limit: number): string[] {
    return this.sql.keysByName.all(limit) as string[];
  }

  /** Keys of the newest `limit` resources' attributes (resources are stored whole, not in `attr_keys`). */
  resourceKeys(limit: number): Set<string> {
    const keys = new Set<string>();
    for (const id of this.sql.newestResources.all(limit) as number[]) for (const key of Object.keys(this.resource(id).attributes)) keys.add(key);
    return keys;
  }

  serviceNames(): Map<number, string> {
    return new Map((this.sql.services.all() as { id: number; name: string }[]).map((row) => [row.id, row.name]));
  }

  serviceName(id: number): string {
    let name = this.services.get(id);
    if (name === undefined) {
      name = this.sql.service.get(id) as string | undefined;
      if (name === undefined) return `service #${id}`;
      this.services.set(id, name, 2 * name.length);
    }
    return name;
  }

  /**
   * Ids of the operations of a service and/or of a name (every operation when neither is given), found by SQLite:
   * a search reads no operation names, however long the stored ones are.
   */
  operationIds(service: string | undefined, name: string | undefined, kind?: SpanKind): number[] {
    return this.sql.operationIds.all({ service: service ?? null, name: name ?? null, kind: kind === undefined ? null : SPAN_KINDS.indexOf(kind) }) as number[];
  }

  /** The operations of a service, read afresh. */
  operationsOf(service: string): OperationRow[] {
    return (this.sql.operationsOf.all(service) as RawOperation[]).map(toOperation);
  }

  operation(id: number): OperationRow {
    let op = this.operations.get(id);
    if (op === undefined) {
      const row = this.sql.operation.get(id) as RawOperation | undefined;
      if (!row) throw new Error(`operation #${id} is missing from the store`);
      this.operations.set(id, (op = toOperation(row)), 2 * row.name.length);
    }
    return op;
  }

  keyOf(id: number): string {
    let key = this.keys.get(id);
    if (key === undefined) {
      key = this.sql.key.get(id) as string | undefined;
      if (key === undefined) throw new Error(`attribute key #${id} is missing from the store`);
      this.keys.set(id, key, 2 * key.length);
    }
    return key;
  }

  storedKeyId(key: string): number | undefined {
    return this.sql.keyId.get(key) as number | undefined;
  }

  maxKeyId(): number {
    return this.sql.maxKeyId.get() as number;
  }

  /** Service-map peers: id → label (`database\0postgresql`). */
  peers(): [number, string][] {
    return this.sql.peers.all() as [number, string][];
  }

  /** Every bucket's attribute Bloom filter, newest bucket first. */
  attributeBlooms(): { bucket: number; bloom: Buffer }[] {
    return this.sql.attributeBlooms.all() as { bucket: number; bloom: Buffer }[];
  }

  /**
   * Up to `limit` spans of one operation starting at or after `minStartNs` with a duration in the bounds, before
   * `after` in the index's order: newest start first.
   */
  operationIndexPage(opId: number, minStartNs: bigint, minDurationNs: bigint, maxDurationNs: bigint, after: OperationIndexKey, limit: number): OperationIndexRow[] {
    return this.sql.operationIndexPage.all(opId, minStartNs, minDurationNs, maxDurationNs, ...after, limit) as OperationIndexRow[];
  }

  /**
   * An operation's spans starting in [startNs, endNs) as [trace_no, start ms, duration_ns, span_id, status?]:
   * from the index alone, unless the status is asked for.
   */
  operationSpansInWindow(opId: number, startNs: bigint, endNs: bigint, withStatus: boolean): IterableIterator<OperationWindowRow> {
    const statement = withStatus ? this.sql.operationSpansInWindowWithStatus : this.sql.operationSpansInWindow;
    return statement.iterate(opId, startNs, endNs) as IterableIterator<OperationWindowRow>;
  }

  /** The spans counted per operation and status in each minute from `from` up to `to` (store/operation-minutes.ts). */
  *operationMinutes(from: number, to: number): IterableIterator<OperationMinute> {
    for (const row of this.sql.operationMinutes.iterate(from, to)) yield toOperationMinute(row as Parameters<typeof toOperationMinute>[0]);
  }

  /** A trace's spans as [span id (hex), operation id, duration in ns]: what a span's baseline needs. */
  spanDurations(traceNo: number): [string, number, number][] {
    return this.sql.spanDurations.all(traceNo) as [string, number, number][];
  }

  /**
   * The latency histograms of the operations `opIds`, merged over the minutes from `from` to `to` (excluded), with
   * each one's smallest and largest call: only their rows are unpacked.
   */
  operationLatencies(from: number, to: number, opIds: Set<number>): Map<number, { latency: Histogram; minNs: number; maxNs: number }> {
    const merged = new Map<number, { latency: Histogram; minNs: number; maxNs: number }>();
    for (const row of this.sql.operationMinutes.iterate(from, to) as Iterable<Parameters<typeof toOperationMinute>[0]>) {
      if (!opIds.has(row[1])) continue;
      const minute = toOperationMinute(row);
      let into = merged.get(minute.opId);
      if (into === undefined) merged.set(minute.opId, (into = { latency: new Map(), minNs: minute.minNs, maxNs: minute.maxNs }));
      addTo(into.latency, minute.latency);
      into.minNs = Math.min(into.minNs, minute.minNs);
      into.maxNs = Math.max(into.maxNs, minute.maxNs);
    }
    return merged;
  }

  /** A page of traces ending at or after `minEndNs`, before (start, trace_no) `after`: latest start first. */
  tracesByStartPage(after: [startNs: bigint, traceNo: bigint], minEndNs: bigint): { trace_no: bigint; start_ns: bigint }[] {
    return this.sql.tracesByStartPage.all(...after, minEndNs) as { trace_no: bigint; start_ns: bigint }[];
  }

  /** The service map's call rows of the minutes from `from` to `to`: [source, target, calls, errors, packed latency histogram]. */
  mapCalls(from: number, to: number): Iterable<[number, number, number, number, Buffer]> {
    return this.sql.mapCalls.iterate(from, to) as Iterable<[number, number, number, number, Buffer]>;
  }

  /** Spans and errors per service over the minutes from `from` to `to`. */
  mapSpans(from: number, to: number): [serviceId: number, spans: number, errors: number][] {
    return this.sql.mapSpans.all(from, to) as [number, number, number][];
  }

  /** A trace's spans as the comparison reads them, times as offsets from `originNs`. */
  diffRows(traceNo: number, originNs: bigint): DiffRow[] {
    return this.sql.diffRows.all(originNs, traceNo) as DiffRow[];
  }

  traceById(traceId: string): TraceRow | undefined {
    return toTraceRow(this.sql.traceById.get(Buffer.from(traceId, 'hex')));
  }

  /** Up to `limit` traces, the last to arrive first. */
  *newestTraces(limit: number): IterableIterator<TraceRow> {
    for (const row of this.sql.newestTraces.iterate(limit)) yield toTraceRow(row)!;
  }

  /** A trace's log records (lowercase hex id), in time order. */
  logsOfTrace(traceId: string): LogRow[] {
    return this.sql.logsOfTrace.all(Buffer.from(traceId, 'hex')).map(toLogRow);
  }

  /** Log records numbered first..last, in order. */
  logsBetween(first: number, last: number): LogRow[] {
    return this.sql.logsBetween.all(first, last).map(toLogRow);
  }

  /** Up to `limit` log records numbered after `logNo`, in order of arrival: every record, a page at a time. */
  logsAfter(logNo: number, limit: number): LogRow[] {
    return this.sql.logsAfter.all(logNo, limit).map(toLogRow);
  }

  /** A page of log records at or after `minTimeNs`, before (time, log_no) `after`: newest first. */
  logsByTime(minTimeNs: bigint, after: [timeNs: bigint, logNo: bigint], limit: number): LogRow[] {
    return this.sql.logsByTime.all(minTimeNs, after[0], after[1], limit).map(toLogRow);
  }

  /**
   * First numbers of the runs of records (log-text-runs.ts) whose body texts may hold every trigram of `match` (an
   * FTS5 query), below `before`, highest first.
   */
  logTextMatches(match: string, before: number, limit: number): number[] {
    return this.sql.logTextMatches.all(match, before, limit) as number[];
  }

  /** A service's id, or undefined when the store has never seen it. */
  serviceId(name: string): number | undefined {
    return this.sql.serviceIdOf.get(name) as number | undefined;
  }

  /** The log record of a row: its body decoded, its resource and scope shared with every record that has them. */
  toLogRecord(row: LogRow): LogRecord {
    const body = readLogBody(row.body, this, row.severity);
    return {
      timeUnixNano: row.timeNs,
      observedTimeUnixNano: body.observedTimeUnixNano ?? row.timeNs,
      severityNumber: row.severity,
      severityText: body.severityText,
      body: body.body,
      attributes: body.attributes,
      droppedAttributesCount: body.droppedAttributesCount,
      flags: body.flags,
      traceId: row.traceId,
      spanId: row.spanId,
      eventName: body.eventName,
      resource: this.resource(row.resourceId),
      scope: this.scope(row.scopeId),
    };
  }

  /** Distinct span names, sorted. */
  operationNames(limit: number): string[] {
    return this.sql.operationNames.all(limit) as string[];
  }

  traceByNo(traceNo: number): TraceRow | undefined {
    return toTraceRow(this.sql.traceByNo.get(traceNo));
  }

  /** Up to `limit` traces in arrival order after `traceNo` (0: from the first). */
  tracesAfter(traceNo: number, limit: number): TraceRow[] {
    return this.sql.tracesAfter.all(traceNo, limit).map((row) => toTraceRow(row)!);
  }

  tracesBetween(firstTraceNo: number, lastTraceNo: number): TraceRow[] {
    return this.sql.tracesBetween.all(firstTraceNo, lastTraceNo).map((row) => toTraceRow(row)!);
  }

  spanRowsOfTrace(traceNo: number): SpanRow[] {
    return (this.sql.spansOfTrace.all(traceNo) as RawSpanRow[]).map(toSpanRow);
  }

  /** The waterfall's span rows as JSON, and each distinct [operation id, peer id (0: none)] among them. */
  waterfallRows(traceNo: number, originNs: bigint): { spansJson: string; operationPeers: [number, number][] } {
    const [spansJson, operationPeers] = this.sql.waterfallRows.get(originNs, traceNo) as [string, string];
    return { spansJson, operationPeers: (JSON.parse(operationPeers) as string[]).map((pair) => pair.split(' ').map(Number) as [number, number]) };
  }

  /** A service-map peer's label (`database\0postgresql`), or undefined. */
  peerLabel(id: number): string | undefined {
    return this.sql.peer.get(id) as string | undefined;
  }

  /** [span id, body] of the spans that have events (or may: rows stored before the has_events column). */
  bodiesWithEvents(traceNo: number): [string, Buffer][] {
    return this.sql.bodiesWithEvents.all(traceNo) as [string, Buffer][];
  }

  /**
   * The spans of the traces `traceNos` as the attribute comparison reads them: `onSpan` gets each span's operation,
   * status, resource and where its body lies in `bytes`, trace by trace, in no particular order.
   */
  spanAttributeRows(traceNos: readonly number[], onSpan: (traceNo: number, opId: number, status: number, resourceId: number, bytes: Buffer, bodyStart: number, bodyEnd: number) => void): void {
    // Each span: four big-endian 32-bit numbers (operation, status, resource, body length), then its body.
    for (const [traceNo, spans] of this.sql.spanAttributeRows.all(JSON.stringify(traceNos)) as [number, Buffer][]) {
      for (let at = 0; at < spans.length; ) {
        const bodyStart = at + 16;
        const bodyEnd = bodyStart + spans.readUInt32BE(at + 12);
        onSpan(traceNo, spans.readUInt32BE(at), spans.readUInt32BE(at + 4), spans.readUInt32BE(at + 8), spans, bodyStart, bodyEnd);
        at = bodyEnd;
      }
    }
  }

  /**
   * Up to `limit` traces with a span of one of the operations `opIds` that starts in the window and lasts from
   * `minDuration` to `maxDuration` (and is an error, when `errorsOnly`), latest trace start first, each as
   * [trace_no, whether the trace is inside the box] as tracesInWindowInBox() has it.
   */
  traceSpansInBox(
    spans: { opIds: readonly number[]; start: bigint; end: bigint; minDuration: bigint; maxDuration: bigint; errorsOnly: boolean },
    box: { start: bigint; end: bigint; minDuration: bigint; maxDuration: bigint },
    limit: number,
  ): [traceNo: number, inBox: 0 | 1][] {
    const { opIds, errorsOnly, ...bounds } = spans;
    return this.sql.traceSpansInBox.all({
      ...bounds, opIds: JSON.stringify(opIds), errorsOnly: errorsOnly ? 1 : 0, boxStart: box.start, boxEnd: box.end, boxMin: box.minDuration, boxMax: box.maxDuration, limit,
    }) as [number, 0 | 1][];
  }

  /**
   * Up to `limit` traces overlapping the window [start, end], latest start first, each as [trace_no, 1 when its
   * start and duration are inside the box (bounds inclusive), else 0].
   */
  tracesInWindowInBox(window: { start: bigint; end: bigint }, box: { start: bigint; end: bigint; minDuration: bigint; maxDuration: bigint }, limit: number): [traceNo: number, inBox: 0 | 1][] {
    return this.sql.tracesInWindowInBox.all({ ...window, boxStart: box.start, boxEnd: box.end, boxMin: box.minDuration, boxMax: box.maxDuration, limit }) as [number, 0 | 1][];
  }

  /** The trace's root span (or, without one, the span the trace row names in its place: its earliest). */
  rootSpanRow(traceNo: number): SpanRow | undefined {
    const raw = this.sql.rootSpan.get({ traceNo }) as RawSpanRow | undefined;
    return raw && toSpanRow(raw);
  }

  spanRow(traceNo: number, spanId: string): SpanRow | undefined {
    const raw = this.sql.span.get(traceNo, Buffer.from(spanId, 'hex')) as RawSpanRow | undefined;
    return raw && toSpanRow(raw);
  }

  toSpan(traceId: string, row: SpanRow): Span {
    const op = this.operation(row.op_id);
    const body = readSpanBody(row.body, this);
    return {
      traceId,
      spanId: row.span_id,
      parentSpanId: row.parent_id,
      traceState: body.traceState,
      flags: body.flags,
      name: op.name,
      kind: op.kind,
      startTimeUnixNano: BigInt(row.start_ns),
      endTimeUnixNano: BigInt(row.end_ns),
      attributes: body.attributes,
      droppedAttributesCount: body.droppedAttributesCount,
      events: body.events,
      droppedEventsCount: body.droppedEventsCount,
      links: body.links,
      droppedLinksCount: body.droppedLinksCount,
      status: { code: STATUS_CODES[row.status] ?? 'UNSET', message: body.statusMessage },
      resource: this.resource(row.resource_id),
      scope: this.scope(row.scope_id),
    };
  }

  /** A span from its row alone (readsSpanBody() says when a query needs no more): no attributes, events, links, status message, trace state or flags. */
  toRowSpan(traceId: string, row: SpanRow): Span {
    const op = this.operation(row.op_id);
    return {
      traceId,
      spanId: row.span_id,
      parentSpanId: row.parent_id,
      traceState: '',
      flags: 0,
      name: op.name,
      kind: op.kind,
      startTimeUnixNano: BigInt(row.start_ns),
      endTimeUnixNano: BigInt(row.end_ns),
      attributes: NO_ATTRIBUTES,
      droppedAttributesCount: 0,
      events: [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: { code: STATUS_CODES[row.status] ?? 'UNSET', message: '' },
      resource: this.resource(row.resource_id),
      scope: this.scope(row.scope_id),
    };
  }

  resource(id: number): Resource {
    let resource = this.resources.get(id);
    if (resource === undefined) {
      const body = this.sql.resource.get(id) as Buffer;
      this.resources.set(id, (resource = readResourceBody(body)), 4 * body.length);
    }
    return resource;
  }

  scope(id: number): Scope {
    let scope = this.scopes.get(id);
    if (scope === undefined) {
      const body = this.sql.scope.get(id) as Buffer;
      this.scopes.set(id, (scope = readScopeBody(body)), 4 * body.length);
    }
    return scope;
  }
}

interface RawOperation {
  id: number;
  service_id: number;
  name: string;
  kind: number;
}

function toOperation(row: RawOperation): OperationRow {
  return { id: row.id, serviceId: row.service_id, name: row.name, kind: SPAN_KINDS[row.kind] ?? 'UNSPECIFIED' };
}

type RawSpanRow = [string, string, string, string, string, number, number, number, number, Buffer];

function toSpanRow(r: RawSpanRow): SpanRow {
  return { span_id: r[0], parent_id: r[1], start_ns: r[2], end_ns: r[3], duration_ns: r[4], op_id: r[5], status: r[6], resource_id: r[7], scope_id: r[8], body: r[9] };
}

function toTraceRow(row: unknown): TraceRow | undefined {
  if (row === undefined) return undefined;
  const r = row as { trace_no: bigint; trace_id: Buffer; start_ns: bigint; end_ns: bigint; span_count: bigint; error_count: bigint; root_op_id: bigint; services: string; attr_hashes: Buffer; updated_ms: bigint; refused_spans: bigint };
  return {
    traceNo: Number(r.trace_no),
    traceId: r.trace_id.toString('hex'),
    startNs: r.start_ns,
    endNs: r.end_ns,
    spanCount: Number(r.span_count),
    errorCount: Number(r.error_count),
    rootOpId: Number(r.root_op_id),
    services: r.services,
    attrHashes: r.attr_hashes,
    updatedMs: Number(r.updated_ms),
    refusedSpans: Number(r.refused_spans),
  };
}
