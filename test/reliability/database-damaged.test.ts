/**
 * A damaged database file (garbage, not SQLite at all, truncated): `serve` sets it aside with its -wal and -shm
 * (PATH.corrupt-TIME), starts a fresh database in its place, and says so on stderr and in GET /api/status. The
 * next start finds the fresh database and says nothing: no crash loop, and nothing deleted.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiTrace } from '../../src-main/model/api';
import { postOtlp, protobufRequest } from '../helpers/otlp-bodies';
import { growingTraceRequests } from '../helpers/otlp-senders';
import { startServe, tempDbPath, type ServeProcess } from '../helpers/serve-process';
import { hexId } from '../helpers/spans';

/** A database with some traces in it, closed cleanly. */
async function storeWithTraces(): Promise<string> {
  const serve = await startServe();
  for (const request of growingTraceRequests(60, 40, 20)) await (await postOtlp(serve.urls.otlpHttp, request.body)).arrayBuffer();
  await serve.stop();
  return serve.dbPath;
}

/** The set-aside databases (not their -wal and -shm). */
function setAsideFiles(dbPath: string): string[] {
  return readdirSync(dirname(dbPath)).filter((name) => /\.corrupt-[^-]+-[^-]+-[^-]+-[^-]+-[^-]+Z$/.test(name) && name.startsWith(basename(dbPath))).sort();
}

/** Starts on the damaged file; checks what the person is told and that the new database takes spans. */
async function expectSetAsideAndFresh(dbPath: string, original: Buffer): Promise<ServeProcess> {
  const serve = await startServe([], dbPath);
  const [movedName] = setAsideFiles(dbPath);
  expect(movedName).toMatch(/^spans\.db\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$/);
  const moved = join(dirname(dbPath), movedName);
  expect(readFileSync(moved).equals(original)).toBe(true);
  const notice = `${dbPath} was damaged (`;
  expect(serve.stderr()).toContain(`notice: ${notice}`);
  expect(serve.stderr()).toContain(`it was moved to ${moved} and a new, empty database was started in its place`);
  const status = await serve.api<{ notices: string[] }>('/status');
  expect(status.body.notices).toHaveLength(1);
  expect(status.body.notices[0].startsWith(notice)).toBe(true);
  return serve;
}

async function expectQuietRestart(dbPath: string, traceId: string): Promise<void> {
  const again = await startServe([], dbPath);
  expect((await again.api<{ notices: string[] }>('/status')).body.notices).toEqual([]);
  expect(again.stderr()).not.toContain('notice:');
  expect((await again.api<ApiTrace>(`/traces/${traceId}`)).body.spans).toHaveLength(5);
  expect(await again.stop()).toBe(0);
  expect(setAsideFiles(dbPath)).toHaveLength(1);
}

describe('a damaged database file', () => {
  const damages: [string, () => Promise<string>][] = [
    ['garbage bytes', async () => {
      const dbPath = tempDbPath();
      writeFileSync(dbPath, randomBytes(64 * 1024));
      return dbPath;
    }],
    ['a file that is not SQLite', async () => {
      const dbPath = tempDbPath();
      writeFileSync(dbPath, '{"resourceSpans": []}\n');
      return dbPath;
    }],
    ['a truncated database', async () => {
      const dbPath = await storeWithTraces();
      truncateSync(dbPath, Math.floor((statSync(dbPath).size * 0.8) / 4096) * 4096);
      return dbPath;
    }],
  ];

  it.each(damages)('%s: is set aside, a fresh database starts, and the user is told once', async (_, damage) => {
    const dbPath = await damage();
    const original = readFileSync(dbPath);
    const serve = await expectSetAsideAndFresh(dbPath, original);
    const traceId = hexId(16);
    expect((await postOtlp(serve.urls.otlpHttp, protobufRequest(traceId, 5))).status).toBe(200);
    expect(await serve.stop()).toBe(0);
    await expectQuietRestart(dbPath, traceId);
  });

  it('leaves no -wal or -shm of it beside the fresh database', async () => {
    // SQLite drops a garbage WAL (and merges a readable one) as the failed connection closes; whatever is left
    // goes aside with the file. A stale WAL beside the new database would be replayed into it.
    const dbPath = tempDbPath();
    const original = randomBytes(32 * 1024);
    writeFileSync(dbPath, original);
    for (const suffix of ['-wal', '-shm']) writeFileSync(dbPath + suffix, randomBytes(32 * 1024));

    const serve = await expectSetAsideAndFresh(dbPath, original);
    const traceId = hexId(16);
    expect((await postOtlp(serve.urls.otlpHttp, protobufRequest(traceId, 5))).status).toBe(200);
    expect(await serve.stop()).toBe(0);
    expect(readdirSync(dirname(dbPath)).filter((name) => name.endsWith('-wal') || name.endsWith('-shm'))).toEqual([]);
    await expectQuietRestart(dbPath, traceId);
  });
});
