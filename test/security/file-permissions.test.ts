/**
 * The database is readable by its owner only (folder 0700, files 0600, as SSH and GnuPG keep theirs), whatever the
 * umask: the token guards the API, and a file other users could read would go around it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postOtlp, protobufRequest } from '../helpers/otlp-bodies';
import { CLI, startServe } from '../helpers/serve-process';
import { hexId } from '../helpers/spans';

const ARCHIVE = join(__dirname, '..', 'fixtures', 'archives', 'same-trace.otlp.json');
const TRACE = '5b8aa5a2d2c872e8321cf37308d69df2';
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const temp = () => mkdtempSync(join(tmpdir(), 'spanscope-modes-'));

// Every command runs under umask 000 (children inherit it): each mode below is Spanscope's doing, not the umask's.
let umask: number;
beforeAll(() => {
  umask = process.umask(0);
});
afterAll(() => {
  process.umask(umask);
});

/** `spanscope ARGS`, to its end. */
function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const done = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(done.status, done.stderr).toBe(0);
}

describe('the database files', () => {
  it('are created 0600 in a new folder made 0700: database, -wal, -shm and .lock', async () => {
    const folder = join(temp(), 'new', 'store');
    const dbPath = join(folder, 'spans.db');
    const serve = await startServe([], dbPath);
    try {
      expect((await postOtlp(serve.urls.otlpHttp, protobufRequest(hexId(16), 3))).status).toBe(200);
      expect(mode(folder)).toBe('700');
      for (const file of ['spans.db', 'spans.db-wal', 'spans.db-shm', 'spans.db.lock']) expect(mode(join(folder, file)), file).toBe('600');
    } finally {
      await serve.stop();
    }
  });

  it('are created 0600 by import, in the default data folder made 0700', () => {
    const dataHome = temp();
    run(['import', ARCHIVE], { XDG_DATA_HOME: dataHome });
    const folder = join(dataHome, 'spanscope');
    expect(mode(folder)).toBe('700');
    for (const file of readdirSync(folder)) expect(mode(join(folder, file)), file).toBe('600');
    expect(readdirSync(folder)).toContain('spanscope.db');
  });

  it('that exist already are tightened at open; the default data folder too, a folder the user named is left alone', () => {
    const dataHome = temp();
    const own = join(dataHome, 'spanscope');
    const shared = temp();
    for (const folder of [own, shared]) {
      mkdirSync(folder, { recursive: true });
      chmodSync(folder, 0o755);
      run(['import', ARCHIVE, ...(folder === shared ? ['--db', join(shared, 'spanscope.db')] : [])], { XDG_DATA_HOME: dataHome });
      for (const file of readdirSync(folder)) chmodSync(join(folder, file), 0o644);
      writeFileSync(join(folder, 'other-program.txt'), 'not ours');
      chmodSync(join(folder, 'other-program.txt'), 0o644);
      run(['export', TRACE, '-o', join(temp(), 'out.json'), ...(folder === shared ? ['--db', join(shared, 'spanscope.db')] : [])], { XDG_DATA_HOME: dataHome });
      expect(mode(join(folder, 'spanscope.db'))).toBe('600');
      for (const suffix of ['-wal', '-shm', '.lock']) if (existsSync(join(folder, `spanscope.db${suffix}`))) expect(mode(join(folder, `spanscope.db${suffix}`)), suffix).toBe('600');
      expect(mode(join(folder, 'other-program.txt'))).toBe('644');
    }
    expect(mode(own)).toBe('700');
    expect(mode(shared)).toBe('755');
  });

  it('keep a file made read-only on purpose read-only (group and other bits go, none are added)', async () => {
    const folder = temp();
    const dbPath = join(folder, 'spans.db');
    run(['import', ARCHIVE, '--db', dbPath]);
    chmodSync(dbPath, 0o444);
    run(['export', TRACE, '-o', join(folder, 'out.json'), '--db', dbPath]);
    expect(mode(dbPath)).toBe('400');
  });
});

describe('an opened file source', () => {
  it('keeps its temporary store in a 0700 folder with 0600 files', async () => {
    const tmp = temp();
    const serve = await startServe([], undefined, { TMPDIR: tmp });
    try {
      const res = await serve.api<{ id: string }>('/sources?name=trace.json', { method: 'POST', body: readFileSync(ARCHIVE) });
      expect(res.status).toBe(200);
      const [folder] = readdirSync(tmp).filter((name) => name.startsWith('spanscope-source-'));
      expect(mode(join(tmp, folder))).toBe('700');
      const files = readdirSync(join(tmp, folder));
      expect(files).toContain('spans.db');
      for (const file of files) expect(mode(join(tmp, folder, file)), file).toBe('600');
    } finally {
      await serve.stop();
    }
  });
});
