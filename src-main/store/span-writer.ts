/** Applies encoded batches to the database: spans, the attribute index and the per-trace summaries, one transaction at a time. */
import type Database from 'better-sqlite3';
import { BLOOM_BYTES, bloomAdd, bucketOf, fingerprint, packFingerprints, unpackFingerprints } from './attribute-bloom';
import { ROW, ROW_BYTES, type EncodedBatch } from './encoded-batch';
import { ByteBudgetMap } from './byte-budget-map';
import { DictionaryIds } from './dictionary-ids';
import { OperationMinutesWriter } from './operation-minutes';
import { RunWriter } from './run-writer';
import { ServiceMapWriter } from './service-map-writer';
import { DEFAULT_SPAN_LIMITS } from './span-limits';
import { formatTraceRunCounts, parseTraceRunCounts, type TraceRunCount } from './trace-run-counts';
import type { FullTraces } from './writer-protocol';

const STATUS_ERROR = 2;
/**
 * Bytes the writer's caches may hold. Each mirrors a table, so a miss is a query. The trace summaries are kept in
 * least-recently-used order and trimmed after each commit (a trace of the open transaction stays until then).
 */
export const WRITER_CACHE_BYTES = { traces: 8 << 20, operations: 4 << 20, peers: 1 << 20 };
const BLOOM_CACHE_SIZE = 16;
/** Spans of traces new to the store go in with multi-row statements: no duplicate to look for in the table. */
const ROWS_PER_INSERT = 50;
const SPAN_COLUMNS = '(trace_no, span_id, parent_id, start_ns, duration_ns, op_id, status, resource_id, scope_id, body, has_events, peer_id)';
const SPAN_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const VALUES_PER_SPAN = 12;

interface TraceState {
  traceNo: number;
  /** Not in the database before the current transaction; its span ids so far, to drop repeats in a request. */
  newSpanIds: Set<string> | undefined;
  startNs: bigint;
  endNs: bigint;
  spanCount: number;
  errorCount: number;
  rootOpId: number;
  rootStartNs: bigint;
  hasRoot: boolean;
  services: Map<number, number>;
  /** Its spans and errors in each run it belongs to (run-writer.ts). */
  runs: Map<number, TraceRunCount>;
  /** The run started by hand it belongs to, 0 for none. */
  manualRun: number;
  /** Spans refused because the trace had reached the per-trace limit: the trace is truncated. */
  refusedSpans: number;
  /** 16-bit fingerprints of the trace's attribute hashes. */
  fingerprints: Set<number>;
  /** The fingerprints as last saved: a big trace's set (up to 65,536) is packed again only when it grew. */
  packedFingerprints: Buffer | undefined;
  receivedMs: number;
  /** What this state was counted for in the cache's budget. */
  cachedBytes: number;
}

export interface Written {
  /** Traces that gained spans (or were refused some). */
  changedTraces: string[];
  /** For each batch, the full traces that refused spans of it. */
  fullTraces: FullTraces[];
}

export class SpanWriter {
  private readonly traceCache = new Map<string, TraceState>();
  private readonly blooms = new Map<number, Uint8Array>();
  private traceCacheBytes = 0;
  private readonly opIds = new ByteBudgetMap<string, number>(WRITER_CACHE_BYTES.operations);
  private readonly peerIds = new ByteBudgetMap<string, number>(WRITER_CACHE_BYTES.peers);
  /** The service map's tables, kept in step in the same transactions. */
  readonly map: ServiceMapWriter;
  /** Spans per minute and operation, kept in step in the same transactions. */
  readonly minutes: OperationMinutesWriter;
  /** The runs' counts, kept in step in the same transactions. */
  readonly runs: RunWriter;
  /** Keys, services, resources and scopes: shared with the log writer. */
  readonly ids: DictionaryIds;
  private nextTraceNo: number;
  private readonly sql;

  constructor(
    private readonly db: Database.Database,
    private readonly maxSpansPerTrace = DEFAULT_SPAN_LIMITS.maxSpansPerTrace,
  ) {
    const p = (text: string) => db.prepare(text);
    this.sql = {
      opId: p('SELECT id FROM operations WHERE service_id = ? AND name = ? AND kind = ?').pluck(),
      insertOp: p('INSERT INTO operations (service_id, name, kind) VALUES (?, ?, ?)'),
      trace: p(
        'SELECT trace_no, start_ns, end_ns, span_count, error_count, root_op_id, root_start_ns, has_root, services, attr_hashes, received_ms, refused_spans, runs FROM traces WHERE trace_id = ?',
      ).safeIntegers(true),
      insertSpan: p(`INSERT OR IGNORE INTO spans ${SPAN_COLUMNS} VALUES ${SPAN_VALUES}`),
      spanStored: p('SELECT 1 FROM spans WHERE trace_no = ? AND span_id = ?').pluck(),
      insertSpans: p(`INSERT OR IGNORE INTO spans ${SPAN_COLUMNS} VALUES ${Array(ROWS_PER_INSERT).fill(SPAN_VALUES).join(', ')}`),
      upsertTrace: p(
        `INSERT INTO traces (trace_no, trace_id, start_ns, end_ns, span_count, error_count, root_op_id, root_start_ns, has_root, services, attr_hashes, received_ms, updated_ms, refused_spans, runs)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (trace_no) DO UPDATE SET start_ns = excluded.start_ns, end_ns = excluded.end_ns, span_count = excluded.span_count,
           error_count = excluded.error_count, root_op_id = excluded.root_op_id, root_start_ns = excluded.root_start_ns,
           has_root = excluded.has_root, services = excluded.services, attr_hashes = excluded.attr_hashes, updated_ms = excluded.updated_ms,
           refused_spans = excluded.refused_spans, runs = excluded.runs`,
      ),
      bloom: p('SELECT bloom FROM attr_blooms WHERE bucket = ?').pluck(),
      saveBloom: p('INSERT OR REPLACE INTO attr_blooms (bucket, bloom) VALUES (?, ?)'),
      maxTraceNo: p('SELECT coalesce(max(trace_no), 0) FROM traces').pluck(),
      peerId: p('SELECT id FROM peers WHERE label = ?').pluck(),
      insertPeer: p('INSERT INTO peers (label) VALUES (?)'),
      bindSpanValues: p('SELECT ?, ?, ?, ?'),
    };
    this.map = new ServiceMapWriter(db);
    this.minutes = new OperationMinutesWriter(db);
    this.runs = new RunWriter(db);
    this.ids = new DictionaryIds(db);
    this.nextTraceNo = this.firstFreeTraceNo();
  }

  /** Writes the batches in one transaction; spans of a trace already at the per-trace limit are refused. */
  write(batches: EncodedBatch[]): Written {
    const changed = new Map<string, TraceState>();
    const dirtyBuckets = new Set<number>();
    const nowMs = Date.now();
    const refused = batches.map(() => new Map<string, number>());
    try {
      // IMMEDIATE: a transaction that read first and must then wait for another connection's write lock fails at
      // once (SQLITE_BUSY); one that takes the lock at BEGIN waits out busy_timeout like any other.
      this.db.transaction(() => {
        for (let b = 0; b < batches.length; b++) {
          try {
            this.writeBatch(batches[b], changed, dirtyBuckets, nowMs, refused[b]);
          } catch (error) {
            throw (error as { code?: string }).code === undefined ? this.unstorableSpan(batches[b], error as Error) : error;
          }
        }
        for (const [traceId, state] of changed) this.saveTrace(traceId, state, nowMs);
        this.map.flush(nowMs);
        this.minutes.flush();
        this.runs.flush();
        for (const bucket of dirtyBuckets) this.sql.saveBloom.run(bucket, this.blooms.get(bucket));
      }).immediate();
    } catch (error) {
      this.forgetCaches();
      throw error;
    }
    this.map.committed();
    for (const state of changed.values()) state.newSpanIds = undefined;
    this.trimTraceCache(changed.values());
    this.trimBloomCache();
    return { changedTraces: [...changed.keys()], fullTraces: refused.map((traces) => [...traces]) };
  }

  /** Evicted traces must not linger in the caches. */
  /**
   * Brings the service map up to date for the big traces whose recomputation waits (service-map-writer.ts): those
   * due by `nowMs`, or all with `everything`. Its own transaction; a failure leaves them waiting.
   */
  settleMap(nowMs: number, everything = false): void {
    if (this.map.nextDueMs() === undefined) return;
    this.map.settled(this.db.transaction(() => this.map.settle(nowMs, everything)).immediate());
  }

  forgetTraces(): void {
    this.traceCache.clear();
    this.traceCacheBytes = 0;
    this.blooms.clear();
  }

  /** After a rollback: the cached summaries, blooms, ids and map changes may describe rows that are not there. */
  forgetCaches(): void {
    this.forgetTraces();
    this.map.forget();
    this.minutes.forget();
    this.runs.forget();
    this.ids.clear();
    this.opIds.clear();
    this.peerIds.clear();
    this.nextTraceNo = this.firstFreeTraceNo();
  }

  /**
   * Starts a run by hand in a transaction of its own: every trace new to the store from now on belongs to it, until
   * the next is started. Returns its id.
   */
  startRun(label: string, nowMs: number): number {
    return this.db.transaction(() => this.runs.startManual(label, this.nextTraceNo, nowMs)).immediate();
  }

  /** After the traces stored, and after the first trace of the last run started by hand (which may have none yet). */
  private firstFreeTraceNo(): number {
    return Math.max(Number(this.sql.maxTraceNo.get()) + 1, this.runs.firstFreeTraceNo());
  }

  private writeBatch(batch: EncodedBatch, changed: Map<string, TraceState>, dirtyBuckets: Set<number>, nowMs: number, refused: Map<string, number>): void {
    const sql = this.sql;
    this.ids.insertKeys(batch.newKeys);
    const resourceIds = batch.resources.map((r) => this.ids.resourceId(r.service, r.body));
    const resourceServices = batch.resources.map((r) => this.ids.serviceId(r.service));
    const resourceRuns = batch.resources.map((r, i) => this.runs.runsOfResource(resourceIds[i], r.body));
    const scopeIds = batch.scopes.map((s) => this.ids.scopeId(s));
    const traces = batch.traceIds.map((id) => this.traceState(id, nowMs));
    const peerIds = batch.peers.map((label) => this.peerId(label));
    const rows = Buffer.from(batch.rows.buffer, batch.rows.byteOffset, batch.rows.byteLength);
    const bodies = Buffer.from(batch.bodies.buffer, batch.bodies.byteOffset, batch.bodies.byteLength);
    // Operation ids of this batch by (name, resource, kind): no string keys in the loop.
    const opIds = new Map<number, number>();
    const bulk: unknown[] = [];
    let bulkRows = 0;

    for (let i = 0; i < batch.spanCount; i++) {
      const o = i * ROW_BYTES;
      const traceIndex = rows.readUInt32LE(o + ROW.trace);
      const state = traces[traceIndex];
      const spanId = rows.subarray(o + ROW.spanId, o + ROW.spanId + 8);
      if (state.spanCount >= this.maxSpansPerTrace) {
        // A full trace refuses new spans; one it already has is a repeat, not a refusal.
        const repeat = state.newSpanIds ? state.newSpanIds.has(spanId.latin1Slice(0, 8)) : sql.spanStored.get(state.traceNo, spanId) !== undefined;
        if (!repeat) {
          const traceId = batch.traceIds[traceIndex];
          state.refusedSpans++;
          refused.set(traceId, (refused.get(traceId) ?? 0) + 1);
          changed.set(traceId, state);
        }
        continue;
      }
      const resource = rows.readUInt32LE(o + ROW.resource);
      const serviceId = resourceServices[resource];
      const kind = rows[o + ROW.kind];
      const status = rows[o + ROW.status];
      const nameIndex = rows.readUInt32LE(o + ROW.name);
      const opKey = (nameIndex * batch.resources.length + resource) * 8 + kind;
      let opId = opIds.get(opKey);
      if (opId === undefined) opIds.set(opKey, (opId = this.opId(serviceId, batch.names[nameIndex], kind)));
      const start = rows.readBigUInt64LE(o + ROW.start);
      const duration = rows.readBigInt64LE(o + ROW.duration);
      const hasParent = rows[o + ROW.hasParent] === 1;
      const parentId = hasParent ? rows.subarray(o + ROW.parentId, o + ROW.parentId + 8) : null;
      const body = bodies.subarray(rows.readUInt32LE(o + ROW.bodyStart), rows.readUInt32LE(o + ROW.bodyEnd));
      const resourceId = resourceIds[resource];
      const scopeId = scopeIds[rows.readUInt32LE(o + ROW.scope)];
      const hasEvents = rows[o + ROW.hasEvents];
      const peerIndex = rows.readUInt32LE(o + ROW.peer);
      const peerId = peerIndex === 0 ? null : peerIds[peerIndex - 1];
      if (state.newSpanIds) {
        const key = spanId.latin1Slice(0, 8);
        if (state.newSpanIds.has(key)) continue; // the same span twice in one transaction
        state.newSpanIds.add(key);
        bulk.push(state.traceNo, spanId, parentId, start, duration, opId, status, resourceId, scopeId, body, hasEvents, peerId);
        if (++bulkRows === ROWS_PER_INSERT) {
          sql.insertSpans.run(bulk);
          bulk.length = 0;
          bulkRows = 0;
        }
      } else if (sql.insertSpan.run(state.traceNo, spanId, parentId, start, duration, opId, status, resourceId, scopeId, body, hasEvents, peerId).changes === 0) {
        continue; // already stored
      }
      this.count(state, opId, serviceId, status, start, duration, hasParent);
      this.minutes.add(state.traceNo, spanId, opId, status, start, duration);
      for (const runId of resourceRuns[resource]) this.runs.add(runId, state.runs, state.traceNo, serviceId, status, start, start + duration);
      if (state.manualRun !== 0) this.runs.add(state.manualRun, state.runs, state.traceNo, serviceId, status, start, start + duration);
      this.map.add(state.traceNo, state.newSpanIds === undefined, {
        spanId: spanId.hexSlice(0, 8),
        parentId: parentId === null ? '' : parentId.hexSlice(0, 8),
        service: serviceId,
        kind,
        error: status === STATUS_ERROR,
        startNs: start,
        durationNs: duration,
        peer: peerId ?? 0,
      });
      changed.set(batch.traceIds[traceIndex], state);
    }
    for (let r = 0; r < bulkRows; r++) sql.insertSpan.run(bulk.slice(r * VALUES_PER_SPAN, (r + 1) * VALUES_PER_SPAN));

    for (let t = 0; t < traces.length; t++) {
      const state = traces[t];
      if (state.spanCount === 0) continue;
      const bloom = this.bloom(bucketOf(state.traceNo));
      let bloomChanged = false;
      const known = state.fingerprints.size;
      for (let h = batch.hashOffsets[t]; h < batch.hashOffsets[t + 1]; h++) {
        const hash = batch.hashes[h];
        state.fingerprints.add(fingerprint(hash));
        if (bloomAdd(bloom, hash)) bloomChanged = true;
      }
      if (bloomChanged) dirtyBuckets.add(bucketOf(state.traceNo));
      if (state.fingerprints.size > known) changed.set(batch.traceIds[t], state);
    }
  }

  /** A failure binding values (no SQLite code): the first span of the batch whose values SQLite cannot hold, named. */
  private unstorableSpan(batch: EncodedBatch, error: Error): Error {
    const rows = Buffer.from(batch.rows.buffer, batch.rows.byteOffset, batch.rows.byteLength);
    for (let i = 0; i < batch.spanCount; i++) {
      const o = i * ROW_BYTES;
      const spanId = rows.subarray(o + ROW.spanId, o + ROW.spanId + 8);
      const start = rows.readBigUInt64LE(o + ROW.start);
      const duration = rows.readBigInt64LE(o + ROW.duration);
      try {
        this.sql.bindSpanValues.get(spanId, start, duration, rows.readUInt32LE(o + ROW.bodyEnd) - rows.readUInt32LE(o + ROW.bodyStart));
      } catch {
        const traceId = batch.traceIds[rows.readUInt32LE(o + ROW.trace)];
        return new Error(`span ${spanId.toString('hex')} of trace ${traceId} cannot be stored (start ${start} ns, duration ${duration} ns): ${error.message}`);
      }
    }
    return error;
  }

  private count(state: TraceState, opId: number, serviceId: number, status: number, start: bigint, duration: bigint, hasParent: boolean): void {
    const end = start + duration;
    if (state.spanCount === 0 || start < state.startNs) state.startNs = start;
    if (state.spanCount === 0 || end > state.endNs) state.endNs = end;
    state.spanCount++;
    if (status === STATUS_ERROR) state.errorCount++;
    state.services.set(serviceId, (state.services.get(serviceId) ?? 0) + 1);
    // The root is the earliest span without a parent; until one arrives, the earliest span stands in.
    const better = hasParent ? !state.hasRoot && (state.rootOpId === 0 || start < state.rootStartNs) : !state.hasRoot || start < state.rootStartNs;
    if (better) {
      state.rootOpId = opId;
      state.rootStartNs = start;
      state.hasRoot = !hasParent;
    }
  }

  private traceState(traceId: string, nowMs: number): TraceState {
    let state = this.traceCache.get(traceId);
    if (state !== undefined) {
      this.traceCache.delete(traceId);
      this.traceCache.set(traceId, state);
      return state;
    }
    const row = this.sql.trace.get(Buffer.from(traceId, 'hex')) as
      | { trace_no: bigint; start_ns: bigint; end_ns: bigint; span_count: bigint; error_count: bigint; root_op_id: bigint; root_start_ns: bigint; has_root: bigint; services: string; attr_hashes: Buffer; received_ms: bigint; refused_spans: bigint; runs: string }
      | undefined;
    const traceNo = row ? Number(row.trace_no) : this.nextTraceNo++;
    state = row
      ? {
          traceNo,
          newSpanIds: undefined,
          startNs: row.start_ns,
          endNs: row.end_ns,
          spanCount: Number(row.span_count),
          errorCount: Number(row.error_count),
          rootOpId: Number(row.root_op_id),
          rootStartNs: row.root_start_ns,
          hasRoot: row.has_root === 1n,
          services: parseServiceCounts(row.services),
          runs: parseTraceRunCounts(row.runs),
          manualRun: this.runs.manualRunOf(traceNo),
          refusedSpans: Number(row.refused_spans),
          fingerprints: unpackFingerprints(row.attr_hashes),
          packedFingerprints: row.attr_hashes,
          receivedMs: Number(row.received_ms),
          cachedBytes: 0,
        }
      : {
          traceNo,
          newSpanIds: new Set(),
          startNs: 0n,
          endNs: 0n,
          spanCount: 0,
          errorCount: 0,
          rootOpId: 0,
          rootStartNs: 0n,
          hasRoot: false,
          services: new Map(),
          runs: new Map(),
          manualRun: this.runs.manualRunOf(traceNo),
          refusedSpans: 0,
          fingerprints: new Set(),
          packedFingerprints: undefined,
          receivedMs: nowMs,
          cachedBytes: 0,
        };
    this.traceCache.set(traceId, state);
    this.traceCacheBytes += state.cachedBytes = traceStateBytes(state);
    return state;
  }

  /** After a commit: the changed summaries counted at their new size, then the least recently used ones dropped past the budget. */
  private trimTraceCache(changed: Iterable<TraceState>): void {
    for (const state of changed) {
      const bytes = traceStateBytes(state);
      this.traceCacheBytes += bytes - state.cachedBytes;
      state.cachedBytes = bytes;
    }
    const budget = WRITER_CACHE_BYTES.traces;
    for (const [traceId, state] of this.traceCache) {
      if (this.traceCacheBytes <= budget) break;
      this.traceCache.delete(traceId);
      this.traceCacheBytes -= state.cachedBytes;
    }
  }

  private saveTrace(traceId: string, s: TraceState, nowMs: number): void {
    this.sql.upsertTrace.run(
      s.traceNo,
      Buffer.from(traceId, 'hex'),
      s.startNs,
      s.endNs,
      s.spanCount,
      s.errorCount,
      s.rootOpId,
      s.rootStartNs,
      s.hasRoot ? 1 : 0,
      formatServiceCounts(s.services),
      this.packedFingerprints(s),
      s.receivedMs,
      nowMs,
      s.refusedSpans,
      formatTraceRunCounts(s.runs),
    );
  }

  private packedFingerprints(s: TraceState): Buffer {
    if (s.packedFingerprints === undefined || s.packedFingerprints.length !== 2 * s.fingerprints.size) s.packedFingerprints = packFingerprints(s.fingerprints);
    return s.packedFingerprints;
  }

  private bloom(bucket: number): Uint8Array {
    let bloom = this.blooms.get(bucket);
    if (bloom === undefined) {
      const stored = this.sql.bloom.get(bucket) as Buffer | undefined;
      bloom = stored ? new Uint8Array(stored) : new Uint8Array(BLOOM_BYTES);
      this.blooms.set(bucket, bloom);
    }
    return bloom;
  }

  private trimBloomCache(): void {
    while (this.blooms.size > BLOOM_CACHE_SIZE) this.blooms.delete(Math.min(...this.blooms.keys()));
  }

  private peerId(label: string): number {
    let id = this.peerIds.get(label);
    if (id === undefined) {
      id = Number(this.sql.peerId.get(label) ?? this.sql.insertPeer.run(label).lastInsertRowid);
      this.peerIds.set(label, id, 2 * label.length);
    }
    return id;
  }

  private opId(serviceId: number, name: string, kind: number): number {
    const cacheKey = `${serviceId}\u0000${kind}\u0000${name}`;
    let id = this.opIds.get(cacheKey);
    if (id === undefined) {
      id = Number(this.sql.opId.get(serviceId, name, kind) ?? this.sql.insertOp.run(serviceId, name, kind).lastInsertRowid);
      this.opIds.set(cacheKey, id, 2 * cacheKey.length);
    }
    return id;
  }
}

/** What a trace summary holds in memory, roughly: V8's Set and Map entries take ~40 bytes, span ids ~60. */
function traceStateBytes(state: TraceState): number {
  return 400 + 40 * (state.fingerprints.size + state.services.size + state.runs.size) + (state.packedFingerprints?.length ?? 0) + 60 * (state.newSpanIds?.size ?? 0);
}

/** `services` column: "serviceId:spanCount,…". */
export function parseServiceCounts(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  if (text === '') return counts;
  for (const part of text.split(',')) {
    const [id, count] = part.split(':');
    counts.set(Number(id), Number(count));
  }
  return counts;
}

function formatServiceCounts(counts: Map<number, number>): string {
  return [...counts].map(([id, count]) => `${id}:${count}`).join(',');
}
