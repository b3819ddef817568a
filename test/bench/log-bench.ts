/**
 * Logs beside the span figures: OTLP/HTTP protobuf log ingest (4 senders) against the writer alone, a trace's logs,
 * text search over 1,000,000 stored records through the trigram index and by a scan of every body, and bytes a
 * record on disk. The records are a service's request log: a line per request, two attributes, trace context on
 * four in five.
 */
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { bodyText, type LogRecord } from '../../src-main/model/log';
import { newAttributes, type Resource, type Scope } from '../../src-main/model/span';
import { encodeLogsRequestProtobuf } from '../../src-main/otlp/encode-logs-protobuf';
import { decodeLogsRequestProtobuf } from '../../src-main/otlp/decode-logs-protobuf';
import { DictionaryIds } from '../../src-main/store/dictionary-ids';
import { KeyDictionary } from '../../src-main/store/key-dictionary';
import { packLogs } from '../../src-main/store/log-batch';
import { LogWriter } from '../../src-main/store/log-writer';
import { openDatabase } from '../../src-main/store/open-database';
import { DEFAULT_SPAN_LIMITS } from '../../src-main/store/span-limits';
import { StoreReader } from '../../src-main/store/store-reader';
import { tempDbPath } from '../helpers/serve-process';
import { measureLatency, post, sendAll, SENDERS, startServe, type Report } from './bench-http';
import { hex } from './synthetic-spans';

const TOTAL = Number(process.env.BENCH_LOGS ?? 1_000_000);
const PER_REQUEST = 1000;
const T0 = 1_764_000_000_000_000_000n;
const SERVICES = ['frontend', 'cart', 'checkout', 'payment', 'shipping', 'inventory', 'users', 'orders-db'];
const ROUTES = ['/api/cart', '/api/checkout', '/api/items/{id}', '/api/users/{id}', '/api/orders', '/health'];
const LEVELS = [9, 9, 9, 9, 9, 9, 13, 5, 17, 9];

const resources: Resource[] = SERVICES.map((service, i) => ({ attributes: Object.assign(newAttributes(), { 'service.name': service, 'host.name': `dev-laptop-${i}` }), droppedAttributesCount: 0, schemaUrl: '' }));
const scope: Scope = { name: 'pino', version: '9.5.0', attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };

/** Record `n`: one request's log line; records 10 apart share a trace (ten lines a trace). */
function record(n: number): LogRecord {
  const trace = Math.floor(n / 10);
  const severity = LEVELS[n % LEVELS.length];
  const route = ROUTES[n % ROUTES.length];
  const time = T0 + BigInt(n) * 100_000n;
  return {
    timeUnixNano: time,
    observedTimeUnixNano: time,
    severityNumber: severity,
    severityText: severity >= 17 ? 'ERROR' : severity >= 13 ? 'WARN' : severity >= 9 ? 'INFO' : 'DEBUG',
    body: `${severity >= 17 ? 'request failed' : 'request done'}: GET ${route.replace('{id}', String(n % 997))} ${severity >= 17 ? 500 : 200} in ${n % 250} ms user=user-${n % 5000}`,
    attributes: Object.assign(newAttributes(), { 'http.route': route, 'request.id': hex(n, 6) }),
    droppedAttributesCount: 0,
    flags: 1,
    traceId: n % 5 === 4 ? '' : hex(7, 4) + hex(trace, 12),
    spanId: n % 5 === 4 ? '' : hex(n + 1, 8),
    eventName: '',
    resource: resources[trace % SERVICES.length],
    scope,
  };
}

const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');

export async function benchLogs(report: Report): Promise<void> {
  process.stderr.write(`building ${fmt(TOTAL)} log records…\n`);
  const bodies = Array.from({ length: TOTAL / PER_REQUEST }, (_, r) => encodeLogsRequestProtobuf(Array.from({ length: PER_REQUEST }, (_, i) => record(r * PER_REQUEST + i))));
  report('OTLP protobuf logs size', `${Math.round(bodies.reduce((n, b) => n + b.length, 0) / TOTAL)} bytes/record`);

  // The ceiling: the same records through the log writer alone, in the same transactions (20 requests each).
  const ceilingDb = openDatabase(tempDbPath());
  const writer = new LogWriter(ceilingDb, new DictionaryIds(ceilingDb));
  const keys = new KeyDictionary();
  const batches = bodies.map((b) => packLogs(decodeLogsRequestProtobuf(b).records, keys, DEFAULT_SPAN_LIMITS));
  let t = performance.now();
  for (let i = 0; i < batches.length; i += 20) writer.write(batches.slice(i, i + 20));
  const ceiling = perSecond(TOTAL, performance.now() - t);
  ceilingDb.close();
  report('logs ceiling: the log writer alone, same rows and schema', `${fmt(ceiling)} records/s`);

  const dbPath = tempDbPath();
  const serve = await startServe(dbPath);
  const otlp = new URL(serve.urls.otlpHttp);
  const ingest = await sendAll(bodies, async (b) => (await post(otlp, b, 'application/x-protobuf', '/v1/logs')) === 200);
  const rate = perSecond(TOTAL, ingest.ms);
  report(`OTLP/HTTP protobuf log ingest, ${SENDERS} senders × ${PER_REQUEST} records/request, to ${fmt(TOTAL)} stored`, `${fmt(rate)} records/s (${ingest.retries} 503 retries)`, '≥ 100,000');
  report('log ingest ÷ logs ceiling', `${Math.round((rate / ceiling) * 100)}%`, '≥ 60%');

  const api = serve.urls.api;
  const traceId = hex(7, 4) + hex(Math.floor(TOTAL / 20), 12);
  await measureLatency(report, "a trace's logs (8 records)", `${api}/traces/${traceId}/logs`, '≤ 20 ms');
  await measureLatency(report, 'log text search, rare ("user=user-4242": 200 of 1,000,000 records hold it; the newest 100)', `${api}/logs?text=${encodeURIComponent('user=user-4242')}&limit=100`, '≤ 200 ms');
  await measureLatency(report, 'log text search, common ("request failed", newest 100)', `${api}/logs?text=${encodeURIComponent('request failed')}&limit=100`, '≤ 200 ms');
  await measureLatency(report, 'log search, service + minimum severity (newest 100)', `${api}/logs?service=payment&severity=ERROR&limit=100`, '≤ 200 ms');
  serve.child.kill('SIGTERM');
  await serve.exited;
  report('log database size on disk (after close)', `${fmt(statSync(dbPath).size)} bytes = ${Math.round(statSync(dbPath).size / TOTAL)} bytes/record`, '≤ 200');

  // The same rare text found by reading every record's body, as a store without the trigram index would.
  const db = new Database(dbPath, { readonly: true });
  const reader = new StoreReader(db);
  t = performance.now();
  let found = 0;
  for (let first = 1; first <= TOTAL; first += 10_000) {
    for (const row of reader.logsBetween(first, first + 9_999)) if (bodyText(reader.toLogRecord(row)).toLowerCase().includes('user=user-4242')) found++;
  }
  report(`log text search by scanning every body (${found} found)`, `${Math.round(performance.now() - t)} ms`);
  db.close();
}
