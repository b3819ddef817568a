/** The Zipkin receiver (POST /api/v2/spans on the Zipkin port), with real Zipkin traces and bad input. */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTrace, TraceSummary } from '../../src-main/model/api';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/zipkin-lens/${name}`, import.meta.url), 'utf8');
const SMARTTHINGS = '000000000000000014b60fd9ae504820';

let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe();
});
afterAll(async () => {
  await serve.stop();
});

function postSpans(body: string | Uint8Array, headers: Record<string, string> = { 'Content-Type': 'application/json' }) {
  return postOtlp(serve.urls.zipkin, body, headers['Content-Type'], headers, '/api/v2/spans');
}

describe('the Zipkin receiver', () => {
  it('stores a 1,041-span production trace sent gzipped, answering 202 once it is committed', async () => {
    const res = await postSpans(gzipSync(fixture('smartthings-mobile-web-install.json')), { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(202);
    const { status, body } = await serve.api<ApiTrace>(`/traces/${SMARTTHINGS}`);
    expect(status).toBe(200);
    expect(body.spans.length).toBeGreaterThan(900);
    expect(new Set(body.spans.map((s) => s.service)).size).toBe(16);
    const root = body.spans.filter((s) => s.parentSpanId === '');
    expect(root).toHaveLength(1);
    const found = await serve.api<{ traces: TraceSummary[] }>(`/traces?service=${root[0].service}&limit=5`);
    expect(found.body.traces.map((t) => t.traceId)).toContain(SMARTTHINGS);
    // The 64-bit id Zipkin shows finds the trace too.
    expect((await serve.api<ApiTrace>(`/traces/${SMARTTHINGS.slice(16)}`)).body.traceId).toBe(SMARTTHINGS);
  });

  it('joins the two halves of a shared span sent by two services in two requests', async () => {
    const [a, b, c, d] = JSON.parse(fixture('skew.json')) as { localEndpoint: { serviceName: string } }[];
    expect((await postSpans(JSON.stringify([a, b]))).status).toBe(202); // serviceb reports
    expect((await postSpans(JSON.stringify([c, d]))).status).toBe(202); // servicea reports
    const { body } = await serve.api<ApiTrace>('/traces/00000000000000001e223ff1f80f1c69');
    expect(body.spans).toHaveLength(4);
    const server = body.spans.find((s) => s.kind === 'SERVER' && s.service === 'serviceb')!;
    const client = body.spans.find((s) => s.kind === 'CLIENT')!;
    expect(server.parentSpanId).toBe(client.spanId);
    expect(body.spans.find((s) => s.name === 'async')!.parentSpanId).toBe(server.spanId);
  });

  it.each([
    ['not JSON', '[{"traceId":', 'application/json', 400, /^not a Zipkin v2 span list: not valid JSON/],
    ['a bad id', '[{"traceId": "1", "id": "2"}, {"traceId": "1", "id": "xyz"}]', 'application/json', 400, /\[1\]\.id: "xyz" is not a hex id/],
    ['a wrong type', '[{"traceId": "1", "id": "2", "duration": "long"}]', 'application/json', 400, /\[0\]\.duration: expected microseconds/],
    ['Zipkin protobuf', 'x', 'application/x-protobuf', 415, /send a Zipkin v2 JSON array as application\/json/],
  ])('refuses %s with a sentence, stores none of the batch, and keeps serving', async (_what, body, type, status, message) => {
    const res = await postSpans(body, { 'Content-Type': type });
    expect(res.status).toBe(status);
    expect(await res.text()).toMatch(message);
    expect((await serve.api('/traces/00000000000000000000000000000001')).status).toBe(404);
    expect((await serve.api<ApiTrace>(`/traces/${SMARTTHINGS}`)).status).toBe(200);
  });

  it('answers 404 elsewhere on the port, naming the endpoint', async () => {
    const res = await fetch(`${serve.urls.zipkin}/api/v1/spans`, { method: 'POST', body: '[]' });
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/spans go to POST \/api\/v2\/spans/);
  });
});
