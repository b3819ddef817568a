/**
 * A database holds whatever the traces carry (headers, queries, personal data), and the API's token guards none of
 * it on disk: only its owner may read it, as SSH and GnuPG keep theirs (folder 0700, files 0600). Modes are set
 * with chmod after creating, so the umask cannot widen them; existing files lose their group and other bits only,
 * so a file made read-only on purpose stays read-only. Best effort: a file this process cannot change (another
 * owner, a read-only file system) is left as it is, for SQLite to report if it matters.
 */
import { chmodSync, closeSync, fchmodSync, openSync, statSync } from 'node:fs';

/** SQLite gives a new -wal and -shm the mode of the database file; `.lock` is the claim (database-claim.ts). */
const DATABASE_FILES = ['', '-wal', '-shm', '.lock'];

/** Creates the file 0600 if it is missing, else takes group and other permissions off it. */
export function privateFile(path: string): void {
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      fchmodSync(fd, 0o600);
    } finally {
      closeSync(fd);
    }
  } catch {
    ownerOnly(path);
  }
}

/** The database file and those SQLite and the claim keep beside it (a new file is SQLite's, made under the umask). */
export function privateDatabaseFiles(dbPath: string): void {
  for (const suffix of DATABASE_FILES) ownerOnly(dbPath + suffix);
}

/** Takes group and other permissions off a file or folder that exists. */
export function ownerOnly(path: string): void {
  try {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) chmodSync(path, mode & 0o700);
  } catch {
    // Missing, another owner's, or on a read-only file system: nothing this process can or should change.
  }
}
