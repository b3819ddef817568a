/**
 * What a database file holds and whether its parts agree, read with a connection of the test's own: SQLite's
 * integrity check, and the store's invariants (each trace's summary counts its span rows, every span belongs to a
 * trace and names an operation, resource and scope that exist, the service map counts every span once).
 */
import Database from 'better-sqlite3';

export interface DatabaseCheck {
  integrity: string;
  spans: number;
  traces: number;
  /** Trace ids whose summary's span_count differs from their span rows. */
  miscountedTraces: string[];
  /** Span rows whose trace, operation, resource or scope row is missing. */
  danglingSpans: number;
  /** Spans the service map counts, to compare with `spans`. */
  mapSpans: number;
  /** Every stored trace id, lowercase hex. */
  traceIds: string[];
}

export function checkDatabase(dbPath: string): DatabaseCheck {
  // Read-write, so that a WAL left by a killed process is recovered as Spanscope would.
  const db = new Database(dbPath);
  try {
    const one = (sql: string) => db.prepare(sql).pluck().get() as number;
    return {
      integrity: (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; '),
      spans: one('SELECT count(*) FROM spans'),
      traces: one('SELECT count(*) FROM traces'),
      miscountedTraces: db
        .prepare('SELECT lower(hex(trace_id)) FROM traces t WHERE span_count != (SELECT count(*) FROM spans s WHERE s.trace_no = t.trace_no)')
        .pluck()
        .all() as string[],
      danglingSpans: one(`SELECT count(*) FROM spans s WHERE NOT EXISTS (SELECT 1 FROM traces t WHERE t.trace_no = s.trace_no)
        OR NOT EXISTS (SELECT 1 FROM operations o WHERE o.id = s.op_id)
        OR NOT EXISTS (SELECT 1 FROM resources r WHERE r.id = s.resource_id)
        OR NOT EXISTS (SELECT 1 FROM scopes c WHERE c.id = s.scope_id)`),
      mapSpans: one('SELECT coalesce(sum(spans), 0) FROM map_spans'),
      traceIds: db.prepare('SELECT lower(hex(trace_id)) FROM traces').pluck().all() as string[],
    };
  } finally {
    db.close();
  }
}

/** Every stored span as `traceId` + `spanId` in hex, as otlp-senders.ts names them. */
export function storedSpanKeys(dbPath: string): Set<string> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const keys = db.prepare('SELECT lower(hex(t.trace_id)) || lower(hex(s.span_id)) FROM spans s JOIN traces t ON t.trace_no = s.trace_no').pluck().all();
    return new Set(keys as string[]);
  } finally {
    db.close();
  }
}
