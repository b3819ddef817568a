/**
 * The limits of `spanscope serve`, through every way in: body and inflated size (gRPC, Zipkin, archive imports),
 * attributes per span and value length, spans per trace. Small limits are set so each is reached cheaply.
 */
import * as grpc from '@grpc/grpc-js';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTrace, ApiWaterfall, TraceSummary } from '../../src-main/model/api';
import type { Span } from '../../src-main/model/span';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { encodeZipkinJson } from '../../src-main/formats/zipkin-encode';
import { TAG } from '../../src-main/otlp/otlp-schema';
import { ProtobufReader } from '../../src-main/otlp/protobuf-reader';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';
import { attrs, hexId, resource, span } from '../helpers/spans';

const MAX_SPANS = 10;
const EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe(['--max-body-size', '1MB', '--max-spans-per-trace', String(MAX_SPANS), '--max-attributes', '4', '--max-attribute-length', '1KB']);
});
afterAll(async () => {
  await serve.stop();
});

const spansOf = (traceId: string, count: number, extra: Partial<Span> = {}) => Array.from({ length: count }, () => span({ traceId, spanId: hexId(8), ...extra }));

function grpcExport(body: Buffer, options: grpc.ClientOptions = {}): Promise<{ error: grpc.ServiceError | null; response?: Buffer }> {
  const client = new grpc.Client(serve.urls.otlpGrpc, grpc.credentials.createInsecure(), options);
  return new Promise((resolve) =>
    client.makeUnaryRequest(EXPORT, (b: Buffer) => b, (b: Buffer) => b, body, (error, response) => {
      client.close();
      resolve({ error, response });
    }),
  );
}

/** ExportTraceServiceResponse.partial_success as [rejected_spans, error_message]. */
function partialSuccess(response: Buffer): [bigint, string] {
  const r = new ProtobufReader(response);
  let result: [bigint, string] = [0n, ''];
  while (!r.done()) {
    if (r.tag() !== TAG.ExportTraceServiceResponse.partialSuccess) {
      r.skip();
      continue;
    }
    const partial = r.message();
    while (!partial.done()) {
      const tag = partial.tag();
      if (tag === TAG.ExportTracePartialSuccess.rejectedSpans) result = [partial.int64(), result[1]];
      else if (tag === TAG.ExportTracePartialSuccess.errorMessage) result = [result[0], partial.string()];
      else partial.skip();
    }
  }
  return result;
}

async function summaryOf(traceId: string): Promise<TraceSummary | undefined> {
  const { body } = await serve.api<{ traces: TraceSummary[] }>('/traces?service=frontend&limit=1000');
  return body.traces.find((t) => t.traceId === traceId);
}

const truncatedMessage = (traceId: string) => `trace ${traceId} has reached the limit of ${MAX_SPANS} spans per trace; its later spans are not stored`;

describe('spans per trace', () => {
  it('OTLP/HTTP: stores a trace up to the limit and refuses the rest as partial success naming the trace; the other traces are stored', async () => {
    const big = hexId(16);
    const other = hexId(16);
    const res = await postOtlp(serve.urls.otlpHttp, JSON.stringify(encodeTraceRequestJson([...spansOf(big, 14), ...spansOf(other, 3)])), 'application/json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ partialSuccess: { rejectedSpans: '4', errorMessage: truncatedMessage(big) } });
    expect((await serve.api<ApiTrace>(`/traces/${big}`)).body.spans).toHaveLength(MAX_SPANS);
    expect((await serve.api<ApiTrace>(`/traces/${other}`)).body.spans).toHaveLength(3);
    expect(await summaryOf(big)).toMatchObject({ spanCount: MAX_SPANS, refusedSpanCount: 4 });
    expect(await summaryOf(other)).toMatchObject({ spanCount: 3, refusedSpanCount: 0 });
    expect((await serve.api<ApiWaterfall>(`/traces/${big}/waterfall`)).body.refusedSpanCount).toBe(4);
  });

  it('OTLP/gRPC: a full trace refuses the spans of later requests, in the protobuf partial success', async () => {
    const traceId = hexId(16);
    expect(partialSuccess((await grpcExport(encodeTraceRequestProtobuf(spansOf(traceId, 8)))).response!)).toEqual([0n, '']);
    const { error, response } = await grpcExport(encodeTraceRequestProtobuf(spansOf(traceId, 5)));
    expect(error).toBeNull();
    expect(partialSuccess(response!)).toEqual([3n, truncatedMessage(traceId)]);
    expect(await summaryOf(traceId)).toMatchObject({ spanCount: MAX_SPANS, refusedSpanCount: 3 });
  });

  it('Zipkin: answers 202 for what it stored and marks the trace truncated', async () => {
    const traceId = hexId(16);
    const res = await postOtlp(serve.urls.zipkin, encodeZipkinJson(spansOf(traceId, 12)).text, 'application/json', {}, '/api/v2/spans');
    expect(res.status).toBe(202);
    expect(await summaryOf(traceId)).toMatchObject({ spanCount: MAX_SPANS, refusedSpanCount: 2 });
  });

  it('POST /api/import: counts the refused spans as rejected, saying why', async () => {
    const traceId = hexId(16);
    const res = await fetch(`${serve.urls.api}/import?name=big.json`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(encodeTraceRequestJson(spansOf(traceId, 13))),
    });
    expect(await res.json()).toMatchObject({ spans: MAX_SPANS, rejectedSpans: 3, rejectionReasons: [truncatedMessage(traceId)] });
  });
});

describe('attributes per span and value length', () => {
  const longValue = 'stack line\n'.repeat(500);
  const many = attrs({ 'error.stack': longValue, a: 1n, b: 2n, c: 3n, d: 4n, e: 5n });

  it('OTLP: keeps the first 4 attributes of a span, its resource, events and links, counting the others as dropped; cuts long values, marked', async () => {
    const traceId = hexId(16);
    const sent = span({
      traceId,
      spanId: hexId(8),
      attributes: many,
      droppedAttributesCount: 1,
      events: [{ name: 'exception', timeUnixNano: 1_700_000_000_000_000_001n, attributes: many, droppedAttributesCount: 0 }],
      links: [{ traceId: hexId(16), spanId: hexId(8), traceState: '', flags: 0, attributes: many, droppedAttributesCount: 0 }],
      resource: resource('frontend', { a: 1n, b: 2n, c: 3n, d: 4n }),
    });
    expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([sent]))).status).toBe(200);
    const [stored] = (await serve.api<ApiTrace>(`/traces/${traceId}`)).body.spans;
    const marked = /^(stack line\n)+.*…\[truncated from 5500 bytes\]$/s;
    expect(Object.keys(stored.attributes)).toEqual(['error.stack', 'a', 'b', 'c']);
    expect(stored.attributes['error.stack']).toMatch(marked);
    expect(Buffer.byteLength(stored.attributes['error.stack'] as string)).toBeLessThanOrEqual(1024);
    expect(stored.droppedAttributesCount).toBe(3);
    expect(stored.events[0].droppedAttributesCount).toBe(2);
    expect(stored.events[0].attributes['error.stack']).toMatch(marked);
    expect(stored.links[0].droppedAttributesCount).toBe(2);
    expect(Object.keys(stored.resource.attributes)).toEqual(['service.name', 'a', 'b', 'c']);
    expect(stored.resource.droppedAttributesCount).toBe(1);
  });

  it('Zipkin: the same limits apply to tags', async () => {
    const traceId = hexId(16);
    const res = await postOtlp(serve.urls.zipkin, encodeZipkinJson([span({ traceId, spanId: hexId(8), attributes: many })]).text, 'application/json', {}, '/api/v2/spans');
    expect(res.status).toBe(202);
    const [stored] = (await serve.api<ApiTrace>(`/traces/${traceId}`)).body.spans;
    expect(Object.keys(stored.attributes)).toEqual(['error.stack', 'a', 'b', 'c']);
    expect(stored.droppedAttributesCount).toBe(2);
    expect(stored.attributes['error.stack']).toMatch(/…\[truncated from 5500 bytes\]$/);
  });
});

describe('body and inflated size', () => {
  it('gRPC: refuses a message over --max-body-size with RESOURCE_EXHAUSTED', async () => {
    const { error } = await grpcExport(Buffer.alloc(2 * 1024 * 1024, 1));
    expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(error?.details).toMatch(/larger than max \(\d+ vs 1048576\)/);
  });

  it('gRPC: stops inflating a gzip bomb at the limit', async () => {
    const { error } = await grpcExport(Buffer.alloc(50 * 1024 * 1024), { 'grpc.default_compression_algorithm': 2 }); // gzip: ~50 KB on the wire
    expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(error?.details).toMatch(/decompresses to a size larger than 1048576/);
  });

  it('Zipkin: answers 413 to a body over the limit and to a gzip bomb', async () => {
    const big = await postOtlp(serve.urls.zipkin, '['.padEnd(2 * 1024 * 1024, ' '), 'application/json', {}, '/api/v2/spans');
    expect(big.status).toBe(413);
    expect(await big.text()).toMatch(/larger than the limit of 1048576 bytes/);
    const bomb = gzipSync(Buffer.alloc(120 * 1024 * 1024, 0x20), { level: 9 }); // inflates past the 100 MB default
    const inflated = await postOtlp(serve.urls.zipkin, bomb, 'application/json', { 'Content-Encoding': 'gzip' }, '/api/v2/spans');
    expect(inflated.status).toBe(413);
    expect(await inflated.text()).toMatch(/inflates past the limit/);
  });

  it('POST /api/import: refuses a length-prefixed message past 256 MiB, keeping what came before', async () => {
    const traceId = hexId(16);
    const first = encodeTraceRequestProtobuf(spansOf(traceId, 2));
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(first.length);
    const res = await fetch(`${serve.urls.api}/import?name=damaged.binpb`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: Buffer.concat([prefix, first, Buffer.from([0xff, 0xff, 0xff, 0xf0])]),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; spans: number };
    expect(body.error).toMatch(/message 2 \(byte \d+\): a length of 4294967280 bytes is past the 268435456-byte limit/);
    expect(body.spans).toBe(2);
  });
});
