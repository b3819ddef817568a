import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/store/open-database';
import { SCHEMA_VERSION } from '../../src-main/store/schema';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'spanscope-schema-')), 'spans.db');

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

  it('refuses a database written by a newer Spanscope, saying what to do', () => {
    const path = tempDb();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(`the database was written by a newer Spanscope (schema ${SCHEMA_VERSION + 1}, this one knows ${SCHEMA_VERSION}); use a newer Spanscope or another --db`);
  });
});
