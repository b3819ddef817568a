/**
 * `npm run bench`: ingest and query figures of the built `spanscope serve`, side by side with this machine's
 * ceiling (the same rows written by the store's writer alone: no decoding, no HTTP). Prints a Markdown table.
 */
import * as grpc from '@grpc/grpc-js';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'node:http';
import type { CoreUrls } from '../../src-main/core/start-core';
import { decodeTraceRequestProtobuf } from '../../src-main/otlp/decode-protobuf';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { packOtlpProtobuf } from '../../src-main/store/pack-otlp-protobuf';
import { KeyDictionary } from '../../src-main/store/key-dictionary';
import { openDatabase } from '../../src-main/store/open-database';
import { SpanWriter } from '../../src-main/store/span-writer';
import type { Span } from '../../src-main/model/span';
import { CLI, tempDbPath } from '../helpers/serve-process';
import { BENCH_ROUTES, hex, SPANS_PER_TRACE, syntheticTrace } from './synthetic-spans';
import { benchDecoders } from './decode-bench';
import { benchImport } from './import-bench';
import { benchUi } from './ui-bench';

const TOTAL_SPANS = Number(process.env.BENCH_SPANS ?? 1_000_000);
const SPANS_PER_REQUEST = 1000;
const SENDERS = 4;
const MANY_SENDERS = 8;
const TRACES_PER_REQUEST = SPANS_PER_REQUEST / SPANS_PER_TRACE;
const T0 = 1_763_700_000_000_000_000n;
const TOKEN = 'bench';

const rows: [string, string, string][] = [];
const report = (what: string, figure: string, target = '') => {
  rows.push([what, figure, target]);
  process.stderr.write(`${what}: ${figure}\n`);
};
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');

function requestSpans(r: number, salt: number): Span[] {
  const spans: Span[] = [];
  for (let t = r * TRACES_PER_REQUEST; t < (r + 1) * TRACES_PER_REQUEST; t++) spans.push(...syntheticTrace(t, salt, T0));
  return spans;
}

async function startServe(dbPath: string): Promise<{ urls: CoreUrls; child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--json', '--db', dbPath, '--token', TOKEN, '--ui-port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--zipkin-port', '0', '--max-db-size', '0', '--retention', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { urls: JSON.parse(line) as CoreUrls, child, exited };
}

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

const agent = new Agent({ keepAlive: true, maxSockets: MANY_SENDERS });
function post(url: URL, body: Buffer, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: '/v1/traces', method: 'POST', agent, headers: { 'Content-Type': contentType, 'Content-Length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `senders` loops, each sending its next body as soon as the last is answered; 503 answers are retried. */
async function sendAll(bodies: Buffer[], send: (body: Buffer) => Promise<boolean>, senders = SENDERS): Promise<{ ms: number; retries: number }> {
  let next = 0;
  let retries = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        while (!(await send(body))) {
          retries++;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }),
  );
  return { ms: performance.now() - start, retries };
}

/** p50 and p95 of `runs` requests after 5 warm-up ones (the JIT compiles the path), and the very first, cold. */
async function latency(label: string, url: string, target: string, runs = 40, warmups = 6): Promise<void> {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < runs + warmups; i++) {
    // Timed to the last byte of the answer; parsing it is the client's work, not the API's.
    const t = performance.now();
    const res = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const text = await res.text();
    times.push(performance.now() - t);
    const body = JSON.parse(text) as { traces?: unknown[]; spans?: unknown[]; edges?: unknown[]; rows?: unknown[]; series?: unknown[] };
    count = (body.traces ?? body.spans ?? body.edges ?? body.rows ?? body.series ?? []).length;
    if (res.status !== 200) throw new Error(`${label}: ${res.status} ${text}`);
  }
  const cold = times[0];
  const measured = times.slice(warmups).sort((a, b) => a - b);
  const p = (q: number) => measured[Math.min(measured.length - 1, Math.floor(q * measured.length))].toFixed(1);
  report(`${label} (${count} results)`, `p50 ${p(0.5)} ms, p95 ${p(0.95)} ms (first, cold: ${cold.toFixed(1)} ms)`, target);
}

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

  await benchUi(serve.urls, TOKEN, (body) => post(otlp, body, 'application/x-protobuf'), report, Number(T0 / 1_000_000n + 1_800_000n));

  serve.child.kill('SIGTERM');
  await serve.exited;
  const stored = TOTAL_SPANS + 1000 + 110_000;
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

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}`;
  process.stdout.write(`\nMachine: ${machine}\n\n| measure | figure | target |\n|---|---|---|\n`);
  for (const [what, figure, target] of rows) process.stdout.write(`| ${what} | ${figure} | ${target} |\n`);
  agent.destroy();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench failed: ${error.stack}\n`);
    process.exit(1);
  },
);
