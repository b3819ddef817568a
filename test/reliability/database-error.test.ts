/** SQLite's error codes, extended ones too, sorted into the faults a person can act on; other errors pass through. */
import { describe, expect, it } from 'vitest';
import { asDatabaseError, DatabaseError, faultOf, refusedValues } from '../../src-main/store/database-error';

describe('database faults', () => {
  it('sorts SQLite codes', () => {
    expect(faultOf('SQLITE_NOTADB')).toBe('damaged');
    expect(faultOf('SQLITE_CORRUPT')).toBe('damaged');
    expect(faultOf('SQLITE_CORRUPT_INDEX')).toBe('damaged');
    expect(faultOf('SQLITE_READONLY_DIRECTORY')).toBe('read-only');
    expect(faultOf('SQLITE_CANTOPEN')).toBe('read-only');
    expect(faultOf('SQLITE_BUSY_SNAPSHOT')).toBe('locked');
    expect(faultOf('SQLITE_FULL')).toBe('full');
    expect(faultOf('SQLITE_CONSTRAINT_TRIGGER')).toBe(undefined);
    expect(faultOf(undefined)).toBe(undefined);
  });

  it('tells values a write refused (the fault of the request) from failures of the file or the machine', () => {
    expect(refusedValues(undefined)).toBe(true); // better-sqlite3 could not bind a value
    expect(refusedValues('SQLITE_CONSTRAINT_TRIGGER')).toBe(true);
    expect(refusedValues('SQLITE_TOOBIG')).toBe(true);
    expect(refusedValues('SQLITE_IOERR_WRITE')).toBe(false);
    expect(refusedValues('SQLITE_FULL')).toBe(false);
    expect(refusedValues('SQLITE_NOMEM')).toBe(false);
  });

  it('names the file and what to do; only a full disk and a lock are worth retrying', () => {
    const full = asDatabaseError('/data/spans.db', Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    expect(full).toBeInstanceOf(DatabaseError);
    expect((full as DatabaseError).message).toBe(
      'the disk holding /data/spans.db is full (database or disk is full); free some space or lower --max-db-size; spans are refused until then',
    );
    expect((full as DatabaseError).temporary).toBe(true);
    expect(new DatabaseError('damaged', '/data/spans.db', 'file is not a database').temporary).toBe(false);
    const other = new Error('no such table: x');
    expect(asDatabaseError('/data/spans.db', other)).toBe(other);
  });
});
