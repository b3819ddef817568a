/**
 * `--forward` between two built `spanscope serve`s: the second is the upstream, a real OTLP receiver. What the
 * first stores arrives there once (checked by trace ids and span counts through the upstream's API), over
 * OTLP/HTTP and OTLP/gRPC; with the upstream stopped, local ingest still answers success, the queue holds what
 * came meanwhile, and once the upstream is back on its port and database everything arrives and nothing is dropped.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as HttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiLogRecord, ForwardStatus, TraceSummary } from '../../src-main/model/api';
import { encodeLogsRequestProtobuf } from '../../src-main/otlp/encode-logs-protobuf';
import { logRecord } from '../helpers/logs';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { resource } from '../helpers/spans';

/**
 * How long the upstream stays away: the 30 s, which is several of the sender's 5 s backoff ceilings, so the
 * test sees retries that were answered with nothing many times over. Spans are sent through the whole of it.
 */
const DOWNTIME_MS = 30_000;
/** One batch of traces every this long while the upstream is away: traffic spread over the downtime. */
const SEND_EVERY_MS = 2_000;
const SPANS_PER_TRACE = 3;
/** SUCCESS (@opentelemetry/core, which the exporters bring but this project does not name). */
const SUCCESS = 0;
type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];

let upstream: ServeProcess;
const downstreams: ServeProcess[] = [];
beforeAll(async () => {
  upstream = await startServe();
});
afterAll(async () => {
  await Promise.all([upstream.stop(), ...downstreams.map((d) => d.stop())]);
});

async function startDownstream(forward: string, extra: string[] = []): Promise<ServeProcess> {
  const serve = await startServe(['--forward', forward, ...extra]);
  downstreams.push(serve);
  return serve;
}

/** The exporter's answers, to assert that local ingest took every batch. */
class RecordingExporter implements SpanExporter {
  readonly results: ExportResult[] = [];
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      this.results.push(result);
      done(result);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

/** `traces` traces of SPANS_PER_TRACE spans sent by the SDK's OTLP/HTTP protobuf exporter; their ids. */
async function sendTraces(otlpHttp: string, service: string, traces: number): Promise<{ traceIds: string[]; results: ExportResult[] }> {
  const exporter = new RecordingExporter(new HttpProtoExporter({ url: `${otlpHttp}/v1/traces` }));
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: 512 })] });
  const tracer = provider.getTracer('forwarding-test');
  const traceIds: string[] = [];
  for (let t = 0; t < traces; t++) {
    const root = tracer.startSpan(`request ${t}`);
    traceIds.push(root.spanContext().traceId);
    const ctx = trace.setSpan(context.active(), root);
    for (let c = 1; c < SPANS_PER_TRACE; c++) tracer.startSpan(`step ${c}`, {}, ctx).end();
    root.end();
  }
  await provider.forceFlush();
  await provider.shutdown();
  return { traceIds, results: exporter.results };
}

async function forwardStatus(serve: ServeProcess): Promise<ForwardStatus> {
  const { body } = await serve.api<{ forward: ForwardStatus }>('/status');
  return body.forward;
}

/** Polls `read` until `done` says yes (at most `ms`). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The upstream's traces of a service, by trace id, with their span counts. */
async function upstreamTraces(service: string): Promise<Map<string, number>> {
  const { body } = await upstream.api<{ traces: TraceSummary[] }>(`/traces?service=${service}&limit=10000`);
  return new Map(body.traces.map((t) => [t.traceId, t.spanCount]));
}

function expectEvery(traces: Map<string, number>, traceIds: string[]): void {
  expect([...traces.keys()].sort()).toEqual([...traceIds].sort());
  expect(new Set(traces.values())).toEqual(new Set([SPANS_PER_TRACE]));
}

describe('forwarding to a second spanscope serve', () => {
  it('sends spans, log records and Zipkin spans over OTLP/HTTP, each once, and counts them', async () => {
    const downstream = await startDownstream(upstream.urls.otlpHttp);
    const sent = await sendTraces(downstream.urls.otlpHttp, 'forwarded-http', 40);
    expect(sent.results.every((r) => r.code === SUCCESS)).toBe(true);
    const records = Array.from({ length: 7 }, (_, i) => logRecord({ body: `record ${i}`, resource: resource('forwarded-logs') }));
    expect((await postOtlp(downstream.urls.otlpHttp, encodeLogsRequestProtobuf(records), 'application/x-protobuf', {}, '/v1/logs')).status).toBe(200);
    const zipkinTrace = randomBytes(16).toString('hex');
    const zipkin = [{ traceId: zipkinTrace, id: randomBytes(8).toString('hex'), name: 'get', timestamp: Date.now() * 1000, duration: 1500, localEndpoint: { serviceName: 'forwarded-zipkin' } }];
    expect((await fetch(`${downstream.urls.zipkin}/api/v2/spans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(zipkin) })).status).toBe(202);

    const total = 40 * SPANS_PER_TRACE + 7 + 1;
    const status = await until(() => forwardStatus(downstream), (s) => s.forwarded === total && s.queued === 0, 'everything forwarded');
    expect(status).toMatchObject({ url: upstream.urls.otlpHttp, dropped: 0, droppedBy: {}, lastError: null });
    expectEvery(await upstreamTraces('forwarded-http'), sent.traceIds);
    const logs = await upstream.api<{ logs: ApiLogRecord[] }>('/logs?service=forwarded-logs&limit=100');
    expect(logs.body.logs.map((l) => l.body).sort()).toEqual(records.map((r) => r.body).sort());
    expect([...(await upstreamTraces('forwarded-zipkin')).entries()]).toEqual([[zipkinTrace, 1]]);
  });

  it('sends over OTLP/gRPC', async () => {
    const downstream = await startDownstream(`grpc://${upstream.urls.otlpGrpc}`, ['--forward-header', 'X-Tenant: team-a']);
    const sent = await sendTraces(downstream.urls.otlpHttp, 'forwarded-grpc', 25);
    const records = Array.from({ length: 3 }, (_, i) => logRecord({ body: `grpc record ${i}`, resource: resource('forwarded-grpc-logs') }));
    expect((await postOtlp(downstream.urls.otlpHttp, encodeLogsRequestProtobuf(records), 'application/x-protobuf', {}, '/v1/logs')).status).toBe(200);
    await until(() => forwardStatus(downstream), (s) => s.forwarded === 25 * SPANS_PER_TRACE + 3 && s.queued === 0, 'everything forwarded');
    expectEvery(await upstreamTraces('forwarded-grpc'), sent.traceIds);
    expect((await upstream.api<{ logs: ApiLogRecord[] }>('/logs?service=forwarded-grpc-logs')).body.logs).toHaveLength(3);
  });

  it('keeps what arrives while the upstream is down, and sends all of it once the upstream is back', async () => {
    const downstream = await startDownstream(upstream.urls.otlpHttp);
    const before = await sendTraces(downstream.urls.otlpHttp, 'outage', 5);
    await until(() => forwardStatus(downstream), (s) => s.forwarded === 5 * SPANS_PER_TRACE, 'the first traces forwarded');

    const port = new URL(upstream.urls.otlpHttp).port;
    await upstream.stop();
    const stoppedAt = Date.now();
    const during: string[] = [];
    // Local ingest keeps answering success all through the downtime (its speed is measured by `npm run bench`).
    while (Date.now() - stoppedAt < DOWNTIME_MS) {
      const batch = await sendTraces(downstream.urls.otlpHttp, 'outage', 10);
      expect(batch.results.map((r) => r.code)).toEqual([SUCCESS]);
      during.push(...batch.traceIds);
      await new Promise((resolve) => setTimeout(resolve, SEND_EVERY_MS));
    }
    const held = await forwardStatus(downstream);
    expect(held).toMatchObject({ forwarded: 5 * SPANS_PER_TRACE, queued: during.length * SPANS_PER_TRACE, dropped: 0 });
    expect(held.lastError).toMatch(/^the upstream could not be reached: ECONNREFUSED/);

    upstream = await startServe(['--otlp-http-port', port], upstream.dbPath);
    const status = await until(() => forwardStatus(downstream), (s) => s.queued === 0, 'the queue sent', 60_000);
    expect(status).toMatchObject({ forwarded: (5 + during.length) * SPANS_PER_TRACE, queued: 0, dropped: 0, droppedBy: {} });
    expectEvery(await upstreamTraces('outage'), [...before.traceIds, ...during]);
  }, DOWNTIME_MS + 90_000);

  it('sends what a stopped serve had queued when it starts again', async () => {
    const port = await freePort();
    const stopped = `http://127.0.0.1:${port}`;
    const first = await startServe(['--forward', stopped]);
    const sent = await sendTraces(first.urls.otlpHttp, 'restarted', 8);
    await until(() => forwardStatus(first), (s) => s.queued === 8 * SPANS_PER_TRACE && s.lastError !== null, 'queued');
    await first.stop();

    const second = await startServe(['--forward', stopped], first.dbPath);
    downstreams.push(second);
    expect((await forwardStatus(second)).queued).toBe(8 * SPANS_PER_TRACE);
    await second.stop();
    // The upstream comes up on the port the queue was waiting for.
    const target = await startServe(['--otlp-http-port', String(port)]);
    downstreams.push(target);
    const third = await startServe(['--forward', stopped], first.dbPath);
    downstreams.push(third);
    await until(() => forwardStatus(third), (s) => s.queued === 0 && s.forwarded === 8 * SPANS_PER_TRACE, 'the queue sent');
    const { body } = await target.api<{ traces: TraceSummary[] }>('/traces?service=restarted&limit=100');
    expect(body.traces.map((t) => t.traceId).sort()).toEqual([...sent.traceIds].sort());
  });

  it("drops what an upstream refuses for good, counting it with the reason and the upstream's sentence", async () => {
    // A mistaken URL: the upstream's Zipkin port, which has no /v1/traces.
    const downstream = await startDownstream(upstream.urls.zipkin);
    await sendTraces(downstream.urls.otlpHttp, 'refused', 2);
    const status = await until(() => forwardStatus(downstream), (s) => s.dropped === 2 * SPANS_PER_TRACE, 'dropped');
    expect(status).toMatchObject({ forwarded: 0, queued: 0, droppedBy: { 'refused by upstream: HTTP 404': 2 * SPANS_PER_TRACE } });
    expect(status.lastError).toBe('refused by upstream: HTTP 404 no Zipkin endpoint at /v1/traces; spans go to POST /api/v2/spans');
  });

  it('refuses to forward to its own receiver, and a URL that is not one, with a sentence naming the flag', async () => {
    const port = await freePort();
    await expect(startServe(['--otlp-http-port', String(port), '--forward', `http://127.0.0.1:${port}`])).rejects.toThrow(
      `exited with 2: spanscope: --forward http://127.0.0.1:${port} points to this server's own OTLP/HTTP receiver (--otlp-http-port): every span would be sent back to itself; forward to another server`,
    );
    await expect(startServe(['--forward', 'localhost:4318'])).rejects.toThrow('exited with 2: spanscope: --forward "localhost:4318" is not an OTLP endpoint');
  });

  it('shows no forward counts without --forward', async () => {
    const { body } = await upstream.api<Record<string, unknown>>('/status');
    expect(body).not.toHaveProperty('forward');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
