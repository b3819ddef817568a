/** The spans of traces as the service map reads them (service-calls.ts), straight from their rows. */
import type Database from 'better-sqlite3';
import type { CallSpan } from './service-calls';

type Row = [bigint, string, string, bigint, bigint, bigint, bigint, bigint, bigint];

export function callSpansReader(db: Database.Database): (firstTraceNo: number, lastTraceNo: number) => Map<number, CallSpan[]> {
  const statement = db
    .prepare(
      `SELECT s.trace_no, lower(hex(s.span_id)), lower(hex(coalesce(s.parent_id, x''))), o.service_id, o.kind, s.status, s.start_ns, s.duration_ns, coalesce(s.peer_id, 0)
       FROM spans s JOIN operations o ON o.id = s.op_id WHERE s.trace_no BETWEEN ? AND ?`,
    )
    .raw(true)
    .safeIntegers(true);
  return (firstTraceNo, lastTraceNo) => {
    const byTrace = new Map<number, CallSpan[]>();
    for (const row of statement.iterate(firstTraceNo, lastTraceNo) as Iterable<Row>) {
      const traceNo = Number(row[0]);
      let spans = byTrace.get(traceNo);
      if (!spans) byTrace.set(traceNo, (spans = []));
      spans.push({ spanId: row[1], parentId: row[2], service: Number(row[3]), kind: Number(row[4]), error: row[5] === 2n, startNs: row[6], durationNs: row[7], peer: Number(row[8]) });
    }
    return byTrace;
  };
}
