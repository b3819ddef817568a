/**
 * Logs through the API's archive routes: imported into live, opened as a source of their own (answered with
 * `?source=`, never mixed into live until imported there), and exported in each format.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArchive } from '../../src-main/archives/import-archive';
import { Sources } from '../../src-main/archives/sources';
import type { ApiLogRecord, SourceInfo } from '../../src-main/model/api';
import { encodeLogsRequestJson } from '../../src-main/otlp/encode-logs-json';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { findLogs } from '../../src-main/query/logs';
import type { Store } from '../../src-main/store/store';
import { logRecord, richLogs } from '../helpers/logs';
import { memoryStore } from '../helpers/memory-store';
import { listenApi } from '../helpers/api-listener';
import { richSpan } from '../helpers/spans';

const TOKEN = 'log-archives-token';
const TRACE = 'ab'.repeat(16);
const records = richLogs(TRACE);
/** A Collector's JSON Lines file for both pipelines: a trace line, then log lines. */
const MIXED = [encodeTraceRequestJson([richSpan(TRACE, '01'.repeat(8))]), encodeLogsRequestJson(records.slice(0, 2)), encodeLogsRequestJson(records.slice(2))].map((doc) => JSON.stringify(doc)).join('\n');

let live: Store;
let sources: Sources;
let server: Server;
let base: string;

beforeAll(async () => {
  live = await memoryStore();
  await live.writeLogs([logRecord({ body: 'a live record' })]);
  sources = new Sources(live, undefined, 4);
  ({ server, base } = await listenApi(sources, TOKEN));
});
afterAll(async () => {
  server.close();
  await sources.closeAll();
  await live.close();
});

const auth = { Authorization: `Bearer ${TOKEN}` };
const post = (path: string, body?: BodyInit) => fetch(`${base}${path}`, { method: 'POST', body, headers: auth });
const get = (path: string) => fetch(`${base}${path}`, { headers: auth });
const logsAt = async (path: string) => ((await (await get(path)).json()) as { logs: ApiLogRecord[] }).logs;

describe('logs in archives, through the API', () => {
  let source: SourceInfo;

  it('opens a file with spans and logs as a source whose store holds both, and leaves live alone', async () => {
    const res = await post('/api/sources?name=collector.jsonl', MIXED);
    expect(res.status).toBe(200);
    source = (await res.json()) as SourceInfo;
    expect(source).toMatchObject({ kind: 'file', format: 'otlp-json-lines', spans: 1, traces: 1, logs: records.length, state: 'ready' });
    expect((await get('/api/sources').then((r) => r.json())).sources.find((s: SourceInfo) => s.id === source.id)).toMatchObject({ logs: records.length });
    expect((await logsAt(`/api/logs?source=${source.id}`)).map((l) => l.timeUnixNano)).toEqual(records.map((r) => r.timeUnixNano.toString()).reverse());
    expect((await logsAt(`/api/logs?source=${source.id}&severity=ERROR`)).map((l) => l.eventName)).toEqual(['', 'payment.declined']);
    expect((await logsAt(`/api/traces/${TRACE}/logs?source=${source.id}`)).map((l) => l.spanId)).toEqual(['01'.repeat(8), '']);
    // Live has its own record only.
    expect((await logsAt('/api/logs')).map((l) => l.body)).toEqual(['a live record']);
    expect(await logsAt(`/api/traces/${TRACE}/logs`)).toEqual([]);
  });

  it.each(['otlp-json', 'otlp-json-lines', 'otlp-protobuf'])("exports the source's logs as %s, which imports back to the same records", async (format) => {
    const res = await get(`/api/logs/export?source=${source.id}&format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe({ 'otlp-json': 'application/json; charset=utf-8', 'otlp-json-lines': 'application/x-ndjson; charset=utf-8', 'otlp-protobuf': 'application/x-protobuf' }[format]);
    const extension = { 'otlp-json': 'json', 'otlp-json-lines': 'jsonl', 'otlp-protobuf': 'binpb' }[format];
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="logs.otlp.${extension}"`);
    expect(res.headers.get('x-spanscope-logs')).toBe(String(records.length));
    expect(res.headers.get('x-spanscope-truncated')).toBeNull();
    const fresh = await memoryStore();
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(await importArchive(fresh, (async function* () { yield bytes; })(), { name: 'back' })).toMatchObject({ logs: records.length, rejectedLogs: 0 });
    const query = { attributes: [], limit: 1000 };
    expect(findLogs(fresh.reader, query)).toEqual(findLogs(sources.store(source.id).reader, query));
    await fresh.close();
  });

  it("exports a trace's logs and the records the filters answer; says when the limit cut the answer", async () => {
    const ofTrace = await get(`/api/traces/${TRACE}/logs/export?source=${source.id}&format=otlp-json-lines`);
    expect(ofTrace.headers.get('content-disposition')).toBe(`attachment; filename="trace-${TRACE}-logs.otlp.jsonl"`);
    expect(ofTrace.headers.get('x-spanscope-logs')).toBe('2');
    const limited = await get(`/api/logs/export?source=${source.id}&service=payments&limit=2`);
    expect(limited.headers.get('x-spanscope-logs')).toBe('2');
    expect(limited.headers.get('x-spanscope-truncated')).toMatch(/^the newest 2 records; narrow the filters/);
    const body = (await limited.json()) as { resourceLogs: { scopeLogs: { logRecords: { severityNumber: number }[] }[] }[] };
    expect(body.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords.map((l) => l.severityNumber)))).toEqual([0, 24]);
    expect(await (await get('/api/logs/export?format=otlp-json')).json()).toMatchObject({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'a live record' } }] }] }] });
  });

  it('refuses an unknown format and a limit past 100,000, naming them', async () => {
    const format = await get('/api/logs/export?format=csv');
    expect(format.status).toBe(400);
    expect((await format.json()).error).toBe('format "csv" is not one of otlp-json, otlp-json-lines, otlp-protobuf');
    const limit = await get(`/api/traces/${TRACE}/logs/export?limit=100001`);
    expect((await limit.json()).error).toBe('limit "100001" must be a whole number from 1 to 100000');
  });

  it('imports a file of logs into live, counting them; and carries a source\'s logs into live', async () => {
    const res = await post('/api/import?name=logs.jsonl', JSON.stringify(encodeLogsRequestJson([logRecord({ body: 'imported' })])));
    expect(await res.json()).toMatchObject({ format: 'otlp-json-lines', spans: 0, traces: [], logs: 1, rejectedLogs: 0 });
    const carried = await post(`/api/sources/${source.id}/import`);
    expect(await carried.json()).toEqual({ traces: 1, spans: 1, logs: records.length });
    expect(await logsAt(`/api/traces/${TRACE}/logs`)).toEqual(await logsAt(`/api/traces/${TRACE}/logs?source=${source.id}`));
    expect(await logsAt('/api/logs?limit=1000')).toHaveLength(records.length + 2);
  });
});
