/** The real OpenTelemetry JS exporters (HTTP/JSON, HTTP/protobuf, gRPC) send spans; every field comes back through the API. */
import { TraceFlags } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTrace, TraceSummary } from '../../src-main/model/api';
import { emitTrace, linked, remoteParent } from '../helpers/otel-trace';
import { startServe, type ServeProcess } from '../helpers/serve-process';

let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe();
});
afterAll(async () => {
  await serve.stop();
});

const exporters: [string, () => SpanExporter][] = [
  ['HTTP/JSON, gzip', () => new HttpJsonExporter({ url: `${serve.urls.otlpHttp}/v1/traces`, compression: 'gzip' as never })],
  ['HTTP/protobuf', () => new HttpProtoExporter({ url: `${serve.urls.otlpHttp}/v1/traces` })],
  ['gRPC, gzip', () => new GrpcExporter({ url: `http://${serve.urls.otlpGrpc}`, compression: 'gzip' as never })],
];

describe.each(exporters)('spans sent by the OpenTelemetry exporter over %s', (label, makeExporter) => {
  const traceId = (label.startsWith('HTTP/J') ? '1' : label.startsWith('HTTP/p') ? '2' : '3').repeat(32);
  let stored: ApiTrace;

  beforeAll(async () => {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'checkout', 'host.name': 'laptop', 'process.pid': 4242 }),
      spanLimits: { attributeCountLimit: 8, eventCountLimit: 2, linkCountLimit: 1 },
      spanProcessors: [new SimpleSpanProcessor(makeExporter())],
    });
    emitTrace(provider.getTracer('checkout-lib', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.21.0' }), traceId);
    await provider.forceFlush();
    await provider.shutdown();
    const res = await serve.api<ApiTrace>(`/traces/${traceId}`);
    expect(res.status).toBe(200);
    stored = res.body;
  });

  it('keeps the resource, the scope and the span tree', () => {
    const [root, child] = stored.spans;
    expect(stored.spans).toHaveLength(2);
    expect(root).toMatchObject({ traceId, parentSpanId: remoteParent.spanId, name: 'GET /checkout', kind: 'SERVER', service: 'checkout' });
    expect(child).toMatchObject({ parentSpanId: root.spanId, name: 'SELECT orders', kind: 'CLIENT' });
    expect(root.resource.attributes).toMatchObject({ 'service.name': 'checkout', 'host.name': 'laptop', 'process.pid': '4242' });
    expect(root.scope).toMatchObject({ name: 'checkout-lib', version: '1.2.3', schemaUrl: 'https://opentelemetry.io/schemas/1.21.0' });
  });

  it('keeps times to the nanosecond, trace state and flags', () => {
    const [root, child] = stored.spans;
    expect(root.startTimeUnixNano).toBe('1700000000000000000');
    expect(root.endTimeUnixNano).toBe('1700000000100000000');
    expect(child.endTimeUnixNano).toBe('1700000000052000000');
    expect(root.traceState).toBe('vendor=abc,other=1');
    expect(root.flags & 0xff).toBe(TraceFlags.SAMPLED);
  });

  it('keeps attribute types: ints as strings, doubles, bools, arrays', () => {
    const [root] = stored.spans;
    expect(root.attributes).toEqual({ 'http.route': '/checkout', 'http.status_code': '200', ok: true, ratio: 72.5, tags: ['a', 'b'], sizes: ['1', '2', '3'] });
  });

  it('keeps status, events, links and the dropped counts', () => {
    const [root, child] = stored.spans;
    expect(root.status).toEqual({ code: 'OK', message: '' });
    expect(child.status).toEqual({ code: 'ERROR', message: 'deadlock detected' });
    expect(root.events).toEqual([{ name: 'cache miss', timeUnixNano: '1700000000001000000', attributes: { 'cache.key': 'cart:42' }, droppedAttributesCount: 0 }]);
    expect(child.events.map((e) => e.name)).toEqual(['retry 1', 'retry 2']);
    expect(child.droppedEventsCount).toBe(1);
    expect(child.droppedAttributesCount).toBe(2);
    expect(Object.keys(child.attributes)).toHaveLength(8);
    expect(child.links).toEqual([{ traceId: linked.traceId, spanId: linked.spanId, traceState: '', flags: expect.any(Number), attributes: { 'link.reason': 'retry-of' }, droppedAttributesCount: 0 }]);
    expect(child.droppedLinksCount).toBe(1);
  });

  it('is found by search, with its summary', async () => {
    const res = await serve.api<{ traces: TraceSummary[] }>(`/traces?service=checkout&attr=http.status_code=200&attr=host.name=laptop&limit=100`);
    const summary = res.body.traces.find((t) => t.traceId === traceId);
    expect(summary).toEqual({
      traceId,
      rootService: 'checkout',
      rootName: 'GET /checkout',
      startTimeUnixNano: '1700000000000000000',
      durationNano: '100000000',
      spanCount: 2,
      errorCount: 1,
      services: [{ name: 'checkout', spanCount: 2 }],
      lastReceivedMs: expect.any(Number),
      refusedSpanCount: 0,
      httpRoute: '/checkout',
      httpStatusCode: '200',
    });
  });
});

describe('service and operation lists', () => {
  it('lists what the exporters sent', async () => {
    expect((await serve.api<{ services: string[] }>('/services')).body.services).toContain('checkout');
    const ops = (await serve.api<{ operations: { name: string; kind: string }[] }>('/operations?service=checkout')).body.operations;
    expect(ops).toEqual([
      { name: 'GET /checkout', kind: 'SERVER' },
      { name: 'SELECT orders', kind: 'CLIENT' },
    ]);
  });
});
