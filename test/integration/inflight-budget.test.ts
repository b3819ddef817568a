/**
 * One budget of bytes held by requests in progress (--max-inflight-bytes), across OTLP/HTTP, OTLP/gRPC, Zipkin and
 * uploads: refused at the headers (Content-Length, the gRPC length prefix) with 503 + Retry-After or UNAVAILABLE,
 * inflated gzip bytes counted as they grow, and bodies that stall answered 408 (--body-timeout) with their bytes
 * given back.
 */
import * as grpc from '@grpc/grpc-js';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect as connectHttp2, constants as http2 } from 'node:http2';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp, protobufRequest } from '../helpers/otlp-bodies';
import { memoryMb } from '../helpers/proc-memory';
import { startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';
import { attrs, hexId, span } from '../helpers/spans';

const MB = 1024 * 1024;
const BUDGET = 64 * MB;
const EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe(['--max-inflight-bytes', '64MB', '--body-timeout', '1s']);
});
afterAll(async () => {
  await serve.stop();
});

interface Started {
  req: ClientRequest;
  response: Promise<{ status: number; headers: IncomingMessage['headers']; body: string; closed: Promise<void> }>;
}

/** A POST whose headers say `length` bytes, of which only `sent` are sent: the rest never comes. */
function partialPost(base: string, path: string, length: number, sent: number | Buffer, headers: Record<string, string> = {}): Started {
  const url = new URL(path, base);
  const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': String(length), ...headers } });
  req.on('error', () => {}); // a closed connection is what some of these wait for
  const response = new Promise<Awaited<Started['response']>>((resolve) =>
    req.once('response', (res) => {
      const closed = new Promise<void>((done) => res.socket.once('close', () => done()));
      let body = '';
      res.on('data', (chunk) => (body += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, closed }));
    }),
  );
  req.flushHeaders();
  const body = typeof sent === 'number' ? Buffer.alloc(sent) : sent;
  if (body.length > 0) req.write(body);
  return { req, response };
}

/** A gRPC Export whose length prefix says `length` bytes, followed by `sent` of them; answers the grpc-status. */
function grpcPrefixOnly(length: number, sent: number): Promise<{ status: number; message: string }> {
  const session = connectHttp2(`http://${serve.urls.otlpGrpc}`);
  const stream = session.request({ [http2.HTTP2_HEADER_METHOD]: 'POST', [http2.HTTP2_HEADER_PATH]: EXPORT, 'content-type': 'application/grpc', te: 'trailers' });
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(length, 1);
  stream.write(Buffer.concat([prefix, Buffer.alloc(sent)]));
  return new Promise((resolve) => {
    const answer = (headers: Record<string, unknown>) => {
      if (headers['grpc-status'] === undefined) return;
      session.close();
      resolve({ status: Number(headers['grpc-status']), message: decodeURIComponent(String(headers['grpc-message'] ?? '')) });
    };
    stream.on('response', answer).on('trailers', answer).on('error', () => {});
  });
}

function grpcExport(body: Buffer): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(serve.urls.otlpGrpc, grpc.credentials.createInsecure());
  return new Promise((resolve) =>
    client.makeUnaryRequest(EXPORT, (b: Buffer) => b, (b: Buffer) => b, body, (error) => {
      client.close();
      resolve(error);
    }),
  );
}

describe('bytes of requests in progress', () => {
  it('holds stalled bodies in the budget, refuses what would pass it at the headers, and times them out', { timeout: 30_000 }, async () => {
    // Three stalled 20 MB bodies (OTLP/HTTP, Zipkin, an upload) hold 60 MB of the 64 MB budget.
    const stalled = [
      partialPost(serve.urls.otlpHttp, '/v1/traces', 20 * MB, MB),
      partialPost(serve.urls.zipkin, '/api/v2/spans', 20 * MB, MB, { 'Content-Type': 'application/json' }),
      // The start of an OTLP/JSON document, which is read whole: the import waits for the rest.
      partialPost(serve.urls.api, '/api/import?name=stalled.json', 20 * MB, Buffer.from('{"resourceSpans":['.padEnd(MB)), { Authorization: `Bearer ${TOKEN}` }),
    ];
    // What no longer fits is refused at its headers: no byte of its body is sent.
    let refused = await partialPost(serve.urls.otlpHttp, '/v1/traces', 8 * MB, 0).response;
    while (refused.status !== 503) refused = await partialPost(serve.urls.otlpHttp, '/v1/traces', 8 * MB, 0).response; // until all three are held
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatch(/would pass its budget of 67108864 bytes \(--max-inflight-bytes\); retry shortly/);
    const zipkin = await partialPost(serve.urls.zipkin, '/api/v2/spans', 8 * MB, 0, { 'Content-Type': 'application/json' }).response;
    expect(zipkin.status).toBe(503);
    const upload = await partialPost(serve.urls.api, '/api/sources?name=more.jsonl', 8 * MB, 0, { Authorization: `Bearer ${TOKEN}` }).response;
    expect(upload.status).toBe(503);
    expect(upload.headers['retry-after']).toBe('1');
    const grpcRefused = await grpcPrefixOnly(8 * MB, 0);
    expect(grpcRefused.status).toBe(grpc.status.UNAVAILABLE);
    expect(grpcRefused.message).toMatch(/--max-inflight-bytes/);

    // After a second without bytes each stalled body gets 408 and its connection is closed.
    const answers = await Promise.all(stalled.map((s) => s.response));
    expect(answers.map((a) => a.status)).toEqual([408, 408, 408]);
    expect(answers[0].body).toContain('no bytes of the body arrived for 1 s (--body-timeout)');
    await Promise.all(answers.map((a) => a.closed));
    // Their bytes are given back: the same 8 MB is taken now (and read: garbage is a 400, not a 503).
    const after = partialPost(serve.urls.otlpHttp, '/v1/traces', 8 * MB, 0);
    after.req.end(Buffer.alloc(8 * MB, 0xff));
    expect((await after.response).status).toBe(400);
  });

  it('times out a gRPC message that stops arriving', { timeout: 20_000 }, async () => {
    const answer = await grpcPrefixOnly(1000, 10);
    expect(answer.status).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(answer.message).toContain('no bytes of the message arrived for 1 s');
    expect(await grpcExport(protobufRequest(hexId(16), 3))).toBeNull();
  });

  it('counts gzip bodies as they inflate: past the budget 503, within it stored, peak memory bounded', { timeout: 60_000 }, async () => {
    const pid = serve.child.pid!;
    // 30 MB of spans (large attribute values) in about 95 KB of gzip: two fit in the budget, not twenty.
    const inflated = encodeTraceRequestProtobuf(Array.from({ length: 500 }, (_, i) => span({ traceId: hexId(16), spanId: hexId(8), attributes: attrs({ blob: `${i}`.padEnd(60_000, 'x') }) })));
    const gzipped = gzipSync(inflated);
    expect(inflated.length).toBeGreaterThan(BUDGET / 3);
    const statuses = await Promise.all(Array.from({ length: 20 }, () => postOtlp(serve.urls.otlpHttp, gzipped, 'application/x-protobuf', { 'Content-Encoding': 'gzip' }).then((res) => res.status)));
    const highWater = memoryMb(pid, 'VmHWM');
    console.log(`gzip: ${statuses.length} bodies of ${gzipped.length} bytes inflating to ${inflated.length}: ${statuses.join(' ')}; serve VmHWM ${highWater} MB`);
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    // Unbounded, twenty inflated at once took serve to 1,054 MB.
    expect(highWater).toBeLessThan(500);
  });
});
