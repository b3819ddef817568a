/**
 * Archives end to end: files written from what the real OpenTelemetry exporters send, imported with
 * `spanscope import` and `POST /api/import`; sources opened beside the live store; exports in every format.
 */
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTrace, SourceInfo, TraceSummary } from '../../src-main/model/api';
import { emitTrace } from '../helpers/otel-trace';
import { CLI, startServe, tempDbPath, TOKEN, type ServeProcess } from '../helpers/serve-process';

const dir = mkdtempSync(join(tmpdir(), 'spanscope-archives-'));
const zipkinFixture = readFileSync(new URL('../fixtures/zipkin-lens/smartthings-mobile-web-install.json', import.meta.url));
const SMARTTHINGS = '000000000000000014b60fd9ae504820';
const JSON_TRACE = 'a1'.repeat(16);
const PROTO_TRACE = 'b2'.repeat(16);

/** What an exporter sends for one trace (one batch), caught by a server that answers like a collector. */
async function capture(makeExporter: (url: string) => SpanExporter, traceId: string): Promise<Buffer> {
  let body = Buffer.alloc(0);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    body = Buffer.concat(chunks);
    res.writeHead(200, { 'Content-Type': req.headers['content-type'] ?? 'application/json' }).end(req.headers['content-type']?.includes('json') ? '{}' : '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'host.name': 'laptop' }),
    spanProcessors: [new BatchSpanProcessor(makeExporter(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`))],
  });
  emitTrace(provider.getTracer('checkout-lib', '1.2.3'), traceId);
  await provider.forceFlush();
  await provider.shutdown();
  server.close();
  return body;
}

function lengthPrefixed(message: Buffer): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(message.length);
  return Buffer.concat([prefix, message]);
}

let serve: ServeProcess;
let files: Record<string, string>;

beforeAll(async () => {
  const jsonBody = await capture((url) => new HttpJsonExporter({ url }), JSON_TRACE);
  const protoBody = await capture((url) => new HttpProtoExporter({ url }), PROTO_TRACE);
  expect(jsonBody.toString('utf8')).toMatch(/^\{"resourceSpans"/);
  const write = (name: string, bytes: Buffer | string) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };
  files = {
    otlpJson: write('exporter.json', jsonBody),
    otlpProto: write('exporter.pb', protoBody),
    jsonLines: write('collector.jsonl', `${jsonBody.toString('utf8')}\n`),
    protoStream: write('collector.bin.gz', gzipSync(lengthPrefixed(protoBody))),
    zipkin: write('smartthings.json', zipkinFixture),
    notTrace: write('notes.txt', 'shopping list\n'),
  };
  serve = await startServe();
});
afterAll(async () => {
  await serve.stop();
});

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

async function post(path: string, body: Buffer | string) {
  const res = await fetch(`${serve.urls.api}${path}`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { Authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, body: await res.json() };
}

describe('spanscope import and export', () => {
  it('imports archives written from the real exporters\' output, one line per file, and they read the same', () => {
    const db = tempDbPath();
    const run = cli('import', files.otlpJson, files.otlpProto, files.jsonLines, files.protoStream, '--db', db);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'exporter.json: otlp-json-lines, 1 trace, 2 spans imported',
      'exporter.pb: otlp-protobuf, 1 trace, 2 spans imported',
      'collector.jsonl: otlp-json-lines, 1 trace, 2 spans imported',
      'collector.bin.gz: otlp-protobuf-stream (gzip), 1 trace, 2 spans imported',
      '',
    ]);
    const fromJson = JSON.parse(cli('export', JSON_TRACE, '--db', db).stdout);
    const fromProto = JSON.parse(cli('export', PROTO_TRACE, '--db', db).stdout);
    const withoutIds = (doc: unknown) => JSON.stringify(doc).replaceAll(JSON_TRACE, 'T').replaceAll(PROTO_TRACE, 'T').replace(/"spanId":"[0-9a-f]{16}"/g, '').replace(/"parentSpanId":"[0-9a-f]{16}"/g, '');
    expect(withoutIds(fromJson)).toBe(withoutIds(fromProto));
    expect(fromJson.resourceSpans[0].scopeSpans[0].spans).toHaveLength(2);
  });

  it('says which file failed and why, and goes on with the others (exit code 1)', () => {
    const run = cli('import', files.notTrace, join(dir, 'missing.json'), files.zipkin, '--db', tempDbPath());
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('smartthings.json: zipkin-json, 1 trace, 957 spans imported\n');
    expect(run.stderr).toBe(
      `spanscope import: ${files.notTrace}: not a trace or logs file: it starts with the bytes 73 68 6f 70 70 69 6e 67, which begin none of OTLP JSON or protobuf (traces or logs), Jaeger JSON or Zipkin JSON; nothing was imported\n` +
        `spanscope import: ${join(dir, 'missing.json')}: no such file; nothing was imported\n`,
    );
  });

  it('exports in each format to a file, listing what the format cannot hold; an unknown id writes nothing', () => {
    const db = tempDbPath();
    cli('import', files.otlpProto, '--db', db);
    const out = join(dir, 'out.zipkin.json');
    const run = cli('export', PROTO_TRACE, '--db', db, '--format', 'zipkin-json', '-o', out);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^spanscope export: zipkin-json cannot hold everything: 2 spans: typed attribute values written as text/m);
    expect(run.stderr).toMatch(/1 span: links dropped \(Zipkin has no links\)/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(2);
    const jaeger = JSON.parse(cli('export', PROTO_TRACE, '--db', db, '--format', 'jaeger-json').stdout);
    expect(jaeger.data[0].spans).toHaveLength(2);
    const missing = cli('export', 'ff'.repeat(16), '--db', db);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`spanscope export: not in ${db}: ${'ff'.repeat(16)}; nothing was written\n`);
    expect(cli('export', PROTO_TRACE, '--format', 'csv', '--db', db).stderr).toBe('spanscope export: --format "csv" is not one of otlp-json, jaeger-json, zipkin-json\n');
  });
});

describe('the archive API', () => {
  it('POST /api/import puts a gzipped Zipkin file into the live store', async () => {
    const res = await post('/import?name=smartthings.json.gz', gzipSync(zipkinFixture));
    expect(res).toEqual({ status: 200, body: { format: 'zipkin-json', gzip: true, traces: [SMARTTHINGS], spans: 957, rejectedSpans: 0, logs: 0, rejectedLogs: 0, rejectionReasons: [] } });
    expect((await serve.api<ApiTrace>(`/traces/${SMARTTHINGS}`)).body.spans).toHaveLength(957);
  });

  it('POST /api/import refuses a file that is not an archive, naming it, and stores nothing', async () => {
    const res = await post('/import?name=notes.txt', 'shopping list');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^notes\.txt: not a trace or logs file: .*; nothing was imported$/);
  });

  it('opens a file as a source of its own, searchable beside live, imports it into live on request, and forgets it when closed', async () => {
    const opened = await post('/sources?name=exporter.pb', readFileSync(files.otlpProto));
    expect(opened.status).toBe(200);
    const info = opened.body as SourceInfo;
    expect(info).toMatchObject({ name: 'exporter.pb', kind: 'file', format: 'otlp-protobuf', spans: 2, traces: 1, state: 'ready' });
    const list = await serve.api<{ sources: SourceInfo[] }>('/sources');
    expect(list.body.sources.map((s) => s.id)).toEqual(['live', info.id]);
    const inFile = await serve.api<{ traces: TraceSummary[] }>(`/traces?service=checkout&source=${info.id}`);
    expect(inFile.body.traces.map((t) => t.traceId)).toEqual([PROTO_TRACE]);
    expect((await serve.api(`/traces/${PROTO_TRACE}`)).status).toBe(404); // not mixed into live
    expect((await serve.api<ApiTrace>(`/traces/${PROTO_TRACE}?source=${info.id}`)).body.spans).toHaveLength(2);

    expect(await post(`/sources/${info.id}/import`, '')).toEqual({ status: 200, body: { traces: 1, spans: 2, logs: 0 } });
    expect((await serve.api<ApiTrace>(`/traces/${PROTO_TRACE}`)).body.spans).toHaveLength(2);

    const closed = await fetch(`${serve.urls.api}/sources/${info.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(closed.status).toBe(200);
    const gone = await serve.api<{ error: string }>(`/traces?source=${info.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatch(new RegExp(`^source "${info.id}" is not open \\(open ones: live\\)`));
  });

  it('a cancelled upload (the client stops sending) leaves no source behind', async () => {
    const url = new URL(`${serve.urls.api}/sources?name=slow.jsonl`);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Length': '100000000' } });
    req.on('error', () => {});
    req.write(readFileSync(files.jsonLines));
    // Opening, while the file arrives.
    await expect.poll(async () => (await serve.api<{ sources: SourceInfo[] }>('/sources')).body.sources.map((s) => s.name)).toContain('slow.jsonl');
    req.destroy(); // Cancel
    await expect.poll(async () => (await serve.api<{ sources: SourceInfo[] }>('/sources')).body.sources.map((s) => s.name)).toEqual(['Live']);
  });

  it('a source that cannot be read is not opened', async () => {
    const res = await post('/sources?name=half.json', zipkinFixture.subarray(0, 5000));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^half\.json, read as zipkin-json: not valid JSON at line \d+, column \d+: .*; the file was not opened$/);
    expect((await serve.api<{ sources: SourceInfo[] }>('/sources')).body.sources.map((s) => s.id)).toEqual(['live']);
  });

  it('exports a trace or a selection as a download, saying in a header what the format lost', async () => {
    const res = await fetch(`${serve.urls.api}/traces/${SMARTTHINGS.slice(16)}/export?format=jaeger-json`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="trace-${SMARTTHINGS}.jaeger.json"`);
    expect((await res.json()).data[0].spans).toHaveLength(957);
    const both = await fetch(`${serve.urls.api}/export?traceId=${SMARTTHINGS}&traceId=${PROTO_TRACE}&format=zipkin-json`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(both.headers.get('content-disposition')).toBe('attachment; filename="traces-2.zipkin.json"');
    expect(both.headers.get('x-spanscope-lost')).toMatch(/links dropped \(Zipkin has no links\)/);
    expect(await both.json()).toHaveLength(959);
    const bad = await serve.api<{ error: string }>(`/traces/${SMARTTHINGS}/export?format=csv`);
    expect(bad).toEqual({ status: 400, body: { error: 'format "csv" is not one of otlp-json, jaeger-json, zipkin-json' } });
  });
});
