/**
 * The database schema as numbered migrations; `PRAGMA user_version` records how many have run.
 * ARCHITECTURE.md explains the choices (one row per span, dictionary tables, Bloom-filtered attribute hashes).
 */
import type Database from 'better-sqlite3';
import { FOREIGN_DATABASE } from './database-error';
import { countStoredSpans, OPERATION_MINUTES_TABLE } from './operation-minutes';
import { countStoredRuns, RUN_TABLES } from './run-writer';

/** SQL, or a function for what SQL alone cannot fill. */
const MIGRATIONS: (string | ((db: Database.Database) => void))[] = [
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
  // Spans per minute, operation and status, for metrics over long ranges (store/operation-minutes.ts).
  (db) => {
    db.exec(OPERATION_MINUTES_TABLE);
    countStoredSpans(db);
  },
  // Log records (store/log-writer.ts): a row each by arrival, the rest in the body (log-body-codec.ts); the text
  // of their bodies in a contentless trigram index that only narrows (a match is checked on the body); the first
  // record of each write with its arrival time, for retention by age.
  `
  CREATE TABLE logs (
    log_no INTEGER PRIMARY KEY,
    time_ns INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    severity INTEGER NOT NULL,
    trace_id BLOB,
    span_id BLOB,
    resource_id INTEGER NOT NULL,
    scope_id INTEGER NOT NULL,
    body BLOB NOT NULL
  );
  CREATE INDEX logs_by_trace ON logs (trace_id) WHERE trace_id IS NOT NULL;
  CREATE INDEX logs_by_time ON logs (time_ns);
  CREATE VIRTUAL TABLE logs_text USING fts5(text, content='', contentless_delete=1, tokenize='trigram case_sensitive 0', detail=none);
  CREATE TABLE log_arrivals (first_log_no INTEGER PRIMARY KEY, received_ms INTEGER NOT NULL);
  `,
  // Smaller log records: a trace id is stored once in log_traces and each record holds its number; the trigram
  // index takes a document per run of up to LOG_TEXT_RUN records (log-text-runs.ts), so the trigrams records share
  // are indexed once. The per-record documents of migration 6 are runs of one and stay as they are.
  `
  CREATE TABLE log_traces (trace_no INTEGER PRIMARY KEY, trace_id BLOB NOT NULL UNIQUE);
  INSERT INTO log_traces (trace_id) SELECT DISTINCT trace_id FROM logs WHERE trace_id IS NOT NULL;
  CREATE TABLE logs_v7 (
    log_no INTEGER PRIMARY KEY,
    time_ns INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    severity INTEGER NOT NULL,
    trace_no INTEGER,
    span_id BLOB,
    resource_id INTEGER NOT NULL,
    scope_id INTEGER NOT NULL,
    body BLOB NOT NULL
  );
  INSERT INTO logs_v7
    SELECT log_no, time_ns, service_id, severity, (SELECT trace_no FROM log_traces t WHERE t.trace_id = logs.trace_id), span_id, resource_id, scope_id, body
    FROM logs;
  DROP TABLE logs;
  ALTER TABLE logs_v7 RENAME TO logs;
  CREATE INDEX logs_by_trace ON logs (trace_no) WHERE trace_no IS NOT NULL;
  CREATE INDEX logs_by_time ON logs (time_ns);
  `,
  // Runs (store/run-writer.ts): labelled slices of the spans, automatic (from the resource attributes that mark a
  // build) or started by hand; their counts kept as spans are written, each trace's share in its `runs` column.
  (db) => {
    db.exec(RUN_TABLES);
    countStoredRuns(db);
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** `PRAGMA application_id` of a Spanscope database ("Spsc"): another program's SQLite file is never migrated. */
export const APPLICATION_ID = 0x53707363;

/**
 * Throws (code FOREIGN_DATABASE) when the file is another program's SQLite database: it has tables, or an
 * application id, and is not marked as Spanscope's. An empty file is ours to fill; a store from before the mark
 * is known by its user_version and its spans and traces tables. Runs before any pragma that would change the file.
 */
export function checkOwnDatabase(db: Database.Database): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === APPLICATION_ID) return;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").pluck().all() as string[];
  const version = db.pragma('user_version', { simple: true }) as number;
  if (applicationId === 0 && (tables.length === 0 || (version > 0 && tables.includes('spans') && tables.includes('traces')))) return;
  const named = tables.length <= 5 ? tables.join(', ') : `${tables.slice(0, 5).join(', ')} and ${tables.length - 5} more`;
  const detail = applicationId !== 0
    ? `its application id is ${applicationId} (0x${(applicationId >>> 0).toString(16)}), not Spanscope's`
    : `it holds the tables ${named} and no Spanscope schema`;
  throw Object.assign(new Error(detail), { code: FOREIGN_DATABASE });
}

export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `the database was written by a newer Spanscope (schema ${version}, this one knows ${SCHEMA_VERSION}); use a newer Spanscope or another --db`,
    );
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      const migration = MIGRATIONS[v];
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`);
}

/** Connection settings shared by the writer and the readers; the page cache size is the caller's (MiB). */
export function tuneConnection(db: Database.Database, cacheMiB: number): void {
  if (!db.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`cache_size = -${cacheMiB * 1024}`);
  db.pragma('busy_timeout = 5000');
}
