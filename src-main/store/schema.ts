/**
 * The database schema as numbered migrations; `PRAGMA user_version` records how many have run.
 * ARCHITECTURE.md explains the choices (one row per span, dictionary tables, Bloom-filtered attribute hashes).
 */
import type Database from 'better-sqlite3';

const MIGRATIONS: string[] = [
  `
  CREATE TABLE services (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE operations (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind INTEGER NOT NULL,
    UNIQUE (service_id, name, kind)
  );
  CREATE TABLE attr_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
  CREATE TABLE resources (id INTEGER PRIMARY KEY, service_id INTEGER NOT NULL, body BLOB NOT NULL UNIQUE);
  CREATE TABLE scopes (id INTEGER PRIMARY KEY, body BLOB NOT NULL UNIQUE);
  CREATE TABLE traces (
    trace_no INTEGER PRIMARY KEY,
    trace_id BLOB NOT NULL UNIQUE,
    start_ns INTEGER NOT NULL,
    end_ns INTEGER NOT NULL,
    span_count INTEGER NOT NULL,
    error_count INTEGER NOT NULL,
    root_op_id INTEGER NOT NULL,
    root_start_ns INTEGER NOT NULL,
    has_root INTEGER NOT NULL,
    services TEXT NOT NULL,
    attr_hashes BLOB NOT NULL,
    received_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
  );
  CREATE INDEX traces_by_start ON traces (start_ns);
  CREATE TABLE spans (
    trace_no INTEGER NOT NULL,
    span_id BLOB NOT NULL,
    parent_id BLOB,
    start_ns INTEGER NOT NULL,
    duration_ns INTEGER NOT NULL,
    op_id INTEGER NOT NULL,
    status INTEGER NOT NULL,
    resource_id INTEGER NOT NULL,
    scope_id INTEGER NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (trace_no, span_id)
  ) WITHOUT ROWID;
  CREATE INDEX spans_by_op ON spans (op_id, start_ns, duration_ns);
  CREATE TABLE attr_blooms (bucket INTEGER PRIMARY KEY, bloom BLOB NOT NULL);
  `,
  // 1 when the span has events, so the waterfall opens only those bodies; NULL (unknown) on rows from before.
  `ALTER TABLE spans ADD COLUMN has_events INTEGER;`,
  // The service map, aggregated as spans are written (store/service-map-writer.ts). Rows are kept per trace
  // bucket (256 traces by arrival, as attr_blooms) so retention removes evicted traces' calls exactly; and per
  // minute of call start, for time ranges. A node is a service id, or minus a peer id.
  `
  ALTER TABLE spans ADD COLUMN peer_id INTEGER;
  CREATE TABLE peers (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE);
  CREATE TABLE map_calls (
    bucket INTEGER NOT NULL,
    minute INTEGER NOT NULL,
    source INTEGER NOT NULL,
    target INTEGER NOT NULL,
    calls INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    latency BLOB NOT NULL,
    PRIMARY KEY (bucket, minute, source, target)
  ) WITHOUT ROWID;
  CREATE TABLE map_spans (
    bucket INTEGER NOT NULL,
    minute INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    spans INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    PRIMARY KEY (bucket, minute, service_id)
  ) WITHOUT ROWID;
  `,
  // Spans refused because the trace had reached the per-trace limit (span-limits.ts): above 0, the trace is truncated.
  `ALTER TABLE traces ADD COLUMN refused_spans INTEGER NOT NULL DEFAULT 0;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `the database was written by a newer Spanscope (schema ${version}, this one knows ${SCHEMA_VERSION}); use a newer Spanscope or another --db`,
    );
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** Connection settings shared by the writer and the readers; the page cache size is the caller's (MiB). */
export function tuneConnection(db: Database.Database, cacheMiB: number): void {
  if (!db.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`cache_size = -${cacheMiB * 1024}`);
  db.pragma('busy_timeout = 5000');
}
