/**
 * A full disk: receivers refuse with 503 + Retry-After (gRPC UNAVAILABLE), so exporters retry, and a sentence that
 * names the file and what to do; the server stays up, reads keep working, and nothing already stored is lost.
 * Everywhere through a page ceiling on the writer's connection (SQLITE_FULL, as a full disk gives); where a tmpfs
 * can be mounted, on a really full one too, which takes spans again once space is freed.
 */
import * as grpc from '@grpc/grpc-js';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ApiTrace } from '../../src-main/model/api';
import { checkDatabase } from '../helpers/database-check';
import { postOtlp, protobufRequest } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { hexId } from '../helpers/spans';
import { mountTmpfs } from '../helpers/tmpfs';

const FULL = /^the disk holding .+spans\.db is full \(database or disk is full\); free some space or lower --max-db-size; spans are refused until then$/;

function grpcExport(target: string, body: Buffer): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  return new Promise((resolve) =>
    client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, body, (error) => {
      client.close();
      resolve(error);
    }),
  );
}

/** Sends 50-span traces until the store refuses one; returns the ids of those it took, and the refusal. */
async function fillUp(serve: ServeProcess): Promise<{ stored: string[]; refusal: Response }> {
  const stored: string[] = [];
  for (;;) {
    const traceId = hexId(16);
    const res = await postOtlp(serve.urls.otlpHttp, protobufRequest(traceId, 50));
    if (res.status !== 200) return { stored, refusal: res };
    await res.arrayBuffer();
    stored.push(traceId);
  }
}

async function expectRefusedButReadable(serve: ServeProcess, stored: string[], refusal: Response): Promise<void> {
  expect(refusal.status).toBe(503);
  expect(refusal.headers.get('retry-after')).toBe('30');
  // Larger than the refused request: smaller ones can still fit in pages the store has started.
  const grpcError = await grpcExport(serve.urls.otlpGrpc, protobufRequest(hexId(16), 500));
  expect(grpcError?.code).toBe(grpc.status.UNAVAILABLE);
  expect(grpcError?.details).toMatch(FULL);
  const traceId = hexId(16);
  const zipkin = await fetch(`${serve.urls.zipkin}/api/v2/spans`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(Array.from({ length: 500 }, () => ({ traceId, id: hexId(8), name: 'op', timestamp: 1_700_000_000_000_000, duration: 5, localEndpoint: { serviceName: 'z' } }))),
  });
  expect(zipkin.status).toBe(503);
  expect((await zipkin.text()).trim()).toMatch(FULL);

  // Checkpoints (every 200 ms) fail on a full disk too: that must not end the process either.
  await setTimeout(600);
  expect(serve.child.exitCode).toBe(null);
  for (const traceId of stored) expect((await serve.api<ApiTrace>(`/traces/${traceId}`)).body.spans).toHaveLength(50);
  expect(serve.stderr()).toMatch(/OTLP\/HTTP \/v1\/traces: the disk holding .+ is full/);
}

describe('a full disk', () => {
  it('refuses spans with a clear retryable answer and keeps everything stored (page ceiling)', async () => {
    const first = await startServe([], undefined, { SPANSCOPE_TEST_MAX_PAGE_COUNT: '120' });
    const { stored, refusal } = await fillUp(first);
    expect(stored.length).toBeGreaterThan(0);
    await expectRefusedButReadable(first, stored, refusal);
    expect(await first.stop()).toBe(0);

    // No crash loop: it starts again, everything stored is there, and it takes spans once there is room.
    const check = checkDatabase(first.dbPath);
    expect(check.integrity).toBe('ok');
    expect(check.traceIds.sort()).toEqual([...stored].sort());
    expect(check.miscountedTraces).toEqual([]);
    const second = await startServe([], first.dbPath);
    expect((await postOtlp(second.urls.otlpHttp, protobufRequest(hexId(16), 50))).status).toBe(200);
    expect(await second.stop()).toBe(0);
  });

  it('refuses spans on a really full disk, and takes them again once space is freed (tmpfs)', async (ctx) => {
    const tmpfs = mountTmpfs('2m');
    if ('reason' in tmpfs) return ctx.skip(tmpfs.reason);
    try {
      const filler = join(tmpfs.dir, 'filler');
      writeFileSync(filler, Buffer.alloc(256 * 1024));
      const serve = await startServe([], join(tmpfs.dir, 'spans.db'));
      const { stored, refusal } = await fillUp(serve);
      expect(stored.length).toBeGreaterThan(0);
      await expectRefusedButReadable(serve, stored, refusal);

      rmSync(filler);
      const afterFreeing = hexId(16);
      expect((await postOtlp(serve.urls.otlpHttp, protobufRequest(afterFreeing, 50))).status).toBe(200);
      expect(await serve.stop()).toBe(0);
      const check = checkDatabase(serve.dbPath);
      expect(check.integrity).toBe('ok');
      expect(check.traceIds.sort()).toEqual([...stored, afterFreeing].sort());
      expect(check.miscountedTraces).toEqual([]);
    } finally {
      tmpfs.unmount();
    }
  });
});
