/**
 * `--db` naming another program's SQLite file (a browser's history, an app's settings): every command refuses it
 * with one line (exit 2) and leaves it exactly as it was, instead of adding Spanscope's tables to it.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, startServe, tempDbPath } from '../helpers/serve-process';

const PORTS = ['--ui-port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--zipkin-port', '0'];
const ARCHIVE = join(__dirname, '..', 'fixtures', 'archives', 'same-trace.otlp.json');

function otherProgramsDatabase(): string {
  const path = tempDbPath();
  const db = new Database(path);
  db.exec("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('https://example.com/')");
  db.close();
  return path;
}

describe("another program's SQLite file as --db", () => {
  it.each([
    ['serve', (db: string) => ['serve', '--json', '--db', db, ...PORTS]],
    ['import', (db: string) => ['import', ARCHIVE, '--db', db]],
    ['export', (db: string) => ['export', '5b8aa5a2d2c872e8321cf37308d69df2', '--db', db]],
    ['diff', (db: string) => ['diff', '5b8aa5a2d2c872e8321cf37308d69df2', '5b8aa5a2d2c872e8321cf37308d69df3', '--db', db]],
  ])('is refused by %s with one line (exit 2), the file unchanged', (command, args) => {
    const dbPath = otherProgramsDatabase();
    const before = readFileSync(dbPath);
    const run = spawnSync(process.execPath, [CLI, ...args(dbPath)], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const prefix = command === 'serve' ? 'spanscope' : `spanscope ${command}`;
    expect(run.stderr).toBe(
      `${prefix}: ${dbPath} is another program's SQLite database (it holds the tables moz_places and no Spanscope schema); Spanscope adds its tables only to its own files: choose another file with --db PATH (a new path starts an empty store)\n`,
    );
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    expect(existsSync(`${dbPath}.corrupt`)).toBe(false);
  });

  it('an empty file, or a new path, is fine', async () => {
    const empty = tempDbPath();
    new Database(empty).close();
    for (const dbPath of [empty, tempDbPath()]) {
      const serve = await startServe([], dbPath);
      expect((await serve.api('/services')).status).toBe(200);
      expect(await serve.stop()).toBe(0);
    }
  });
});
