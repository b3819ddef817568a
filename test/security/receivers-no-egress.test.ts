/**
 * The receivers take data in and give none out: their answers never hold stored spans, GET and query paths get
 * 404/405 (Zipkin's receiver port is not Zipkin's query API), and their CORS lets browser SDKs POST, nothing more.
 */
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { attrs, hexId, resource, span } from '../helpers/spans';

const MARKER = 'stored-span-text-that-must-stay-in';
const TRACE = hexId(16);
const SPAN = hexId(8);
let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe();
  const res = await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([span({ traceId: TRACE, spanId: SPAN, name: MARKER, resource: resource(MARKER), attributes: attrs({ note: MARKER }) })]));
  expect(res.status).toBe(200);
  expect((await serve.api<{ traces: unknown[] }>(`/traces?service=${MARKER}`)).body.traces).toHaveLength(1);
});
afterAll(async () => {
  await serve.stop();
});

async function answer(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: await res.text() };
}

const READS = ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH'];

describe('OTLP/HTTP', () => {
  it.each(['/v1/traces', '/v1/logs', '/v1/metrics'])('%s answers anything but POST with 405 and no data', async (path) => {
    for (const method of READS) {
      const res = await answer(`${serve.urls.otlpHttp}${path}?traceId=${TRACE}`, { method });
      expect(res.status, method).toBe(405);
      expect(res.body).not.toContain(MARKER);
      expect(res.body).not.toContain(TRACE);
    }
  });

  it('answers other paths with 404 and no data', async () => {
    for (const path of ['/', `/v1/traces/${TRACE}`, `/api/traces/${TRACE}`, '/api/services', '/v1/traces/../../api/services']) {
      const res = await answer(`${serve.urls.otlpHttp}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain(MARKER);
    }
  });

  it('answers a POST with an acknowledgement only, never stored spans', async () => {
    for (const contentType of ['application/json', 'application/x-protobuf']) {
      const again = await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([span({ traceId: TRACE, spanId: hexId(8) })]), 'application/x-protobuf');
      expect(again.status).toBe(200);
      expect(Buffer.from(await again.arrayBuffer()).toString('latin1')).not.toContain(MARKER);
      const bad = await answer(`${serve.urls.otlpHttp}/v1/traces`, { method: 'POST', body: `{"resourceSpans":"${TRACE}"}`, headers: { 'Content-Type': contentType } });
      expect(bad.body).not.toContain(MARKER);
    }
  });

  it('lets a browser SDK preflight a POST, and only a POST, without credentials', async () => {
    const res = await answer(`${serve.urls.otlpHttp}/v1/traces`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.body).toBe('');
  });
});

describe('Zipkin', () => {
  it('answers anything but POST on /api/v2/spans with 405 and no data', async () => {
    for (const method of READS) {
      const res = await answer(`${serve.urls.zipkin}/api/v2/spans?serviceName=${MARKER}`, { method });
      expect(res.status, method).toBe(405);
      expect(res.body).not.toContain(MARKER);
    }
  });

  it("does not serve Zipkin's query API", async () => {
    const queries = [
      '/api/v2/services',
      `/api/v2/spans?serviceName=${MARKER}`,
      '/api/v2/remoteServices?serviceName=x',
      '/api/v2/traces',
      `/api/v2/traces?serviceName=${MARKER}`,
      `/api/v2/trace/${TRACE}`,
      `/api/v2/traceMany?traceIds=${TRACE}`,
      '/api/v2/dependencies?endTs=9999999999999',
      '/api/v2/autocompleteKeys',
      '/api/v2/autocompleteValues?key=x',
      '/zipkin/',
      '/health',
      '/info',
    ];
    for (const path of queries) {
      const res = await answer(`${serve.urls.zipkin}${path}`);
      expect(res.status, path).toBe(path.startsWith('/api/v2/spans') ? 405 : 404);
      expect(res.body, path).not.toContain(MARKER);
    }
  });

  it('answers a POST with 202 and an empty body', async () => {
    const body = JSON.stringify([{ traceId: TRACE, id: hexId(8), name: 'again', timestamp: 1_700_000_000_000_000, duration: 10, localEndpoint: { serviceName: 'zipkin-client' } }]);
    const res = await answer(`${serve.urls.zipkin}/api/v2/spans`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(202);
    expect(res.body).toBe('');
  });

  it('lets a browser SDK preflight a POST, and only a POST, without credentials', async () => {
    const res = await answer(`${serve.urls.zipkin}/api/v2/spans`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('OTLP/gRPC', () => {
  it('serves only the Export methods: a query method is UNIMPLEMENTED', async () => {
    const client = new grpc.Client(serve.urls.otlpGrpc, grpc.credentials.createInsecure());
    const call = (method: string) =>
      new Promise<grpc.ServiceError | Buffer>((resolve) => {
        client.makeUnaryRequest(method, (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), (error, value) => resolve(error ?? value!));
      });
    try {
      for (const method of ['/jaeger.api_v2.QueryService/GetTrace', '/jaeger.api_v2.QueryService/FindTraces', '/opentelemetry.proto.collector.trace.v1.TraceService/Query', '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo']) {
        const result = await call(method);
        expect((result as grpc.ServiceError).code, method).toBe(grpc.status.UNIMPLEMENTED);
      }
      const exported = await call('/opentelemetry.proto.collector.trace.v1.TraceService/Export');
      expect(Buffer.isBuffer(exported) && !exported.toString('latin1').includes(MARKER)).toBe(true);
    } finally {
      client.close();
    }
  });
});
