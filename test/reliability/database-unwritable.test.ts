/**
 * A database file serve cannot write: read-only (file and folder, or the whole file system), in use by another
 * Spanscope, or locked by another program. `serve` stops at once with one line naming the file and what to do,
 * exit code 2 (as for a port in use), rather than starting and failing every span; a lock taken while it runs is
 * waited out, then answered 503 with that sentence.
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { postOtlp, protobufRequest } from '../helpers/otlp-bodies';
import { CLI, startServe, tempDbPath } from '../helpers/serve-process';
import { hexId } from '../helpers/spans';
import { mountTmpfs } from '../helpers/tmpfs';

const PORTS = ['--ui-port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--zipkin-port', '0'];
/** root writes read-only files all the same: the check runs as nobody then. */
const AS_NOBODY = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function serveOnce(dbPath: string, as: { uid?: number; gid?: number } = {}) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [CLI, 'serve', '--json', '--db', dbPath, ...PORTS], { encoding: 'utf8', timeout: 20_000, ...as });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, ms: performance.now() - started };
}

/** A store with one trace in it, closed. */
async function existingStore(dbPath = tempDbPath()): Promise<string> {
  const serve = await startServe([], dbPath);
  await postOtlp(serve.urls.otlpHttp, protobufRequest(hexId(16), 3));
  await serve.stop();
  return dbPath;
}

describe('a read-only database', () => {
  it('stops serve with one line naming the file (exit 2): read-only file and folder', async () => {
    const dbPath = await existingStore();
    chmodSync(dbPath, 0o444);
    chmodSync(dirname(dbPath), 0o555);
    try {
      const run = serveOnce(dbPath, AS_NOBODY);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^spanscope: cannot write to ${dbPath} \\([^)]+\\); make the file and its folder writable, or choose another file with --db PATH\\n$`));
    } finally {
      chmodSync(dirname(dbPath), 0o755);
    }
  });

  it('stops serve with one line naming the file (exit 2): read-only file system', async (ctx) => {
    const tmpfs = mountTmpfs('4m');
    if ('reason' in tmpfs) return ctx.skip(tmpfs.reason);
    try {
      const dbPath = await existingStore(join(tmpfs.dir, 'spans.db'));
      expect(spawnSync('mount', ['-o', 'remount,ro', tmpfs.dir]).status).toBe(0);
      const run = serveOnce(dbPath);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^spanscope: cannot write to ${dbPath} \\([^)]+\\); make the file and its folder writable`));
      expect(run.stderr.split('\n')).toHaveLength(2);
    } finally {
      tmpfs.unmount();
    }
  });
});

describe('a database in use', () => {
  it('by another Spanscope: serve and import are refused at once, the first one carries on', async () => {
    const first = await startServe();
    const second = serveOnce(first.dbPath);
    expect(second.status).toBe(2);
    expect(second.stderr).toBe(`spanscope: another Spanscope (serve, import or the desktop app) is using ${first.dbPath}; stop it, or choose another file with --db PATH\n`);
    expect(second.ms).toBeLessThan(5_000);

    const archive = join(__dirname, '..', 'fixtures', 'archives', 'same-trace.otlp.json');
    const importing = spawnSync(process.execPath, [CLI, 'import', archive, '--db', first.dbPath], { encoding: 'utf8' });
    expect(importing.status).not.toBe(0);
    expect(importing.stderr).toContain(`another Spanscope (serve, import or the desktop app) is using ${first.dbPath}`);

    expect((await postOtlp(first.urls.otlpHttp, protobufRequest(hexId(16), 3))).status).toBe(200);
    expect(await first.stop()).toBe(0);
    // The claim goes with the process: the file is free again.
    const third = await startServe([], first.dbPath);
    expect(await third.stop()).toBe(0);
  });

  it('by a program holding a write transaction: serve waits out the busy timeout, then says so (exit 2)', async () => {
    const dbPath = await existingStore();
    const holder = spawn(process.execPath, ['-e', `
      const db = new (require(${JSON.stringify(require.resolve('better-sqlite3'))}))(${JSON.stringify(dbPath)});
      db.exec('BEGIN EXCLUSIVE');
      console.log('holding');
      setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => createInterface({ input: holder.stdout! }).once('line', resolve));
      const run = serveOnce(dbPath);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(`spanscope: ${dbPath} is locked by another program (database is locked); close the program that holds it, or choose another file with --db PATH\n`);
    } finally {
      holder.kill();
    }
  });

  it('locked while serving: spans wait out the lock, then are refused with 503 and that sentence, and taken once it is let go', async () => {
    const serve = await startServe();
    const lock = new Database(serve.dbPath);
    lock.exec('BEGIN IMMEDIATE');
    const refused = await postOtlp(serve.urls.otlpHttp, protobufRequest(hexId(16), 3));
    lock.exec('ROLLBACK');
    lock.close();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(serve.stderr()).toContain(`${serve.dbPath} is locked by another program (database is locked); close the program that holds it`);
    expect((await postOtlp(serve.urls.otlpHttp, protobufRequest(hexId(16), 3))).status).toBe(200);
    expect(await serve.stop()).toBe(0);
  });
});
