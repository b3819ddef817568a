/**
 * SIGTERM and SIGINT: the server stops taking connections, answers the requests it already has once their spans
 * are committed, closes the database cleanly (no WAL left to recover, integrity intact) and exits 0.
 */
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDatabase, storedSpanKeys } from '../helpers/database-check';
import { postOtlp, protobufRequest } from '../helpers/otlp-bodies';
import { growingTraceRequests, startSenders } from '../helpers/otlp-senders';
import { startServe } from '../helpers/serve-process';
import { hexId } from '../helpers/spans';

/** Exit code of a child already told to stop (a second signal would end it at once). */
async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('stopping on a signal', () => {
  it('answers a request still waiting for its commit, then closes cleanly', async () => {
    const serve = await startServe();
    // Another program's write lock holds the writer back, so the request is still waiting when the signal comes.
    const lock = new Database(serve.dbPath);
    lock.exec('BEGIN IMMEDIATE');
    const traceId = hexId(16);
    const answer = postOtlp(serve.urls.otlpHttp, protobufRequest(traceId, 10));
    await expect.poll(async () => (await serve.api<{ writeQueue: { spans: number } }>('/status')).body.writeQueue.spans).toBe(10);
    serve.child.kill('SIGTERM');
    await expect.poll(() => serve.stderr()).toMatch(/SIGTERM: writing what was received, then stopping/);
    lock.exec('ROLLBACK');
    lock.close();

    expect((await answer).status).toBe(200);
    expect(await exitCode(serve.child)).toBe(0);
    expect(existsSync(`${serve.dbPath}-wal`)).toBe(false);
    const check = checkDatabase(serve.dbPath);
    expect(check.integrity).toBe('ok');
    expect(check.spans).toBe(10);
    expect(check.traceIds).toEqual([traceId]);
  });

  it('stops cleanly on a signal sent as soon as the ready line is read', async () => {
    for (let run = 0; run < 3; run++) {
      const serve = await startServe();
      serve.child.kill('SIGTERM');
      expect(await exitCode(serve.child)).toBe(0);
    }
  });

  it('stores every acknowledged span of a busy ingest, and the summaries agree', async () => {
    const serve = await startServe();
    const senders = startSenders(serve.urls.otlpHttp, 6, growingTraceRequests(1_000, 40, 20));
    await expect.poll(() => senders.acknowledged(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3_000);
    serve.child.kill('SIGINT');
    const acknowledged = await senders.stop();
    expect(await exitCode(serve.child)).toBe(0);

    expect(existsSync(`${serve.dbPath}-wal`)).toBe(false);
    const stored = storedSpanKeys(serve.dbPath);
    expect(acknowledged.filter((key) => !stored.has(key))).toEqual([]);
    const check = checkDatabase(serve.dbPath);
    expect(check.integrity).toBe('ok');
    expect(check.spans).toBe(stored.size);
    expect(check.miscountedTraces).toEqual([]);
    expect(check.mapSpans).toBe(check.spans);
    console.log(`SIGINT during ingest: ${acknowledged.length} spans acknowledged, ${stored.size} stored`);
  });
});
