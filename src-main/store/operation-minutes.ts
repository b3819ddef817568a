/**
 * Spans counted per minute of start, operation and status (schema migration 5), kept in step with the spans in
 * the writer's transactions: what TraceQL metrics and the Monitor read instead of every span of a long range.
 * A row holds the count, the sum, smallest and largest duration, a latency histogram and its slowest span (the
 * exemplar). Retention takes evicted spans back out of the counts, sums and histograms; the smallest, largest and
 * slowest stay as they were (a slowest span that was evicted is no exemplar any more: the reader drops it).
 */
import type Database from 'better-sqlite3';
import { addTo, count, type Histogram } from '../model/latency-histogram';
import { packHistogram, unpackHistogram } from './histogram-codec';
import { minuteOf } from './service-map-writer';

/** A row of op_minutes, with its histogram unpacked. */
export interface OperationMinute {
  minute: number;
  opId: number;
  /** 0 unset, 1 ok, 2 error. */
  status: number;
  spans: number;
  sumNs: number;
  minNs: number;
  maxNs: number;
  latency: Histogram;
  slowestTraceNo: number;
  slowestSpanId: Buffer;
}

export const OPERATION_MINUTES_TABLE = `
  CREATE TABLE op_minutes (
    minute INTEGER NOT NULL,
    op_id INTEGER NOT NULL,
    status INTEGER NOT NULL,
    spans INTEGER NOT NULL,
    sum_ns INTEGER NOT NULL,
    min_ns INTEGER NOT NULL,
    max_ns INTEGER NOT NULL,
    latency BLOB NOT NULL,
    slowest_trace_no INTEGER NOT NULL,
    slowest_span_id BLOB NOT NULL,
    PRIMARY KEY (minute, op_id, status)
  ) WITHOUT ROWID;
`;

const COLUMNS = 'minute, op_id, status, spans, sum_ns, min_ns, max_ns, latency, slowest_trace_no, slowest_span_id';

type Row = [number, number, number, number, number, number, number, Buffer, number, Buffer];

export function toOperationMinute(row: Row): OperationMinute {
  const [minute, opId, status, spans, sumNs, minNs, maxNs, latency, slowestTraceNo, slowestSpanId] = row;
  return { minute, opId, status, spans, sumNs, minNs, maxNs, latency: unpackHistogram(latency), slowestTraceNo, slowestSpanId };
}

export class OperationMinutesWriter {
  /** minute → op_id × 4 + status → what this transaction adds. */
  private readonly deltas = new Map<number, Map<number, OperationMinute>>();
  private readonly sql;

  constructor(db: Database.Database) {
    const p = (text: string) => db.prepare(text);
    this.sql = {
      row: p(`SELECT ${COLUMNS} FROM op_minutes WHERE minute = ? AND op_id = ? AND status = ?`).raw(true),
      save: p(`INSERT OR REPLACE INTO op_minutes (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      drop: p('DELETE FROM op_minutes WHERE minute = ? AND op_id = ? AND status = ?'),
      spansOfTraces: p('SELECT op_id, status, start_ns, duration_ns FROM spans WHERE trace_no BETWEEN ? AND ?').raw(true).safeIntegers(true),
    };
  }

  /** A span just stored. */
  add(traceNo: number, spanId: Buffer, opId: number, status: number, startNs: bigint, durationNs: bigint): void {
    const delta = this.delta(minuteOf(startNs), opId, status);
    const ns = Number(durationNs);
    delta.spans++;
    delta.sumNs += ns;
    delta.minNs = Math.min(delta.minNs, ns);
    if (ns > delta.maxNs || delta.slowestTraceNo === 0) {
      delta.maxNs = Math.max(delta.maxNs, ns);
      delta.slowestTraceNo = traceNo;
      delta.slowestSpanId = Buffer.from(spanId);
    }
    count(delta.latency, ns);
  }

  /** Takes the spans of traces first..last out, before retention deletes them (inside its transaction). */
  subtractTraces(firstTraceNo: number, lastTraceNo: number): void {
    for (const [opId, status, startNs, durationNs] of this.sql.spansOfTraces.iterate(firstTraceNo, lastTraceNo) as Iterable<[bigint, bigint, bigint, bigint]>) {
      const delta = this.delta(minuteOf(startNs), Number(opId), Number(status));
      delta.spans--;
      delta.sumNs -= Number(durationNs);
      count(delta.latency, Number(durationNs), -1);
    }
    this.flush();
  }

  /** Applies what was gathered (inside the transaction). */
  flush(): void {
    for (const byOp of this.deltas.values()) {
      for (const d of byOp.values()) {
        const stored = this.sql.row.get(d.minute, d.opId, d.status) as Row | undefined;
        const row = stored ? merge(toOperationMinute(stored), d) : d;
        if (row.spans <= 0) this.sql.drop.run(d.minute, d.opId, d.status);
        else this.sql.save.run(row.minute, row.opId, row.status, row.spans, row.sumNs, row.minNs, row.maxNs, packHistogram(row.latency), row.slowestTraceNo, row.slowestSpanId);
      }
    }
    this.deltas.clear();
  }

  /** Drops what was gathered for a transaction that rolled back. */
  forget(): void {
    this.deltas.clear();
  }

  private delta(minute: number, opId: number, status: number): OperationMinute {
    let byOp = this.deltas.get(minute);
    if (!byOp) this.deltas.set(minute, (byOp = new Map()));
    const key = opId * 4 + status;
    let delta = byOp.get(key);
    if (!delta) {
      byOp.set(key, (delta = { minute, opId, status, spans: 0, sumNs: 0, minNs: Infinity, maxNs: 0, latency: new Map(), slowestTraceNo: 0, slowestSpanId: EMPTY }));
    }
    return delta;
  }
}

const EMPTY = Buffer.alloc(0);

function merge(into: OperationMinute, delta: OperationMinute): OperationMinute {
  addTo(into.latency, delta.latency);
  const slower = delta.slowestTraceNo !== 0 && delta.maxNs > into.maxNs;
  return {
    ...into,
    spans: into.spans + delta.spans,
    sumNs: into.sumNs + delta.sumNs,
    minNs: Math.min(into.minNs, delta.minNs),
    maxNs: Math.max(into.maxNs, delta.maxNs),
    slowestTraceNo: slower ? delta.slowestTraceNo : into.slowestTraceNo,
    slowestSpanId: slower ? delta.slowestSpanId : into.slowestSpanId,
  };
}

/** Fills op_minutes from the stored spans: the migration that adds the table runs it once. */
export function countStoredSpans(db: Database.Database): void {
  const writer = new OperationMinutesWriter(db);
  const spans = db.prepare('SELECT trace_no, span_id, op_id, status, start_ns, duration_ns FROM spans').raw(true).safeIntegers(true);
  // The rows gathered grow with minutes × operations, not spans; they are written once the reading is done.
  for (const [traceNo, spanId, opId, status, startNs, durationNs] of spans.iterate() as Iterable<[bigint, Buffer, bigint, bigint, bigint, bigint]>) {
    writer.add(Number(traceNo), spanId, Number(opId), Number(status), startNs, durationNs);
  }
  writer.flush();
}
