/**
 * The temporary folders of opened files: each named with the process that owns it, so a start can remove those
 * a process left when it was killed (SIGKILL, a crash, a power cut), and never another running Spanscope's.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'spanscope-source-';

/** A new folder for an opened file: spanscope-source-PID-XXXXXX in the system's temporary folder. */
export function createSourceFolder(parent = tmpdir()): string {
  return mkdtempSync(join(parent, `${PREFIX}${process.pid}-`));
}

/** Whether a process with this id runs (one of another user counts: it may be a Spanscope of theirs). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the folders whose owner no longer runs; returns their paths. A folder of an older Spanscope (no pid in
 * its name) is left alone. A reused pid keeps a leftover until that process ends: never the other way round.
 */
export function removeLeftoverSourceFolders(parent = tmpdir(), runs = processRuns): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    const owner = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!owner || runs(Number(owner[1]))) continue;
    try {
      rmSync(join(parent, name), { recursive: true, force: true });
      removed.push(join(parent, name));
    } catch {
      // Another user's folder in a shared /tmp, or one going away meanwhile: not ours to insist on.
    }
  }
  return removed;
}
