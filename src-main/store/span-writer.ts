/** Applies encoded batches to the database: spans, their indexes and the per-trace summaries, one transaction at a time. */
import type Database from 'better-sqlite3';
import type { EncodedBatch } from './encoded-batch';

const STATUS_ERROR = 2;
const TRACE_CACHE_SIZE = 50_000;

interface TraceState {
  traceNo: number;
  isNew: boolean;
  startNs: bigint;
  endNs: bigint;
  spanCount: number;
  errorCount: number;
  rootOpId: number;
  rootStartNs: bigint;
  hasRoot: boolean;
  services: Map<number, number>;
  receivedMs: number;
}

export class SpanWriter {
  private readonly traceCache = new Map<string, TraceState>();
  private readonly serviceIds = new Map<string, number>();
  private readonly opIds = new Map<string, number>();
  private readonly resourceIds = new Map<string, number>();
  private readonly scopeIds = new Map<string, number>();
  private nextTraceNo: number;
  private readonly sql;

  constructor(private readonly db: Database.Database) {
    const p = (text: string) => db.prepare(text);
    this.sql = {
      insertKey: p('INSERT OR IGNORE INTO attr_keys (id, key) VALUES (?, ?)'),
      serviceId: p('SELECT id FROM services WHERE name = ?').pluck(),
      insertService: p('INSERT INTO services (name) VALUES (?)'),
      opId: p('SELECT id FROM operations WHERE service_id = ? AND name = ? AND kind = ?').pluck(),
      insertOp: p('INSERT INTO operations (service_id, name, kind) VALUES (?, ?, ?)'),
      resourceId: p('SELECT id FROM resources WHERE body = ?').pluck(),
      insertResource: p('INSERT INTO resources (service_id, body) VALUES (?, ?)'),
      scopeId: p('SELECT id FROM scopes WHERE body = ?').pluck(),
      insertScope: p('INSERT INTO scopes (body) VALUES (?)'),
      trace: p(
        'SELECT trace_no, start_ns, end_ns, span_count, error_count, root_op_id, root_start_ns, has_root, services, received_ms FROM traces WHERE trace_id = ?',
      ).safeIntegers(true),
      insertSpan: p(
        'INSERT OR IGNORE INTO spans (trace_no, span_id, parent_id, start_ns, duration_ns, op_id, status, resource_id, scope_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertHash: p('INSERT OR IGNORE INTO attr_index (hash, trace_no) VALUES (?, ?)'),
      upsertTrace: p(
        `INSERT INTO traces (trace_no, trace_id, start_ns, end_ns, span_count, error_count, root_op_id, root_start_ns, has_root, services, received_ms, updated_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (trace_no) DO UPDATE SET start_ns = excluded.start_ns, end_ns = excluded.end_ns, span_count = excluded.span_count,
           error_count = excluded.error_count, root_op_id = excluded.root_op_id, root_start_ns = excluded.root_start_ns,
           has_root = excluded.has_root, services = excluded.services, updated_ms = excluded.updated_ms`,
      ),
      maxTraceNo: p('SELECT coalesce(max(trace_no), 0) FROM traces').pluck(),
    };
    this.nextTraceNo = Number(this.sql.maxTraceNo.get()) + 1;
  }

  /** Writes the batches in one transaction; returns the ids of the traces that gained spans. */
  write(batches: EncodedBatch[]): string[] {
    const changed = new Map<string, TraceState>();
    const nowMs = Date.now();
    try {
      this.db.transaction(() => {
        for (const batch of batches) this.writeBatch(batch, changed, nowMs);
        for (const [traceId, state] of changed) this.saveTrace(traceId, state, nowMs);
      })();
    } catch (error) {
      // Rolled back: the cached summaries and ids may describe rows that are not there.
      this.forgetCaches();
      throw error;
    }
    for (const state of changed.values()) state.isNew = false;
    return [...changed.keys()];
  }

  /** Evicted traces must not linger in the summary cache. */
  forgetTraces(): void {
    this.traceCache.clear();
  }

  private forgetCaches(): void {
    this.traceCache.clear();
    this.serviceIds.clear();
    this.opIds.clear();
    this.resourceIds.clear();
    this.scopeIds.clear();
    this.nextTraceNo = Number(this.sql.maxTraceNo.get()) + 1;
  }

  private writeBatch(batch: EncodedBatch, changed: Map<string, TraceState>, nowMs: number): void {
    const sql = this.sql;
    for (const [id, key] of batch.newKeys) sql.insertKey.run(id, key);
    const resourceIds = batch.resources.map((r) => this.resourceId(r.service, r.body));
    const resourceServices = batch.resources.map((r) => this.serviceId(r.service));
    const scopeIds = batch.scopes.map((s) => this.scopeId(s.body));
    const bodies = Buffer.from(batch.bodies.buffer, batch.bodies.byteOffset, batch.bodies.byteLength);

    for (const span of batch.spans) {
      const state = this.traceState(span.traceId, nowMs);
      const serviceId = resourceServices[span.resource];
      const opId = this.opId(serviceId, span.name, span.kind);
      const inserted = sql.insertSpan.run(
        state.traceNo,
        Buffer.from(span.spanId, 'hex'),
        span.parentSpanId === '' ? null : Buffer.from(span.parentSpanId, 'hex'),
        span.startNs,
        span.durationNs,
        opId,
        span.status,
        resourceIds[span.resource],
        scopeIds[span.scope],
        bodies.subarray(span.bodyStart, span.bodyEnd),
      ).changes;
      if (inserted === 0) continue; // the same span sent again
      const endNs = span.startNs + span.durationNs;
      if (state.spanCount === 0 || span.startNs < state.startNs) state.startNs = span.startNs;
      if (state.spanCount === 0 || endNs > state.endNs) state.endNs = endNs;
      state.spanCount++;
      if (span.status === STATUS_ERROR) state.errorCount++;
      state.services.set(serviceId, (state.services.get(serviceId) ?? 0) + 1);
      const isRoot = span.parentSpanId === '';
      if ((isRoot && (!state.hasRoot || span.startNs < state.rootStartNs)) || (!isRoot && !state.hasRoot && (state.rootOpId === 0 || span.startNs < state.rootStartNs))) {
        state.rootOpId = opId;
        state.rootStartNs = span.startNs;
        state.hasRoot = isRoot;
      }
      changed.set(span.traceId, state);
    }
    for (const trace of batch.traces) {
      const state = this.traceCache.get(trace.traceId);
      if (state === undefined || state.spanCount === 0) continue;
      for (const hash of trace.hashes) sql.insertHash.run(hash, state.traceNo);
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
      | { trace_no: bigint; start_ns: bigint; end_ns: bigint; span_count: bigint; error_count: bigint; root_op_id: bigint; root_start_ns: bigint; has_root: bigint; services: string; received_ms: bigint }
      | undefined;
    state = row
      ? {
          traceNo: Number(row.trace_no),
          isNew: false,
          startNs: row.start_ns,
          endNs: row.end_ns,
          spanCount: Number(row.span_count),
          errorCount: Number(row.error_count),
          rootOpId: Number(row.root_op_id),
          rootStartNs: row.root_start_ns,
          hasRoot: row.has_root === 1n,
          services: parseServiceCounts(row.services),
          receivedMs: Number(row.received_ms),
        }
      : {
          traceNo: this.nextTraceNo++,
          isNew: true,
          startNs: 0n,
          endNs: 0n,
          spanCount: 0,
          errorCount: 0,
          rootOpId: 0,
          rootStartNs: 0n,
          hasRoot: false,
          services: new Map(),
          receivedMs: nowMs,
        };
    this.traceCache.set(traceId, state);
    if (this.traceCache.size > TRACE_CACHE_SIZE) this.traceCache.delete(this.traceCache.keys().next().value as string);
    return state;
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
      s.receivedMs,
      nowMs,
    );
  }

  private serviceId(name: string): number {
    let id = this.serviceIds.get(name);
    if (id === undefined) {
      id = Number(this.sql.serviceId.get(name) ?? this.sql.insertService.run(name).lastInsertRowid);
      this.serviceIds.set(name, id);
    }
    return id;
  }

  private opId(serviceId: number, name: string, kind: number): number {
    const cacheKey = `${serviceId}\u0000${kind}\u0000${name}`;
    let id = this.opIds.get(cacheKey);
    if (id === undefined) {
      id = Number(this.sql.opId.get(serviceId, name, kind) ?? this.sql.insertOp.run(serviceId, name, kind).lastInsertRowid);
      this.opIds.set(cacheKey, id);
    }
    return id;
  }

  private resourceId(service: string, body: Uint8Array): number {
    const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const cacheKey = buf.toString('latin1');
    let id = this.resourceIds.get(cacheKey);
    if (id === undefined) {
      id = Number(this.sql.resourceId.get(buf) ?? this.sql.insertResource.run(this.serviceId(service), buf).lastInsertRowid);
      this.resourceIds.set(cacheKey, id);
    }
    return id;
  }

  private scopeId(body: Uint8Array): number {
    const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const cacheKey = buf.toString('latin1');
    let id = this.scopeIds.get(cacheKey);
    if (id === undefined) {
      id = Number(this.sql.scopeId.get(buf) ?? this.sql.insertScope.run(buf).lastInsertRowid);
      this.scopeIds.set(cacheKey, id);
    }
    return id;
  }
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
