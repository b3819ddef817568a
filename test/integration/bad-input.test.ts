/** Bad input to the OTLP/HTTP receiver: each gets a clear error, the server keeps serving, nothing stored is lost. */
import * as grpc from '@grpc/grpc-js';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTrace } from '../../src-main/model/api';
import { decodeTraceRequestProtobuf } from '../../src-main/otlp/decode-protobuf';
import { TAG } from '../../src-main/otlp/otlp-schema';
import { ProtobufReader } from '../../src-main/otlp/protobuf-reader';
import { jsonRequest, postOtlp, protobufRequest } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { hexId } from '../helpers/spans';

let serve: ServeProcess;
const keptTrace = hexId(16);

beforeAll(async () => {
  serve = await startServe(['--max-body-size', '1MB']);
  expect((await post(protobufRequest(keptTrace, 5), 'application/x-protobuf')).status).toBe(200);
});
afterAll(async () => {
  await serve.stop();
});

function post(body: Uint8Array | string, contentType: string, headers: Record<string, string> = {}) {
  return postOtlp(serve.urls.otlpHttp, body, contentType, headers);
}

/** The message of a google.rpc.Status in protobuf. */
function statusMessage(bytes: Buffer): string {
  const r = new ProtobufReader(bytes);
  let message = '';
  while (!r.done()) {
    if (r.tag() === TAG.RpcStatus.message) message = r.string();
    else r.skip();
  }
  return message;
}

describe('the OTLP/HTTP receiver given bad input', () => {
  it('answers 415 to a text/plain body, naming the types it takes', async () => {
    const res = await post('hello', 'text/plain');
    expect(res.status).toBe(415);
    expect((await res.json()).message).toMatch(/Content-Type "text\/plain" is not supported; send application\/x-protobuf or application\/json/);
  });

  it('answers 400 with a protobuf Status to garbage protobuf', async () => {
    const res = await post(Buffer.from('definitely not protobuf'), 'application/x-protobuf');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(statusMessage(Buffer.from(await res.arrayBuffer()))).toMatch(/^not a valid OTLP protobuf request: /);
  });

  it('answers 400 to truncated protobuf, saying where it broke', async () => {
    const body = protobufRequest(hexId(16), 3);
    const res = await post(body.subarray(0, body.length - 10), 'application/x-protobuf');
    expect(res.status).toBe(400);
    expect(statusMessage(Buffer.from(await res.arrayBuffer()))).toMatch(/truncated: \d+ bytes needed at byte \d+/);
  });

  it('answers 400 to invalid JSON, in JSON', async () => {
    const res = await post('{"resourceSpans": [', 'application/json');
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/^not valid JSON at line 1, column 20: the text ends in the middle of a value/);
  });

  it('stores the valid spans of a request and reports the ones with wrong-length ids as partial success', async () => {
    const traceId = hexId(16);
    const good = hexId(8);
    const res = await post(jsonRequest([{ traceId, spanId: good }, { traceId, spanId: 'abcdef' }, { traceId: 'abcd', spanId: hexId(8) }]), 'application/json');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.partialSuccess.rejectedSpans).toBe('2');
    expect(body.partialSuccess.errorMessage).toMatch(/span id "abcdef" is 3 bytes, expected 8/);
    expect(body.partialSuccess.errorMessage).toMatch(/trace id "abcd" is 2 bytes, expected 16/);
    const stored = await serve.api<ApiTrace>(`/traces/${traceId}`);
    expect(stored.body.spans.map((s) => s.spanId)).toEqual([good]);
  });

  it('answers partial success in protobuf to a protobuf request', async () => {
    const res = await post(protobufRequest('ab', 2), 'application/x-protobuf');
    expect(res.status).toBe(200);
    const r = new ProtobufReader(Buffer.from(await res.arrayBuffer()));
    expect(r.tag()).toBe(TAG.ExportTraceServiceResponse.partialSuccess);
    const partial = r.message();
    expect(partial.tag()).toBe(TAG.ExportTracePartialSuccess.rejectedSpans);
    expect(partial.int64()).toBe(2n);
  });

  it('answers 413 to a body over the size limit', async () => {
    const res = await post(Buffer.alloc(2 * 1024 * 1024, 1), 'application/x-protobuf');
    expect(res.status).toBe(413);
    expect(statusMessage(Buffer.from(await res.arrayBuffer()))).toMatch(/larger than the limit of 1048576 bytes/);
  });

  it('answers 413 to a gzip bomb without inflating it whole', async () => {
    const bomb = gzipSync(Buffer.alloc(300 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res = await post(bomb, 'application/x-protobuf', { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(statusMessage(Buffer.from(await res.arrayBuffer()))).toMatch(/inflates past the limit/);
  });

  it('answers 400 to a body that claims gzip but is not', async () => {
    const res = await post(Buffer.from('plain'), 'application/json', { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/not valid gzip/);
  });

  it('answers CORS preflights so browser SDKs can export', async () => {
    const res = await fetch(`${serve.urls.otlpHttp}/v1/traces`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('acknowledges logs and metrics so SDKs that send every signal stay quiet', async () => {
    for (const signal of ['logs', 'metrics']) {
      const res = await postOtlp(serve.urls.otlpHttp, '{}', 'application/json', {}, `/v1/${signal}`);
      expect(res.status).toBe(200);
    }
  });

  it('acknowledges logs and metrics over gRPC too', async () => {
    const client = new grpc.Client(serve.urls.otlpGrpc, grpc.credentials.createInsecure());
    for (const service of ['logs.v1.LogsService', 'metrics.v1.MetricsService']) {
      const error = await new Promise<grpc.ServiceError | null>((resolve) =>
        client.makeUnaryRequest(`/opentelemetry.proto.collector.${service}/Export`, (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), (e) => resolve(e)),
      );
      expect(error).toBeNull();
    }
    client.close();
  });

  it('answers INVALID_ARGUMENT over gRPC to garbage, naming the problem', async () => {
    const client = new grpc.Client(serve.urls.otlpGrpc, grpc.credentials.createInsecure());
    const error = await new Promise<grpc.ServiceError | null>((resolve) =>
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, Buffer.from('garbage!'), (e) => resolve(e)),
    );
    client.close();
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/^not a valid OTLP protobuf request: /);
  });

  it('keeps serving, with what was stored before intact', async () => {
    const stored = await serve.api<ApiTrace>(`/traces/${keptTrace}`);
    expect(stored.status).toBe(200);
    expect(stored.body.spans).toHaveLength(5);
    expect(decodeTraceRequestProtobuf(protobufRequest(hexId(16), 1)).spans).toHaveLength(1);
    expect((await post(protobufRequest(hexId(16), 1), 'application/x-protobuf')).status).toBe(200);
  });
});
