import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLogQuery } from '../../src-main/query/log-query';
import { searchLogs, traceLogs } from '../../src-main/query/logs';
import { openDatabase } from '../../src-main/store/open-database';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../src-main/store/schema';
import { Store } from '../../src-main/store/store';
import { StoreReader } from '../../src-main/store/store-reader';
import { logRecord } from '../helpers/logs';
import { hexId, resource, span } from '../helpers/spans';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'spanscope-schema-')), 'spans.db');

/** A store as schema 7 left it: no runs (migration 8). */
const WITHOUT_RUNS = 'DROP TABLE runs; DROP TABLE run_resources; DROP TABLE run_services; DROP TABLE run_buckets; ALTER TABLE traces DROP COLUMN runs;';

describe('schema migrations', () => {
  it('creates the schema once, records its version and opens in WAL mode', () => {
    const path = tempDb();
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2); // incremental, for size retention
    db.close();
  });

  it('counts the spans of a store from before op_minutes into it when the migration adds the table', async () => {
    const path = tempDb();
    const store = await Store.open({ dbPath: path, retention: { maxDbBytes: 0, retentionMs: 0 }, maxQueuedSpans: 1000 });
    for (let i = 0; i < 3; i++) {
      const traceId = hexId(16);
      await store.write([span({ traceId, spanId: hexId(8), startTimeUnixNano: BigInt(i) * 60_000_000_000n, endTimeUnixNano: BigInt(i) * 60_000_000_000n + 5_000_000n }), span({ traceId, spanId: hexId(8), name: 'other' })]);
    }
    await store.close();
    const raw = new Database(path);
    // As a store of schema 4 was: no op_minutes, nor the logs tables of the migration after.
    raw.exec(`${WITHOUT_RUNS} DROP TABLE op_minutes; DROP TABLE logs; DROP TABLE logs_text; DROP TABLE log_arrivals; DROP TABLE log_traces`);
    raw.pragma('user_version = 4');
    raw.close();
    const db = openDatabase(path);
    expect(db.prepare('SELECT sum(spans), count(*) FROM op_minutes').raw().get()).toEqual([6, 4]);
    expect(db.prepare('SELECT sum_ns FROM op_minutes WHERE minute = 1').pluck().get()).toBe(5_000_000);
    db.close();
  });

  it('moves the log records of a schema 6 store to trace numbers, keeping their trace, text and every field', async () => {
    const path = tempDb();
    const store = await Store.open({ dbPath: path, retention: { maxDbBytes: 0, retentionMs: 0 }, maxQueuedSpans: 1000 });
    const traceId = hexId(16);
    await store.writeLogs([logRecord({ body: 'first of the trace', traceId, spanId: hexId(8) }), logRecord({ body: 'no trace here' }), logRecord({ body: 'second of the trace', traceId })]);
    const before = traceLogs(store.reader, traceId);
    await store.close();
    // As schema 6 kept them: the trace id in each row, a text document per record.
    const raw = new Database(path);
    raw.exec(`
      ${WITHOUT_RUNS}
      CREATE TABLE logs_v6 (log_no INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, service_id INTEGER NOT NULL, severity INTEGER NOT NULL, trace_id BLOB, span_id BLOB, resource_id INTEGER NOT NULL, scope_id INTEGER NOT NULL, body BLOB NOT NULL);
      INSERT INTO logs_v6 SELECT log_no, time_ns, service_id, severity, trace_id, span_id, resource_id, scope_id, body FROM logs LEFT JOIN log_traces USING (trace_no);
      DROP TABLE logs; DROP TABLE log_traces; ALTER TABLE logs_v6 RENAME TO logs;
      CREATE INDEX logs_by_trace ON logs (trace_id) WHERE trace_id IS NOT NULL;
      CREATE INDEX logs_by_time ON logs (time_ns);
      DELETE FROM logs_text;
      INSERT INTO logs_text (rowid, text) VALUES (1, 'first of the trace'), (2, 'no trace here'), (3, 'second of the trace');
    `);
    raw.pragma('user_version = 6');
    raw.close();
    const reader = new StoreReader(openDatabase(path));
    expect(traceLogs(reader, traceId)).toEqual(before);
    expect(before.map((l) => l.body)).toEqual(['first of the trace', 'second of the trace']);
    expect(searchLogs(reader, parseLogQuery(new URLSearchParams({ text: 'TRACE' }))).map((l) => l.body)).toEqual(['second of the trace', 'no trace here', 'first of the trace']);
    expect(reader.db.prepare('SELECT count(*) FROM log_traces').pluck().get()).toBe(1);
    reader.db.close();
  });

  it('puts the spans of a schema 7 store in the runs of their resources when the migration adds runs', async () => {
    const path = tempDb();
    const store = await Store.open({ dbPath: path, retention: { maxDbBytes: 0, retentionMs: 0 }, maxQueuedSpans: 1000 });
    const v1 = resource('checkout', { 'service.version': '1.0', 'deployment.environment.name': 'staging' });
    const v2 = resource('checkout', { 'service.version': '1.1', 'deployment.environment.name': 'staging' });
    const payments = resource('payments', { 'service.version': '1.1' });
    const t1 = hexId(16);
    const t2 = hexId(16);
    await store.write([
      span({ traceId: t1, spanId: hexId(8), resource: v1, startTimeUnixNano: 1_000n, endTimeUnixNano: 2_000n }),
      span({ traceId: t1, spanId: hexId(8), resource: v1, status: { code: 'ERROR', message: '' }, startTimeUnixNano: 1_500n, endTimeUnixNano: 1_800n }),
      span({ traceId: t2, spanId: hexId(8), resource: v2, startTimeUnixNano: 5_000n, endTimeUnixNano: 9_000n }),
      span({ traceId: t2, spanId: hexId(8), resource: payments, startTimeUnixNano: 6_000n, endTimeUnixNano: 7_000n }),
      span({ traceId: hexId(16), spanId: hexId(8), resource: resource('no-version') }),
    ]);
    await store.close();
    const raw = new Database(path);
    raw.exec(WITHOUT_RUNS);
    raw.pragma('user_version = 7');
    raw.close();
    const db = openDatabase(path);
    const runs = db.prepare('SELECT origin, label, span_count, error_count, trace_count, start_ns, end_ns FROM runs ORDER BY origin, label').raw().all();
    expect(runs).toEqual([
      [1, '1.0', 2, 1, 1, 1_000, 2_000],
      [1, '1.1', 2, 0, 1, 5_000, 9_000],
      [3, 'staging', 3, 1, 2, 1_000, 9_000],
    ]);
    const servicesOf = db.prepare("SELECT group_concat(s.name, ',' ORDER BY s.name) FROM run_services r JOIN services s ON s.id = r.service_id JOIN runs ON runs.id = r.run_id WHERE runs.label = ?").pluck();
    expect(servicesOf.get('1.1')).toBe('checkout,payments');
    expect(db.prepare("SELECT runs FROM traces WHERE runs <> '' ORDER BY trace_no").pluck().all()).toHaveLength(2);
    db.close();
  });

  it('refuses a database written by a newer Spanscope, saying what to do', () => {
    const path = tempDb();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(`the database was written by a newer Spanscope (schema ${SCHEMA_VERSION + 1}, this one knows ${SCHEMA_VERSION}); use a newer Spanscope or another --db`);
  });

  it("refuses another program's SQLite file before changing anything in it, naming its tables", () => {
    const path = tempDb();
    const raw = new Database(path);
    raw.exec('CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY)');
    raw.close();
    expect(() => openDatabase(path)).toThrow(expect.objectContaining({ code: 'SPANSCOPE_FOREIGN_DATABASE', message: 'it holds the tables moz_bookmarks, moz_places and no Spanscope schema' }));
    const after = new Database(path, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual(['moz_bookmarks', 'moz_places']);
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(after.pragma('user_version', { simple: true })).toBe(0);
    after.close();
  });

  it("refuses a file with another program's application id, even without tables", () => {
    const path = tempDb();
    const raw = new Database(path);
    raw.pragma('application_id = 1196444487'); // GeoPackage's "GPKG"
    raw.close();
    expect(() => openDatabase(path)).toThrow('its application id is 1196444487 (0x47504b47), not Spanscope\'s');
  });

  it('marks a new or empty file as Spanscope\'s, and a store from before the mark too', () => {
    const empty = tempDb();
    new Database(empty).close();
    const db = openDatabase(empty);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.pragma('application_id = 0'); // as every store was before the mark
    db.close();
    const before = openDatabase(empty);
    expect(before.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    before.close();
  });
});
