/**
 * Opens the store a server runs on. A damaged file (garbage, truncated, not SQLite) is set aside, renamed with the
 * time (any -wal and -shm beside it too: a stale WAL must not meet the new file), and a fresh database started in
 * its place: a server that stopped on it would stop again at every start. Nothing is deleted. The notices say what
 * happened, for the log and the UI.
 */
import { existsSync, renameSync } from 'node:fs';
import { DatabaseError } from '../store/database-error';
import type { Store } from '../store/store';
import { openStore, type StoreSettings } from './open-store';

export async function openLiveStore(settings: StoreSettings): Promise<{ store: Store; notices: string[] }> {
  const open = () => openStore({ ...settings, exclusive: true });
  try {
    return { store: await open(), notices: [] };
  } catch (error) {
    if (!(error instanceof DatabaseError) || error.fault !== 'damaged') throw error;
    const movedTo = setAside(settings.dbPath, new Date());
    const notice = `${settings.dbPath} was damaged (${error.detail}); it was moved to ${movedTo} and a new, empty database was started in its place`;
    return { store: await open(), notices: [notice] };
  }
}

/** Renames the database and its -wal and -shm to PATH.corrupt-TIME (no colons: Windows forbids them); returns the new path. */
function setAside(dbPath: string, now: Date): string {
  const movedTo = `${dbPath}.corrupt-${now.toISOString().replace(/:/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(dbPath + suffix)) renameSync(dbPath + suffix, movedTo + suffix);
  return movedTo;
}
