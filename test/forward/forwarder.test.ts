/**
 * The forwarder against a fake upstream in this process: what it sends, how it treats each answer, and the counts
 * GET /api/status shows. The real upstream (a second `spanscope serve`) is test/integration/forwarding.test.ts.
 */
import * as grpc from '@grpc/grpc-js';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Forwarder } from '../../src-main/forward/forwarder';
import { parseForwardUrl } from '../../src-main/forward/forward-target';
import type { ForwardStatus } from '../../src-main/model/api';
import { decodeRetryDelayMs } from '../../src-main/otlp/decode-export-answer';
import { TAG } from '../../src-main/otlp/otlp-schema';
import { ProtobufWriter } from '../../src-main/otlp/protobuf-writer';
import { exportResponse, statusResponse } from '../../src-main/server/otlp-responses';

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server | undefined;
let forwarder: Forwarder | undefined;
afterEach(async () => {
  await forwarder?.close();
  server?.close();
});

/** A fake upstream answering each export with the next of `answers` (the last one again when they run out). */
async function upstream(answers: Answer[]): Promise<{ url: string; bodies: { path: string; headers: IncomingMessage['headers']; body: Buffer }[] }> {
  const bodies: { path: string; headers: IncomingMessage['headers']; body: Buffer }[] = [];
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    bodies.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
    answers[Math.min(bodies.length - 1, answers.length - 1)](req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

function start(url: string, maxQueueBytes = 1024 ** 2, headers: Record<string, string> = {}): Forwarder {
  const folder = join(mkdtempSync(join(tmpdir(), 'spanscope-forwarder-test-')), 'q');
  forwarder = Forwarder.start({ target: { ...parseForwardUrl(url), headers }, folder, temporary: true, maxQueueBytes }).forwarder;
  return forwarder;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error(`never: ${what}: ${JSON.stringify(forwarder?.status())}`);
}

const ok: Answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(exportResponse('protobuf', 0, ''));

describe('the forwarder', () => {
  it('sends each signal to its path with the headers given, one request per run of a signal', async () => {
    const up = await upstream([ok]);
    const f = start(up.url, 1024 ** 2, { authorization: 'Bearer abc' });
    f.forward('traces', Buffer.from([0x0a, 0x00]), 3);
    f.forward('logs', Buffer.from([0x0a, 0x01, 0x00]), 2);
    await until(() => f.status().forwarded === 5, 'both sent');
    expect(up.bodies.map((b) => [b.path, b.headers['content-type'], b.headers.authorization, b.body.toString('hex')])).toEqual([
      ['/v1/traces', 'application/x-protobuf', 'Bearer abc', '0a00'],
      ['/v1/logs', 'application/x-protobuf', 'Bearer abc', '0a0100'],
    ]);
    expect(f.status()).toEqual<ForwardStatus>({ url: up.url, forwarded: 5, queued: 0, dropped: 0, droppedBy: {}, lastError: null, queuedBytes: 0, maxQueueBytes: 1024 ** 2 });
  });

  it('waits as Retry-After says, then sends; counts what the upstream rejected in part', async () => {
    const up = await upstream([
      (_req, res) => res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/x-protobuf' }).end(statusResponse('protobuf', 14, 'busy')),
      (_req, res) => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(exportResponse('protobuf', 1, 'span 01 is too old')),
    ]);
    const f = start(up.url);
    f.forward('traces', Buffer.from([0x0a, 0x00]), 4);
    await until(() => f.status().queued === 0, 'sent');
    expect(up.bodies).toHaveLength(2);
    expect(f.status()).toMatchObject({ forwarded: 3, dropped: 1, droppedBy: { 'rejected by upstream (partial success)': 1 }, lastError: 'the upstream rejected 1 of 4: span 01 is too old' });
  });

  it('drops what the upstream refuses, naming the status and its message, and goes on with the next', async () => {
    const up = await upstream([(_req, res) => res.writeHead(400, { 'content-type': 'application/x-protobuf' }).end(statusResponse('protobuf', 3, 'not an OTLP request')), ok]);
    const f = start(up.url);
    f.forward('traces', Buffer.from([0xff]), 2);
    await until(() => f.status().queued === 0, 'refused');
    f.forward('traces', Buffer.from([0x0a, 0x00]), 5);
    await until(() => f.status().forwarded === 5, 'the next sent');
    expect(f.status()).toMatchObject({ dropped: 2, droppedBy: { 'refused by upstream: HTTP 400': 2 }, lastError: 'refused by upstream: HTTP 400 not an OTLP request' });
  });

  it('keeps retrying while the upstream cannot be reached, and counts a full queue as dropped', async () => {
    const up = await upstream([ok]);
    await new Promise((resolve) => server!.close(resolve));
    const f = start(up.url, 3 * (13 + 10));
    for (let i = 0; i < 4; i++) f.forward('traces', Buffer.alloc(10), 10);
    await until(() => (f.status().lastError ?? '').startsWith('the upstream could not be reached: ECONNREFUSED'), 'a failed attempt');
    expect(f.status()).toMatchObject({ forwarded: 0, queued: 30, dropped: 10, droppedBy: { 'queue full': 10 } });
  });
});

describe('the forwarder to a gRPC upstream', () => {
  it('sends metadata, waits as RESOURCE_EXHAUSTED with a RetryInfo asks, then sends', async () => {
    const calls: { path: string; tenant: unknown; body: string }[] = [];
    const grpcServer = new grpc.Server();
    const identity = (b: Buffer) => b;
    const service = (path: string) => ({ Export: { path, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity } });
    const handler = (path: string) => (call: grpc.ServerUnaryCall<Buffer, Buffer>, done: grpc.sendUnaryData<Buffer>) => {
      calls.push({ path, tenant: call.metadata.get('x-tenant')[0], body: call.request.toString('hex') });
      if (calls.length > 1) return done(null, exportResponse('protobuf', 0, ''));
      const metadata = new grpc.Metadata();
      metadata.set('grpc-status-details-bin', retryInfoStatus(0, 1_000_000));
      done({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'slow down', metadata });
    };
    const tracesPath = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
    grpcServer.addService(service(tracesPath) as unknown as grpc.ServiceDefinition, { Export: handler('traces') });
    const port = await new Promise<number>((resolve, reject) => grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    try {
      const f = start(`grpc://127.0.0.1:${port}`, 1024 ** 2, { 'x-tenant': 'team-a' });
      f.forward('traces', Buffer.from([0x0a, 0x00]), 6);
      await until(() => f.status().forwarded === 6, 'sent');
      expect(calls).toEqual([
        { path: 'traces', tenant: 'team-a', body: '0a00' },
        { path: 'traces', tenant: 'team-a', body: '0a00' },
      ]);
      expect(f.status()).toMatchObject({ dropped: 0, lastError: 'the upstream answered gRPC RESOURCE_EXHAUSTED slow down' });
    } finally {
      await forwarder?.close();
      forwarder = undefined;
      grpcServer.forceShutdown();
    }
  });
});

describe('the forwarder to a gRPC upstream that starts late', () => {
  it('sends once the upstream is up, the channel trying again within seconds', async () => {
    const received: string[] = [];
    const grpcServer = new grpc.Server();
    const identity = (b: Buffer) => b;
    const path = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
    const definition = { Export: { path, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity } };
    grpcServer.addService(definition as unknown as grpc.ServiceDefinition, {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, done: grpc.sendUnaryData<Buffer>) => {
        received.push(call.request.toString('hex'));
        done(null, exportResponse('protobuf', 0, ''));
      },
    });
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    try {
      const f = start(`grpc://127.0.0.1:${port}`);
      f.forward('traces', Buffer.from([0x0a, 0x00]), 2);
      await until(() => (f.status().lastError ?? '').startsWith('the upstream answered gRPC UNAVAILABLE'), 'a refused connection');
      await new Promise<number>((resolve, reject) => grpcServer.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
      await until(() => f.status().forwarded === 2, 'sent once the upstream is up');
      expect(received).toEqual(['0a00']);
    } finally {
      await forwarder?.close();
      forwarder = undefined;
      grpcServer.forceShutdown();
    }
  }, 30_000);
});

/** A google.rpc.Status whose RetryInfo asks for `seconds` and `nanos`. */
function retryInfoStatus(seconds: number, nanos: number): Buffer {
  const w = new ProtobufWriter();
  w.tag(TAG.RpcStatus.code);
  w.uint32(8);
  const any = w.beginMessage(TAG.RpcStatus.details);
  w.tag(TAG.Any.typeUrl);
  w.string('type.googleapis.com/google.rpc.RetryInfo');
  const info = w.beginMessage(TAG.Any.value);
  const delay = w.beginMessage(TAG.RetryInfo.retryDelay);
  w.tag(TAG.Duration.seconds);
  w.uint32(seconds);
  w.tag(TAG.Duration.nanos);
  w.uint32(nanos);
  w.endMessage(delay);
  w.endMessage(info);
  w.endMessage(any);
  return Buffer.from(w.view());
}

describe("a gRPC upstream's RetryInfo", () => {
  it('reads as the wait it asks for', () => {
    expect(decodeRetryDelayMs(retryInfoStatus(2, 500_000_000))).toBe(2_500);
    expect(decodeRetryDelayMs(Buffer.from([0x08, 0x08]))).toBeUndefined();
  });
});
