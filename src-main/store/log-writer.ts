/**
 * Writes packed log records (log-batch.ts) in the writer thread's transactions: a row each (its trace id by number,
 * from log_traces), the body texts into the trigram index in runs (log-text-runs.ts), and the write's first record
 * with its arrival time (for retention by age).
 */
import type Database from 'better-sqlite3';
import type { DictionaryIds } from './dictionary-ids';
import { LOG_ROW, LOG_ROW_BYTES, type LogBatch } from './log-batch';
import { LogTextRuns } from './log-text-runs';

export class LogWriter {
  private readonly sql;

  constructor(
    private readonly db: Database.Database,
    private readonly ids: DictionaryIds,
  ) {
    const p = (text: string) => db.prepare(text);
    this.sql = {
      insert: p('INSERT INTO logs (time_ns, service_id, severity, trace_no, span_id, resource_id, scope_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      traceNo: p('SELECT trace_no FROM log_traces WHERE trace_id = ?').pluck(),
      newTrace: p('INSERT INTO log_traces (trace_id) VALUES (?)'),
      insertText: p('INSERT OR REPLACE INTO logs_text (rowid, text) VALUES (?, ?)'),
      arrival: p('INSERT INTO log_arrivals (first_log_no, received_ms) VALUES (?, ?)'),
    };
  }

  /** Writes the batches in one transaction; the new records' numbers, in order. */
  write(batches: LogBatch[], nowMs = Date.now()): number[] {
    const numbers: number[] = [];
    const runs = new LogTextRuns((firstLogNo, text) => this.sql.insertText.run(firstLogNo, text));
    // Trace numbers looked up in this transaction only: retention may delete a trace's number between two.
    const traceNos = new Map<string, number>();
    this.db.transaction(() => {
      for (const batch of batches) this.writeBatch(batch, numbers, runs, traceNos);
      runs.flush();
      if (numbers.length > 0) this.sql.arrival.run(numbers[0], nowMs);
    }).immediate();
    return numbers;
  }

  private traceNo(traceId: Buffer, traceNos: Map<string, number>): number {
    const key = traceId.toString('latin1');
    let traceNo = traceNos.get(key);
    if (traceNo === undefined) {
      traceNo = (this.sql.traceNo.get(traceId) as number | undefined) ?? Number(this.sql.newTrace.run(traceId).lastInsertRowid);
      traceNos.set(key, traceNo);
    }
    return traceNo;
  }

  private writeBatch(batch: LogBatch, numbers: number[], runs: LogTextRuns, traceNos: Map<string, number>): void {
    this.ids.insertKeys(batch.newKeys);
    const resourceIds = batch.resources.map((r) => this.ids.resourceId(r.service, r.body));
    const serviceIds = batch.resources.map((r) => this.ids.serviceId(r.service));
    const scopeIds = batch.scopes.map((s) => this.ids.scopeId(s));
    const rows = Buffer.from(batch.rows.buffer, batch.rows.byteOffset, batch.rows.byteLength);
    const bodies = Buffer.from(batch.bodies.buffer, batch.bodies.byteOffset, batch.bodies.byteLength);
    let bodyStart = 0;
    for (let i = 0; i < batch.recordCount; i++) {
      const o = i * LOG_ROW_BYTES;
      const hasTrace = rows[o + LOG_ROW.hasTrace];
      const resource = rows.readUInt32LE(o + LOG_ROW.resource);
      const bodyEnd = rows.readUInt32LE(o + LOG_ROW.bodyEnd);
      const logNo = Number(
        this.sql.insert.run(
          rows.readBigUInt64LE(o + LOG_ROW.time),
          serviceIds[resource],
          rows[o + LOG_ROW.severity],
          hasTrace > 0 ? this.traceNo(rows.subarray(o + LOG_ROW.traceId, o + LOG_ROW.traceId + 16), traceNos) : null,
          hasTrace > 1 ? rows.subarray(o + LOG_ROW.spanId, o + LOG_ROW.spanId + 8) : null,
          resourceIds[resource],
          scopeIds[rows.readUInt32LE(o + LOG_ROW.scope)],
          bodies.subarray(bodyStart, bodyEnd),
        ).lastInsertRowid,
      );
      bodyStart = bodyEnd;
      runs.add(logNo, batch.texts[i]);
      numbers.push(logNo);
    }
  }
}
