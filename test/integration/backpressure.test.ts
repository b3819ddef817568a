/** A full write queue answers 503 + Retry-After (HTTP) and UNAVAILABLE (gRPC) at once; what was accepted is all stored. */
import * as grpc from '@grpc/grpc-js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../src-main/cli/serve-args';
import { startCore, type RunningCore } from '../../src-main/core/start-core';
import { getTraceSummary } from '../../src-main/query/trace-query';
import { postOtlp, protobufRequest } from '../helpers/otlp-bodies';
import { tempDbPath } from '../helpers/serve-process';
import { hexId, span } from '../helpers/spans';

let core: RunningCore;
beforeAll(async () => {
  const { options } = parseServeArgs(['--db', tempDbPath(), '--ui-port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--zipkin-port', '0'], {
    dataDir: '/unused',
    uiRoot: '/unused',
    token: 't',
    writerWorkerPath: join(__dirname, '..', '..', 'out', 'main', 'writer-worker.js'),
  });
  core = await startCore({ ...options, maxQueuedSpans: 50_000 }, () => {});
});
afterAll(async () => {
  await core.close();
});

describe('backpressure', () => {
  it('refuses while the queue is full, then stores everything it accepted', async () => {
    const bigTrace = hexId(16);
    const big = Array.from({ length: 120_000 }, () => span({ traceId: bigTrace, spanId: hexId(8) }));
    const accepted = core.store.write(big); // committing this takes the writer a while

    const res = await postOtlp(core.urls.otlpHttp, protobufRequest(hexId(16), 10));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');

    const client = new grpc.Client(core.urls.otlpGrpc, grpc.credentials.createInsecure());
    const grpcError = await new Promise<grpc.ServiceError | null>((resolve) =>
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, protobufRequest(hexId(16), 10), (error) => resolve(error)),
    );
    client.close();
    expect(grpcError?.code).toBe(grpc.status.UNAVAILABLE);

    await accepted;
    expect(getTraceSummary(core.store.reader, bigTrace)?.spanCount).toBe(120_000);
    const after = await postOtlp(core.urls.otlpHttp, protobufRequest(hexId(16), 10));
    expect(after.status).toBe(200);
  });

  it('refuses from the headers once the queue is nine tenths full, without reading the body into memory', async () => {
    const accepted = core.store.write(Array.from({ length: 46_000 }, () => span({ traceId: hexId(16), spanId: hexId(8) }))); // 92% of the queue
    const otlp = await postOtlp(core.urls.otlpHttp, protobufRequest(hexId(16), 10)); // would fit: 46,010 of 50,000
    expect(otlp.status).toBe(503);
    expect(await otlp.text()).toContain('the store is busy: 46000 spans are waiting to be written');
    const zipkin = await fetch(`${core.urls.zipkin}/api/v2/spans`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' });
    expect(zipkin.status).toBe(503);
    await accepted;
    expect((await postOtlp(core.urls.otlpHttp, protobufRequest(hexId(16), 10))).status).toBe(200);
  });
});
