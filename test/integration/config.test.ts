/** GET /api/config: the settings page's figures are the ones the core really runs with. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiConfig } from '../../src-main/model/api';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { hexId, resource, span } from '../helpers/spans';

const packageVersion = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe(['--retention', '12h', '--max-db-size', '500MB', '--max-spans-per-trace', '5000', '--max-attributes', '64']);
});
afterAll(async () => {
  await serve.stop();
});

describe('GET /api/config', () => {
  it('answers the ports actually bound (the flags said 0), the endpoints built on them, the version', async () => {
    const { status, body } = await serve.api<ApiConfig>('/config');
    expect(status).toBe(200);
    expect(body.version).toBe(packageVersion);
    expect(body.host).toBe('127.0.0.1');
    const port = (url: string) => Number(new URL(url).port);
    expect(body.endpoints.otlpHttp).toEqual({ port: port(serve.urls.otlpHttp), url: serve.urls.otlpHttp, tracesUrl: `${serve.urls.otlpHttp}/v1/traces` });
    expect(body.endpoints.otlpHttp.port).toBeGreaterThan(0);
    expect(body.endpoints.otlpGrpc.address).toBe(serve.urls.otlpGrpc);
    expect(body.endpoints.otlpGrpc.url).toBe(`http://${serve.urls.otlpGrpc}`);
    expect(body.endpoints.zipkin.url).toBe(`${serve.urls.zipkin}/api/v2/spans`);
    expect(body.endpoints.ui.url).toBe(`${new URL(serve.urls.ui).origin}/`);
    expect(new Set([body.endpoints.otlpHttp.port, body.endpoints.otlpGrpc.port, body.endpoints.zipkin.port, body.endpoints.ui.port]).size).toBe(4);
  });

  it('answers the database, its retention and the limits the flags set', async () => {
    const { body } = await serve.api<ApiConfig>('/config');
    expect(body.database).toMatchObject({ path: serve.dbPath, maxBytes: 500 * 1024 ** 2, retentionMs: 12 * 3_600_000 });
    expect(body.limits).toMatchObject({ maxSpansPerTrace: 5000, maxAttributes: 64, maxAttributeLengthBytes: 64 * 1024, maxValueEntries: 1000, maxBodyBytes: 20 * 1024 ** 2 });
  });

  it('measures the database again at each request: it grows as spans arrive', async () => {
    const before = (await serve.api<ApiConfig>('/config')).body.database.sizeBytes!;
    expect(before).toBeGreaterThan(0);
    const traceId = hexId(16);
    const spans = Array.from({ length: 2000 }, (_, i) => span({ traceId, spanId: hexId(8), name: `step ${i} ${'x'.repeat(200)}`, resource: resource('grower') }));
    expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans))).status).toBe(200);
    expect((await serve.api<ApiConfig>('/config')).body.database.sizeBytes).toBeGreaterThan(before);
  });

  it('needs the token like every API request', async () => {
    expect((await fetch(`${serve.urls.api}/config`)).status).toBe(401);
  });
});
