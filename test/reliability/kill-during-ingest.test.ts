/**
 * kill -9 in the middle of heavy ingest, several times over on one database: every restart opens it, every
 * span a sender was answered 200 for is there (stored ≥ acknowledged, span by span), and no trace is half-written:
 * summaries count their span rows, the service map counts every span once, and each trace opens in the UI's two
 * requests (the trace and its waterfall).
 */
import { setTimeout } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ApiTrace } from '../../src-main/model/api';
import { checkDatabase, storedSpanKeys } from '../helpers/database-check';
import { growingTraceRequests, startSenders, type SpanKey } from '../helpers/otlp-senders';
import { startServe, tempDbPath, type ServeProcess } from '../helpers/serve-process';

const KILLS = 3;
const SENDERS = 6;
/** Enough requests that the senders are still busy when the kill comes. */
const REQUESTS_PER_ROUND = 1_500;

interface Round {
  kill: number;
  acknowledged: number;
  stored: number;
  restartMs: number;
}

async function restart(dbPath: string): Promise<{ serve: ServeProcess; restartMs: number }> {
  const started = performance.now();
  const serve = await startServe([], dbPath);
  return { serve, restartMs: Math.round(performance.now() - started) };
}

/** Every stored trace must open as the UI opens it; its span count must match its summary's. */
async function expectEveryTraceOpens(serve: ServeProcess, traceIds: string[]): Promise<void> {
  const failures: string[] = [];
  const queue = [...traceIds];
  const worker = async () => {
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      const trace = await serve.api<ApiTrace>(`/traces/${id}`);
      const waterfall = await serve.api<{ spans: unknown[] }>(`/traces/${id}/waterfall`);
      if (trace.status !== 200 || waterfall.status !== 200) failures.push(`${id}: ${trace.status}/${waterfall.status}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  expect(failures).toEqual([]);
}

describe('kill -9 during heavy ingest', () => {
  it('loses no acknowledged span and leaves no half-written trace, kill after kill', { timeout: 120_000 }, async () => {
    const dbPath = tempDbPath();
    const acknowledged: SpanKey[] = [];
    const rounds: Round[] = [];
    let { serve } = await restart(dbPath);
    for (let kill = 1; kill <= KILLS; kill++) {
      const senders = startSenders(serve.urls.otlpHttp, SENDERS, growingTraceRequests(REQUESTS_PER_ROUND, 40, 20));
      // Kill once a good deal has been acknowledged, at a different moment of the writer's cycle each time.
      while (senders.acknowledged() < 5_000 * kill) await setTimeout(20);
      await setTimeout(37 * kill);
      serve.child.kill('SIGKILL');
      expect(await serve.stop()).toBe(null);
      acknowledged.push(...(await senders.stop()));

      const next = await restart(dbPath);
      serve = next.serve;
      const stored = storedSpanKeys(dbPath);
      rounds.push({ kill, acknowledged: acknowledged.length, stored: stored.size, restartMs: next.restartMs });
      expect(acknowledged.filter((key) => !stored.has(key))).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
    }
    const check = checkDatabase(dbPath);
    await expectEveryTraceOpens(serve, check.traceIds);
    expect(await serve.stop()).toBe(0);

    console.log(
      rounds
        .map((r) => `after kill ${r.kill}: ${r.acknowledged} spans acknowledged, ${r.stored} stored (${r.stored - r.acknowledged} committed but not yet answered); restart ${r.restartMs} ms`)
        .join('\n'),
    );
    expect(check.integrity).toBe('ok');
    expect(check.miscountedTraces).toEqual([]);
    expect(check.danglingSpans).toBe(0);
    expect(check.mapSpans).toBe(check.spans);
  });
});
