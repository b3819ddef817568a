/**
 * Keeps the service map's tables (schema migration 3) in step with the spans: in each transaction, the calls
 * of every touched trace are recomputed (service-calls.ts) and only the difference is applied, so spans may
 * arrive in any order and late children move a call from a peer to the service that answered it. Traces new
 * in the transaction are computed from the batch alone; older ones are read back from their rows.
 *
 * Reading a trace back costs its size, so a big trace written over many transactions (one huge trace imported)
 * would be read again in each: a trace of DEFER_SPANS stored spans or more is recomputed at most once per ten times
 * its last recomputation took (`settle`), its calls meanwhile those of its last recomputation.
 */
import type Database from 'better-sqlite3';
import { bucketOf } from './attribute-bloom';
import { callSpansReader } from './call-spans';
import { addTo, count, type Histogram } from '../model/latency-histogram';
import { packHistogram, unpackHistogram } from './histogram-codec';
import { callsOf, type Call, type CallSpan } from './service-calls';

export const NS_PER_MINUTE = 60_000_000_000n;
/** Stored spans from which a trace's recomputation waits (see above). */
const DEFER_SPANS = 5_000;
/** A deferred trace waits ten times its last recomputation, and never less than this. */
const MIN_DEFER_MS = 200;
export const minuteOf = (ns: bigint) => Number(ns / NS_PER_MINUTE);

interface CallDelta {
  bucket: number;
  minute: number;
  source: number;
  target: number;
  calls: number;
  errors: number;
  latency: Histogram;
}

interface SpanDelta {
  bucket: number;
  minute: number;
  service: number;
  spans: number;
  errors: number;
}

/** A big trace whose calls in the map are `applied` until it is recomputed at `dueMs`. */
interface Deferred {
  applied: Call[];
  dueMs: number;
  /** Spans were added since `applied` was computed. */
  touched: boolean;
}

export class ServiceMapWriter {
  private readonly touched = new Map<number, { existed: boolean; spans: CallSpan[] }>();
  private readonly deferred = new Map<number, Deferred>();
  /** Deferrals decided in the open transaction, kept once it commits (`committed`). */
  private readonly newlyDeferred = new Map<number, Deferred>();
  private readonly spanDeltas = new Map<string, SpanDelta>();
  private readonly sql;
  private readonly spansOf;

  constructor(db: Database.Database) {
    this.spansOf = callSpansReader(db);
    const p = (text: string) => db.prepare(text);
    this.sql = {
      call: p('SELECT calls, errors, latency FROM map_calls WHERE bucket = ? AND minute = ? AND source = ? AND target = ?').raw(true),
      saveCall: p('INSERT OR REPLACE INTO map_calls (bucket, minute, source, target, calls, errors, latency) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      dropCall: p('DELETE FROM map_calls WHERE bucket = ? AND minute = ? AND source = ? AND target = ?'),
      addSpans: p(
        `INSERT INTO map_spans (bucket, minute, service_id, spans, errors) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (bucket, minute, service_id) DO UPDATE SET spans = spans + excluded.spans, errors = errors + excluded.errors`,
      ),
      dropEmptySpans: p('DELETE FROM map_spans WHERE bucket = ? AND spans <= 0'),
      dropBucketsBelow: [p('DELETE FROM map_calls WHERE bucket < ?'), p('DELETE FROM map_spans WHERE bucket < ?')],
    };
  }

  /** A span just inserted into trace `traceNo`; `traceExisted`: the trace had rows before this transaction. */
  add(traceNo: number, traceExisted: boolean, span: CallSpan): void {
    let trace = this.touched.get(traceNo);
    if (!trace) this.touched.set(traceNo, (trace = { existed: traceExisted, spans: [] }));
    trace.spans.push(span);
    this.countSpan(bucketOf(traceNo), span, 1);
  }

  /** Applies this transaction's changes (inside it). */
  flush(nowMs = Date.now()): void {
    const deltas = new Map<string, CallDelta>();
    for (const [traceNo, { existed, spans }] of this.touched) {
      const bucket = bucketOf(traceNo);
      if (!existed) {
        addCalls(deltas, bucket, callsOf(spans), 1);
        continue;
      }
      const deferred = this.deferred.get(traceNo);
      if (deferred) {
        deferred.touched = true;
        continue;
      }
      const started = performance.now();
      const all = this.spansOf(traceNo, traceNo).get(traceNo) ?? [];
      const added = new Set(spans.map((s) => s.spanId));
      const calls = callsOf(all);
      addCalls(deltas, bucket, calls, 1);
      addCalls(deltas, bucket, callsOf(all.filter((s) => !added.has(s.spanId))), -1);
      if (all.length >= DEFER_SPANS) this.newlyDeferred.set(traceNo, { applied: calls, dueMs: nowMs + deferFor(performance.now() - started), touched: false });
    }
    this.apply(deltas);
    this.touched.clear();
  }

  /** The transaction of the last `flush` committed. */
  committed(): void {
    for (const [traceNo, deferred] of this.newlyDeferred) this.deferred.set(traceNo, deferred);
    this.newlyDeferred.clear();
  }

  /** When the next deferred trace is due, or undefined when none waits. */
  nextDueMs(): number | undefined {
    let next: number | undefined;
    for (const d of this.deferred.values()) if (next === undefined || d.dueMs < next) next = d.dueMs;
    return next;
  }

  /**
   * Recomputes the deferred traces that are due, in a transaction of the caller's; call `settled` with the answer
   * once it commits. With `everything` (before retention and closing), every trace, and none waits afterwards.
   */
  settle(nowMs: number, everything: boolean): Map<number, Deferred | undefined> {
    const outcome = new Map<number, Deferred | undefined>();
    const deltas = new Map<string, CallDelta>();
    for (const [traceNo, deferred] of this.deferred) {
      if (!everything && deferred.dueMs > nowMs) continue;
      if (!deferred.touched) {
        outcome.set(traceNo, undefined); // nothing arrived since: the map is right, and the trace waits no more
        continue;
      }
      const started = performance.now();
      const calls = callsOf(this.spansOf(traceNo, traceNo).get(traceNo) ?? []);
      addCalls(deltas, bucketOf(traceNo), calls, 1);
      addCalls(deltas, bucketOf(traceNo), deferred.applied, -1);
      outcome.set(traceNo, everything ? undefined : { applied: calls, dueMs: nowMs + deferFor(performance.now() - started), touched: false });
    }
    this.apply(deltas);
    return outcome;
  }

  settled(outcome: Map<number, Deferred | undefined>): void {
    for (const [traceNo, deferred] of outcome) {
      if (deferred) this.deferred.set(traceNo, deferred);
      else this.deferred.delete(traceNo);
    }
  }

  /** Drops what was gathered for a transaction that rolled back. */
  forget(): void {
    this.touched.clear();
    this.spanDeltas.clear();
    this.newlyDeferred.clear();
  }

  /**
   * Takes the calls and spans of traces first..last out of the map, before retention deletes them: only needed
   * for a bucket that keeps some of its traces (whole buckets go with `dropBucketsBelow`).
   */
  subtractTraces(firstTraceNo: number, lastTraceNo: number): void {
    const deltas = new Map<string, CallDelta>();
    for (const [traceNo, spans] of this.spansOf(firstTraceNo, lastTraceNo)) {
      addCalls(deltas, bucketOf(traceNo), callsOf(spans), -1);
      for (const span of spans) this.countSpan(bucketOf(traceNo), span, -1);
    }
    this.apply(deltas);
    this.sql.dropEmptySpans.run(bucketOf(firstTraceNo));
  }

  dropBucketsBelow(bucket: number): void {
    for (const statement of this.sql.dropBucketsBelow) statement.run(bucket);
  }

  private countSpan(bucket: number, span: CallSpan, sign: number): void {
    const minute = minuteOf(span.startNs);
    const key = `${bucket}|${minute}|${span.service}`;
    let delta = this.spanDeltas.get(key);
    if (!delta) this.spanDeltas.set(key, (delta = { bucket, minute, service: span.service, spans: 0, errors: 0 }));
    delta.spans += sign;
    if (span.error) delta.errors += sign;
  }

  private apply(deltas: Map<string, CallDelta>): void {
    for (const d of deltas.values()) {
      if (d.calls === 0 && d.errors === 0 && d.latency.size === 0) continue;
      const row = this.sql.call.get(d.bucket, d.minute, d.source, d.target) as [number, number, Buffer] | undefined;
      const latency = row ? unpackHistogram(row[2]) : new Map<number, number>();
      addTo(latency, d.latency);
      const calls = (row?.[0] ?? 0) + d.calls;
      if (calls <= 0) this.sql.dropCall.run(d.bucket, d.minute, d.source, d.target);
      else this.sql.saveCall.run(d.bucket, d.minute, d.source, d.target, calls, (row?.[1] ?? 0) + d.errors, packHistogram(latency));
    }
    for (const d of this.spanDeltas.values()) if (d.spans !== 0) this.sql.addSpans.run(d.bucket, d.minute, d.service, d.spans, d.errors);
    this.spanDeltas.clear();
  }
}

function deferFor(costMs: number): number {
  return Math.max(MIN_DEFER_MS, 10 * costMs);
}

function addCalls(into: Map<string, CallDelta>, bucket: number, calls: Call[], sign: number): void {
  for (const call of calls) {
    const minute = minuteOf(call.startNs);
    const key = `${bucket}|${minute}|${call.source}|${call.target}`;
    let delta = into.get(key);
    if (!delta) into.set(key, (delta = { bucket, minute, source: call.source, target: call.target, calls: 0, errors: 0, latency: new Map() }));
    delta.calls += sign;
    if (call.error) delta.errors += sign;
    count(delta.latency, call.latencyNs, sign);
  }
}
