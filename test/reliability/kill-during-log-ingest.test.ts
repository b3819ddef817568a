/** kill -9 in the middle of log ingest: every record a sender was answered 200 for is there after the restart. */
import Database from 'better-sqlite3';
import { setTimeout } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { encodeLogsRequestProtobuf } from '../../src-main/otlp/encode-logs-protobuf';
import { StoreReader } from '../../src-main/store/store-reader';
import { logRecord } from '../helpers/logs';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, tempDbPath } from '../helpers/serve-process';

const SENDERS = 4;
const RECORDS_PER_REQUEST = 200;

function storedBodies(dbPath: string): Set<string> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const reader = new StoreReader(db);
    const last = (db.prepare('SELECT coalesce(max(log_no), 0) FROM logs').pluck().get() as number) ?? 0;
    return new Set(reader.logsBetween(1, last).map((row) => String(reader.toLogRecord(row).body)));
  } finally {
    db.close();
  }
}

describe('kill -9 during log ingest', () => {
  it('loses no acknowledged log record', { timeout: 60_000 }, async () => {
    const dbPath = tempDbPath();
    const serve = await startServe([], dbPath);
    const acknowledged: string[] = [];
    let stop = false;
    const sender = async (s: number) => {
      for (let r = 0; !stop; r++) {
        const bodies = Array.from({ length: RECORDS_PER_REQUEST }, (_, k) => `sender ${s} request ${r} record ${k}`);
        const res = await postOtlp(serve.urls.otlpHttp, encodeLogsRequestProtobuf(bodies.map((body) => logRecord({ body }))), 'application/x-protobuf', {}, '/v1/logs').catch(() => undefined);
        if (res?.status === 200) acknowledged.push(...bodies);
        else if (res === undefined) return; // the connection died with the server
      }
    };
    const senders = Array.from({ length: SENDERS }, (_, s) => sender(s));
    while (acknowledged.length < 20_000) await setTimeout(10);
    serve.child.kill('SIGKILL');
    expect(await serve.stop()).toBe(null);
    stop = true;
    await Promise.all(senders);

    const restarted = await startServe([], dbPath);
    const stored = storedBodies(dbPath);
    expect(acknowledged.filter((body) => !stored.has(body))).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
    const { body } = await restarted.api<{ logs: unknown[] }>('/logs?text=sender 1 request 0 record 7&limit=10');
    expect(body.logs.length).toBeGreaterThanOrEqual(1);
    expect(await restarted.stop()).toBe(0);
  });
});
