/** The real OpenTelemetry JS logs SDK and exporters (HTTP/JSON, HTTP/protobuf, gRPC) send records with trace context; every field comes back through the API. */
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as GrpcExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as HttpJsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as HttpProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiLogRecord } from '../../src-main/model/api';
import { startServe, type ServeProcess } from '../helpers/serve-process';

let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe();
});
afterAll(async () => {
  await serve.stop();
});

const exporters: [string, () => LogRecordExporter][] = [
  ['HTTP/JSON, gzip', () => new HttpJsonExporter({ url: `${serve.urls.otlpHttp}/v1/logs`, compression: 'gzip' as never })],
  ['HTTP/protobuf', () => new HttpProtoExporter({ url: `${serve.urls.otlpHttp}/v1/logs` })],
  ['gRPC, gzip', () => new GrpcExporter({ url: `http://${serve.urls.otlpGrpc}`, compression: 'gzip' as never })],
];

describe.each(exporters)('log records sent by the OpenTelemetry exporter over %s', (label, makeExporter) => {
  const traceId = (label.startsWith('HTTP/J') ? 'a' : label.startsWith('HTTP/p') ? 'b' : 'c').repeat(32);
  const spanId = '1234567890abcdef';
  let logs: ApiLogRecord[];

  beforeAll(async () => {
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'checkout', 'host.name': 'laptop', 'process.pid': 4242 }),
      processors: [new SimpleLogRecordProcessor({ exporter: makeExporter() })],
    });
    const logger = provider.getLogger('checkout-lib', '1.2.3');
    const inSpan = trace.setSpanContext(context.active(), { traceId, spanId, traceFlags: TraceFlags.SAMPLED });
    logger.emit({
      context: inSpan,
      timestamp: [1_700_000_000, 5_000_001],
      observedTimestamp: [1_700_000_000, 6_000_000],
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: 'payment declined: card expired',
      attributes: { 'order.id': 42, 'retry': true, 'amount': 72.5, 'tags': ['a', 'b'] },
      eventName: 'payment.declined',
    });
    logger.emit({
      context: inSpan,
      timestamp: [1_700_000_000, 9_000_000],
      severityNumber: SeverityNumber.ERROR2,
      body: { order: 42, lines: [{ sku: 'X1', qty: 2 }], note: 'gave up' },
    });
    await provider.forceFlush();
    await provider.shutdown();
    const res = await serve.api<{ logs: ApiLogRecord[] }>(`/traces/${traceId}/logs`);
    expect(res.status).toBe(200);
    logs = res.body.logs;
  });

  it('keeps times to the nanosecond, severity, body, event name and the trace context, in time order', () => {
    expect(logs).toHaveLength(2);
    const [warn, error] = logs;
    expect(warn).toMatchObject({
      timeUnixNano: '1700000000005000001', observedTimeUnixNano: '1700000000006000000', severityNumber: 13, severityText: 'WARN',
      body: 'payment declined: card expired', eventName: 'payment.declined', traceId, spanId, service: 'checkout',
    });
    expect(warn.flags & 0xff).toBe(TraceFlags.SAMPLED);
    expect(error).toMatchObject({ timeUnixNano: '1700000000009000000', severityNumber: 18, body: { order: '42', lines: [{ sku: 'X1', qty: '2' }], note: 'gave up' } });
  });

  it('keeps attribute types, the resource and the scope', () => {
    const [warn] = logs;
    expect(warn.attributes).toEqual({ 'order.id': '42', retry: true, amount: 72.5, tags: ['a', 'b'] });
    expect(warn.resource.attributes).toMatchObject({ 'service.name': 'checkout', 'host.name': 'laptop', 'process.pid': '4242' });
    expect(warn.scope).toMatchObject({ name: 'checkout-lib', version: '1.2.3' });
  });

  it('finds them by service, minimum severity, text, attribute, trace and span', async () => {
    const find = async (params: string) => (await serve.api<{ logs: ApiLogRecord[] }>(`/logs?traceId=${traceId}&${params}`)).body.logs.map((l) => l.severityNumber);
    expect(await find('service=checkout')).toEqual([18, 13]); // newest first
    expect(await find('severity=ERROR')).toEqual([18]);
    expect(await find('severity=13')).toEqual([18, 13]);
    expect(await find(`spanId=${spanId}&text=CARD EXPIRED`)).toEqual([13]);
    expect(await find('attr=order.id=42')).toEqual([13]);
    expect(await find('attr=host.name=laptop')).toEqual([18, 13]); // a resource attribute
    expect(await find('service=cart')).toEqual([]);
  });
});

describe('log search across traces', () => {
  it('finds a substring of the body through the trigram index, in any case, and a short one by scanning', async () => {
    const texts = async (params: string) => (await serve.api<{ logs: ApiLogRecord[] }>(`/logs?${params}`)).body.logs.map((l) => l.body);
    expect(await texts('text=DECLINED: CARD')).toEqual(['payment declined: card expired', 'payment declined: card expired', 'payment declined: card expired']);
    expect((await texts('text=gave')).length).toBe(3); // inside a map body, as its JSON text
    expect((await texts('text=up&severity=FATAL')).length).toBe(0);
    expect((await texts('limit=2')).length).toBe(2);
  });

  it('refuses bad parameters with a sentence', async () => {
    for (const [params, sentence] of [['severity=LOUD', 'severity "LOUD" is not a severity'], ['traceId=xyz', 'traceId "xyz" is not a trace id'], ['limit=0', 'limit "0" must be']]) {
      const res = await serve.api<{ error: string }>(`/logs?${params}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toContain(sentence);
    }
  });
});

describe('bad log requests', () => {
  const post = (body: string, type = 'application/json') => fetch(`${serve.urls.otlpHttp}/v1/logs`, { method: 'POST', headers: { 'Content-Type': type }, body });
  const record = (extra: object) => JSON.stringify({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bad-input' } }] }, scopeLogs: [{ logRecords: [{ timeUnixNano: '1700000000000000000', body: { stringValue: 'ok' }, ...extra }] }] }] });

  it('refuses what cannot be read with a sentence naming it, rejects malformed records alone, and keeps serving', async () => {
    const notJson = await post('{"resourceLogs": [');
    expect(notJson.status).toBe(400);
    const wrongType = await post(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityNumber: 'LOUD' }] }] }] }));
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { message: string }).message).toContain('severityNumber');
    const shortTrace = await post(record({ traceId: 'abcd' }));
    expect(shortTrace.status).toBe(200);
    expect(await shortTrace.json()).toEqual({ partialSuccess: { rejectedLogRecords: '1', errorMessage: 'log record: trace id "abcd" is 2 bytes, expected 16 or none' } });
    const noTime = await post(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'when?' } }] }] }] }));
    expect(await noTime.json()).toMatchObject({ partialSuccess: { rejectedLogRecords: '1' } });
    expect((await post(record({}))).status).toBe(200);
    const stored = await serve.api<{ logs: ApiLogRecord[] }>('/logs?service=bad-input');
    expect(stored.body.logs.map((l) => l.body)).toEqual(['ok']);
  });
});
