/**
 * `npm run bench`: ingest and query figures of the built `spanscope serve`, side by side with this machine's
 * ceiling (the same rows written by the store's writer alone: no decoding, no HTTP). Prints a Markdown table.
 */
import * as grpc from '@grpc/grpc-js';
import { readFileSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { decodeTraceRequestProtobuf } from '../../src-main/otlp/decode-protobuf';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { packOtlpProtobuf } from '../../src-main/store/pack-otlp-protobuf';
import { KeyDictionary } from '../../src-main/store/key-dictionary';
import { openDatabase } from '../../src-main/store/open-database';
import { SpanWriter } from '../../src-main/store/span-writer';
import type { Span } from '../../src-main/model/span';
import { tempDbPath } from '../helpers/serve-process';
import { BENCH_ROUTES, BENCH_VERSIONS, hex, SPANS_PER_TRACE, syntheticRequest, syntheticTrace } from './synthetic-spans';
import { benchDecoders } from './decode-bench';
import { benchImport } from './import-bench';
import { benchUi } from './ui-bench';
import { closeAgent, MANY_SENDERS, measureLatency, post, sendAll, SENDERS, startServe, TOKEN } from './bench-http';
import { benchLogs } from './log-bench';
import { benchOpenFile } from './open-file-bench';
import { benchForward } from './forward-bench';
import { benchRuns } from './runs-bench';
import { benchMcp } from './mcp-bench';
import { benchAttributeComparison } from './attribute-comparison-bench';

const TOTAL_SPANS = Number(process.env.BENCH_SPANS ?? 1_000_000);
const SPANS_PER_REQUEST = 1000;
const T0 = 1_763_700_000_000_000_000n;

const rows: [string, string, string][] = [];
const report = (what: string, figure: string, target = '') => {
  rows.push([what, figure, target]);
  process.stderr.write(`${what}: ${figure}\n`);
};
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');

/** Request `r` of the main ingest: the first half at one service.version, the second at the next (two runs to compare). */
function requestSpans(r: number, salt: number): Span[] {
  return syntheticRequest(r, TOTAL_SPANS / SPANS_PER_REQUEST, salt, T0);
}

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

const latency = (label: string, url: string, target: string, runs?: number, warmups?: number) => measureLatency(report, label, url, target, runs, warmups);

async function main(): Promise<void> {
  const requests = TOTAL_SPANS / SPANS_PER_REQUEST;
  process.stderr.write(`building ${fmt(TOTAL_SPANS)} spans in ${requests} requests…\n`);
  const bodies = Array.from({ length: requests }, (_, r) => encodeTraceRequestProtobuf(requestSpans(r, 1)));
  const bytes = bodies.reduce((n, b) => n + b.length, 0);
  report('OTLP protobuf size', `${Math.round(bytes / TOTAL_SPANS)} bytes/span`, '~400');

  let t = performance.now();
  const sample = bodies.slice(0, 100);
  for (const b of sample) decodeTraceRequestProtobuf(b);
  report('protobuf decode alone (one core)', `${fmt(perSecond(sample.length * SPANS_PER_REQUEST, performance.now() - t))} spans/s`);
  benchDecoders(sample, SPANS_PER_REQUEST, report);

  // The ceiling: the same rows through the writer alone, in the same transactions, no decoding, no HTTP.
  {
    const db = openDatabase(tempDbPath());
    const writer = new SpanWriter(db);
    const keys = new KeyDictionary();
    const batches = bodies.map((b) => packOtlpProtobuf(b, keys).batch);
    t = performance.now();
    for (let i = 0; i < batches.length; i += 20) writer.write(batches.slice(i, i + 20));
    const ceiling = perSecond(TOTAL_SPANS, performance.now() - t);
    report('ceiling: writer alone, same rows and schema', `${fmt(ceiling)} spans/s`);
    process.env.CEILING = String(ceiling);
    db.close();
  }

  const dbPath = tempDbPath();
  const serve = await startServe(dbPath);
  const otlp = new URL(serve.urls.otlpHttp);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(serve.child.pid!, 'VmRSS'))), 100);
  const ingest = await sendAll(bodies, async (b) => (await post(otlp, b, 'application/x-protobuf')) === 200);
  clearInterval(sampler);
  const rate = perSecond(TOTAL_SPANS, ingest.ms);
  const ceiling = Number(process.env.CEILING);
  report(`OTLP/HTTP protobuf ingest, ${SENDERS} senders × ${SPANS_PER_REQUEST} spans/request, to ${fmt(TOTAL_SPANS)} stored`, `${fmt(rate)} spans/s (${ingest.retries} 503 retries)`, '≥ 100,000');
  report('ingest ÷ ceiling', `${Math.round((rate / ceiling) * 100)}%`, '≥ 60%');
  report('serve resident memory while ingesting (peak)', `${peakRss} MB`, '≤ 400 MB');

  // One 1,000-span trace for the fetch-by-id figure.
  const bigTraceId = hex(9, 4) + hex(1, 12);
  const big = Array.from({ length: 100 }, (_, i) => syntheticTrace(1_000_000 + i, 9, T0)).flat().map((s) => ({ ...s, traceId: bigTraceId }));
  await post(otlp, encodeTraceRequestProtobuf(big), 'application/x-protobuf');
  // Two 10,000-span traces of the same shape for the diff figure: B's spans 10% slower from the middle on. They
  // start an hour before the rest, so the newest-first searches above do not meet their thousands of spans.
  const diffIds = [hex(10, 4) + hex(1, 12), hex(10, 4) + hex(2, 12)];
  for (const [side, traceId] of diffIds.entries()) {
    const spans = Array.from({ length: 1000 }, (_, i) => syntheticTrace(i, 10 + side, T0 - 3_600_000_000_000n)).flat();
    const rootId = spans[0].spanId;
    const trace = spans.map((s, i) => ({
      ...s,
      traceId,
      parentSpanId: i === 0 ? '' : s.parentSpanId === '' ? rootId : s.parentSpanId,
      endTimeUnixNano: side === 1 && i > spans.length / 2 ? s.endTimeUnixNano + (s.endTimeUnixNano - s.startTimeUnixNano) / 10n : s.endTimeUnixNano,
    }));
    for (let i = 0; i < trace.length; i += 5000) await post(otlp, encodeTraceRequestProtobuf(trace.slice(i, i + 5000)), 'application/x-protobuf');
  }

  // "Slower than usual": a 10,000-span trace of the traffic's operations at version 1.1.0, its spans beside the run
  // before (1.0.0: the first half of the traffic, read from its per-minute latency histograms). Two hours before
  // the traffic, as the diff's traces are, so the newest-first searches above do not meet its spans.
  const baselineTraceId = hex(11, 4) + hex(1, 12);
  const laterSpans = Array.from({ length: 1000 }, (_, i) => syntheticTrace(2_000_000 + i, 11, T0 - 7_200_000_000_000n, BENCH_VERSIONS[1])).flat();
  const laterRoot = laterSpans[0].spanId;
  const later = laterSpans.map((s, i) => ({ ...s, traceId: baselineTraceId, parentSpanId: i === 0 ? '' : s.parentSpanId === '' ? laterRoot : s.parentSpanId }));
  for (let i = 0; i < later.length; i += 5000) await post(otlp, encodeTraceRequestProtobuf(later.slice(i, i + 5000)), 'application/x-protobuf');

  const api = serve.urls.api;
  // The data covers one trace per millisecond from T0; the window is 10 s in its middle.
  const middleMs = T0 / 1_000_000n + BigInt(Math.floor(TOTAL_SPANS / SPANS_PER_TRACE / 2));
  const window = `start=${middleMs}&end=${middleMs + 10_000n}`;
  await latency('search: service', `${api}/traces?service=payment`, '≤ 20 ms');
  await latency('search: service + operation', `${api}/traces?service=payment&operation=${encodeURIComponent(`GET ${BENCH_ROUTES[0]}`)}`, '≤ 20 ms');
  await latency('search: service + operation + minDuration', `${api}/traces?service=frontend&operation=${encodeURIComponent(`GET ${BENCH_ROUTES[0]}`)}&minDuration=90ms`, '≤ 20 ms');
  await latency('search: service + time window (10 s)', `${api}/traces?service=shipping&${window}`, '≤ 20 ms');
  await latency('search: time window only', `${api}/traces?${window}`, '≤ 20 ms');
  await latency('search: attribute equality, rare value (user.id)', `${api}/traces?attr=user.id=user-4242`, '≤ 100 ms');
  await latency('search: attribute equality, common value (http.route)', `${api}/traces?attr=http.route=/api/orders`, '≤ 100 ms');
  await latency('search: service + attribute (status 500)', `${api}/traces?service=inventory&attr=http.response.status_code=500`, '≤ 100 ms');
  // TraceQL beside the field search above: the same questions, then what only TraceQL can ask.
  const tql = (q: string, extra = '') => `${api}/search?q=${encodeURIComponent(q)}${extra}`;
  await latency('TraceQL: { resource.service.name = "payment" }', tql('{ resource.service.name = "payment" }'), '≤ 20 ms');
  await latency('TraceQL: service + name + duration > 90ms', tql(`{ resource.service.name = "frontend" && name = "GET ${BENCH_ROUTES[0]}" && duration > 90ms }`), '≤ 20 ms');
  await latency('TraceQL: { status = error } in a 10 s window', tql('{ status = error }', `&${window}`), '≤ 20 ms');
  await latency('TraceQL: attribute, rare value { .user.id = "user-4242" }', tql('{ .user.id = "user-4242" }'), '≤ 100 ms');
  await latency('TraceQL: structural { frontend } >> { payment && duration > 10ms }', tql('{ resource.service.name = "frontend" } >> { resource.service.name = "payment" && duration > 10ms }'), '≤ 300 ms');
  await latency('TraceQL: { } | count() > 9', tql('{ } | count() > 9'), '≤ 500 ms');
  const hour = `start=${T0 / 1_000_000n - 1_800_000n}&end=${T0 / 1_000_000n + 1_800_000n}&step=1m`;
  await latency('TraceQL metrics: quantile_over_time(duration, .5, .95) by service, server spans, one hour', `${api}/metrics/query_range?q=${encodeURIComponent('{ kind = server } | quantile_over_time(duration, .5, .95) by (resource.service.name)')}&${hour}`, '≤ 500 ms', 3, 1);
  await latency('trace by id, 1,000 spans', `${api}/traces/${bigTraceId}`, '≤ 20 ms');
  await latency(`service map of all ${fmt(TOTAL_SPANS)} stored spans (edges)`, `${api}/service-map`, '≤ 200 ms');
  await latency('service map, a 10 s window (edges)', `${api}/service-map?${window}`, '≤ 200 ms');
  await latency('diff of two 10,000-span traces (rows)', `${api}/diff?a=${diffIds[0]}&b=${diffIds[1]}`, '≤ 300 ms', 10);
  await latency('baseline marks of a 10,000-span trace, against the run before its own (marked spans)', `${api}/traces/${baselineTraceId}/baseline?against=previous-run`, '≤ 100 ms', 10);
  await benchRuns(api, dbPath, report);
  await benchMcp(
    serve.urls.ui,
    [
      { what: 'search_traces, TraceQL, 20 traces', tool: 'search_traces', args: { query: '{ resource.service.name = "payment" }', start: '0' } },
      { what: 'get_trace of a 10,000-span trace', tool: 'get_trace', args: { traceId: diffIds[0] } },
      { what: `service_map of all ${fmt(TOTAL_SPANS)} stored spans`, tool: 'service_map', args: { start: '0' } },
    ],
    report,
  );
  await benchAttributeComparison(api, TOTAL_SPANS, report);

  await benchUi(serve.urls, TOKEN, (body) => post(otlp, body, 'application/x-protobuf'), report, Number(T0 / 1_000_000n + 1_800_000n));

  serve.child.kill('SIGTERM');
  await serve.exited;
  const stored = TOTAL_SPANS + 1000 + 110_000 + 10_000;
  report('database size on disk (after close)', `${fmt(statSync(dbPath).size)} bytes = ${Math.round(statSync(dbPath).size / stored)} bytes/span`, '≤ 300');

  // More concurrent senders make larger transactions: the same spans into a fresh store.
  const manyServe = await startServe(tempDbPath());
  const many = await sendAll(bodies, async (b) => (await post(new URL(manyServe.urls.otlpHttp), b, 'application/x-protobuf')) === 200, MANY_SENDERS);
  report(`OTLP/HTTP protobuf ingest, ${MANY_SENDERS} senders, to ${fmt(TOTAL_SPANS)} stored`, `${fmt(perSecond(TOTAL_SPANS, many.ms))} spans/s (${many.retries} 503 retries)`, '≥ 100,000');
  manyServe.child.kill('SIGTERM');
  await manyServe.exited;

  // JSON and gRPC, smaller runs into fresh stores.
  const smaller = Math.min(requests, 200);
  const jsonBodies = Array.from({ length: smaller }, (_, r) => Buffer.from(JSON.stringify(encodeTraceRequestJson(requestSpans(r, 2)))));
  const jsonServe = await startServe(tempDbPath());
  const json = await sendAll(jsonBodies, async (b) => (await post(new URL(jsonServe.urls.otlpHttp), b, 'application/json')) === 200);
  report(`OTLP/HTTP JSON ingest (${fmt(smaller * SPANS_PER_REQUEST)} spans)`, `${fmt(perSecond(smaller * SPANS_PER_REQUEST, json.ms))} spans/s`);
  jsonServe.child.kill('SIGTERM');
  await jsonServe.exited;

  const grpcServe = await startServe(tempDbPath());
  const client = new grpc.Client(grpcServe.urls.otlpGrpc, grpc.credentials.createInsecure());
  const grpcBodies = Array.from({ length: smaller }, (_, r) => encodeTraceRequestProtobuf(requestSpans(r, 3)));
  const viaGrpc = await sendAll(grpcBodies, (b) =>
    new Promise((resolve) => client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (x: Buffer) => x, (x: Buffer) => x, b, (error) => resolve(error === null))),
  );
  report(`OTLP/gRPC ingest (${fmt(smaller * SPANS_PER_REQUEST)} spans)`, `${fmt(perSecond(smaller * SPANS_PER_REQUEST, viaGrpc.ms))} spans/s`);
  client.close();
  grpcServe.child.kill('SIGTERM');
  await grpcServe.exited;

  await benchImport(Number(process.env.BENCH_IMPORT_MB ?? 1024), report);
  await benchLogs(report);
  await benchOpenFile(report);
  await benchForward(report);

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}`;
  process.stdout.write(`\nMachine: ${machine}\n\n| measure | figure | target |\n|---|---|---|\n`);
  for (const [what, figure, target] of rows) process.stdout.write(`| ${what} | ${figure} | ${target} |\n`);
  closeAgent();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench failed: ${error.stack}\n`);
    process.exit(1);
  },
);
