/**
 * A test suite's traffic as the real OpenTelemetry SDK sends it, for the run tests: `traces` checkouts of two
 * services carrying one service.version, exported over OTLP/HTTP protobuf. Each trace is a checkout's root
 * (GET /checkout), its query (SELECT orders) and a payment (POST /charge, the payments service); durations are
 * seeded lognormal draws, the query's multiplied by `queryFactor` (1.3: 30% slower at every quantile).
 */
import { context, SpanKind, SpanStatusCode, trace, type HrTime } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ApiRun, SearchResponse } from '../../src-main/model/api';
import type { ServeProcess } from './serve-process';
import { drawDurations, seededRandom } from './synthetic-durations';

export interface RunTraffic {
  version: string;
  traces: number;
  seed: number;
  queryFactor?: number;
  /** When the first checkout starts, in seconds since the epoch; the next start 10 ms apart. */
  startSec: number;
  /** Every tenth payment fails when set. */
  failingPayments?: boolean;
}

const steady = (medianNs: number) => ({ medianNs, sigma: 0.3, slowShare: 0, slowFactor: 1 });

export async function sendRunTraffic(otlpHttp: string, traffic: RunTraffic): Promise<void> {
  const provider = (service: string) =>
    new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service, 'service.version': traffic.version }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpHttp}/v1/traces` }), { maxQueueSize: 10_000, maxExportBatchSize: 500, scheduledDelayMillis: 60_000 })],
    });
  const providers = [provider('checkout'), provider('payments')];
  const [checkout, payments] = [providers[0].getTracer('shop'), providers[1].getTracer('shop')];
  const random = seededRandom(traffic.seed);
  const roots = drawDurations({ medianNs: 100e6, sigma: 0.1, slowShare: 0, slowFactor: 1 }, traffic.traces, random);
  const queries = drawDurations(steady(20e6), traffic.traces, random);
  const charges = drawDurations(steady(15e6), traffic.traces, random);
  for (let i = 0; i < traffic.traces; i++) {
    const startNs = i * 10e6; // after startSec
    const root = checkout.startSpan('GET /checkout', { kind: SpanKind.SERVER, startTime: at(startNs) });
    const inRoot = trace.setSpan(context.active(), root);
    const query = checkout.startSpan('SELECT orders', { kind: SpanKind.CLIENT, startTime: at(startNs + 1e6) }, inRoot);
    query.end(at(startNs + 1e6 + Math.round(queries[i] * (traffic.queryFactor ?? 1))));
    const charge = payments.startSpan('POST /charge', { kind: SpanKind.SERVER, startTime: at(startNs + 30e6) }, inRoot);
    if (traffic.failingPayments && i % 10 === 0) charge.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
    charge.end(at(startNs + 30e6 + charges[i]));
    root.end(at(startNs + roots[i]));
  }
  for (const p of providers) await p.forceFlush();
  await Promise.all(providers.map((p) => p.shutdown()));

  /** Nanoseconds after startSec as the SDK's [seconds, nanoseconds] (the epoch's nanoseconds do not fit a double). */
  function at(ns: number): HrTime {
    const seconds = Math.floor(ns / 1e9);
    return [traffic.startSec + seconds, Math.round(ns - seconds * 1e9)];
  }
}

/**
 * Two runs into a serve, an hour apart: 1.0, then 1.1 with the query 30% slower; waited for until both runs hold all
 * their spans. Their trace ids, the older run's and the newer's.
 */
export async function sendTwoRuns(serve: ServeProcess, traces: number): Promise<{ older: string[]; newer: string[] }> {
  await sendRunTraffic(serve.urls.otlpHttp, { version: '1.0', traces, seed: 3, startSec: 1_700_000_000 });
  await sendRunTraffic(serve.urls.otlpHttp, { version: '1.1', traces, seed: 4, startSec: 1_700_003_600, queryFactor: 1.3 });
  for (;;) {
    const runs = (await serve.api<{ runs: ApiRun[] }>('/runs')).body.runs;
    if (runs.length === 2 && runs.every((run) => run.spanCount === 3 * traces)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const ids = async (startSec: number) =>
    (await serve.api<SearchResponse>(`/search?q=${encodeURIComponent('{ }')}&start=${startSec * 1000}&end=${(startSec + 60) * 1000}&limit=${traces}`)).body.traces.map((t) => t.traceID);
  return { older: await ids(1_700_000_000), newer: await ids(1_700_003_600) };
}
