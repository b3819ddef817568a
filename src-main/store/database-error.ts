/**
 * What went wrong with the database file, told as a sentence that names the file and what to do: SQLite's error
 * codes (a full disk, a read-only file, another program's lock, a damaged file) sorted into the faults a person
 * can act on.
 */

export type DatabaseFault = 'damaged' | 'read-only' | 'locked' | 'in-use' | 'full' | 'foreign';

/** The code of the error schema.ts throws for another program's SQLite file (it crosses from the writer thread as a code). */
export const FOREIGN_DATABASE = 'SPANSCOPE_FOREIGN_DATABASE';

const SENTENCES: Record<DatabaseFault, (path: string, detail: string) => string> = {
  damaged: (path, detail) => `${path} is damaged or is not a Spanscope database (${detail}); move it away, or choose another file with --db PATH`,
  'read-only': (path, detail) => `cannot write to ${path} (${detail}); make the file and its folder writable, or choose another file with --db PATH`,
  locked: (path, detail) => `${path} is locked by another program (${detail}); close the program that holds it, or choose another file with --db PATH`,
  'in-use': (path) => `another Spanscope (serve, import or the desktop app) is using ${path}; stop it, or choose another file with --db PATH`,
  foreign: (path, detail) => `${path} is another program's SQLite database (${detail}); Spanscope adds its tables only to its own files: choose another file with --db PATH (a new path starts an empty store)`,
  full: (path, detail) => `the disk holding ${path} is full (${detail}); free some space or lower --max-db-size; spans are refused until then`,
};

export class DatabaseError extends Error {
  constructor(
    readonly fault: DatabaseFault,
    readonly dbPath: string,
    /** SQLite's own words, e.g. "database or disk is full". */
    readonly detail: string,
  ) {
    super(SENTENCES[fault](dbPath, detail));
  }

  /** The fault can pass while Spanscope runs (space freed, the lock let go): senders should retry later. */
  get temporary(): boolean {
    return this.fault === 'full' || this.fault === 'locked';
  }
}

/** The fault an SQLite error code (better-sqlite3's `code`, extended codes too) stands for, if it is one of them. */
export function faultOf(code: string | undefined): DatabaseFault | undefined {
  if (code === undefined) return undefined;
  if (code === FOREIGN_DATABASE) return 'foreign';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return 'damaged';
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') return 'read-only';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  if (code === 'SQLITE_FULL') return 'full';
  return undefined;
}

/**
 * The write refused the values it was given rather than failing for the file or the machine: a value that cannot be
 * bound (no SQLite code: better-sqlite3 throws before SQLite runs), too big, of the wrong type, or against a
 * constraint. Such a failure belongs to the request that carried the values.
 */
export function refusedValues(code: string | undefined): boolean {
  return code === undefined || code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_TOOBIG' || code === 'SQLITE_MISMATCH' || code === 'SQLITE_RANGE';
}

/** The DatabaseError for an SQLite error code and message, when the code is a fault of the file. */
export function databaseErrorOf(dbPath: string, code: string | undefined, message: string): DatabaseError | undefined {
  const fault = faultOf(code);
  return fault === undefined ? undefined : new DatabaseError(fault, dbPath, message);
}

/** The error as a DatabaseError when its code is a fault of the file, else unchanged. */
export function asDatabaseError(dbPath: string, error: unknown): unknown {
  if (error instanceof DatabaseError) return error;
  return databaseErrorOf(dbPath, (error as { code?: string } | undefined)?.code, (error as Error).message) ?? error;
}
