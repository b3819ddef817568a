/**
 * A remote source through the built `spanscope serve`: a replayed Zipkin (openzipkin/zipkin
 * `zipkin-lens/testdata/smartthings-oauth-authorization.json`, answered as `zipkin2-api.yaml` describes) added with
 * a bearer token, searched, a trace opened and compared with the same trace in the live store, then imported.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTrace, SourceInfo, TraceSummary } from '../../src-main/model/api';
import { replayServer, type ReplayServer } from '../helpers/replay-server';
import { startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';

const file = readFileSync(new URL('../fixtures/zipkin-lens/smartthings-oauth-authorization.json', import.meta.url));
const spans = JSON.parse(file.toString('utf8')) as { traceId: string }[];
const shortId = spans[0].traceId;
const TRACE = shortId.padStart(32, '0');

let serve: ServeProcess;
let zipkin: ReplayServer;
let source: SourceInfo;

beforeAll(async () => {
  zipkin = await replayServer({
    '/api/v2/services': { body: ['api-gateway'] },
    '/api/v2/traces': { body: [spans] },
    [`/api/v2/trace/${shortId}`]: { body: spans },
  });
  serve = await startServe();
  const imported = await fetch(`${serve.urls.api}/import?name=oauth.json`, { method: 'POST', body: new Uint8Array(file), headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(imported.status).toBe(200);
});
afterAll(async () => {
  await serve?.stop();
  await zipkin?.close();
});

describe('a remote Zipkin source in spanscope serve', () => {
  it('is added with its credential, which no answer repeats', async () => {
    const res = await serve.api<SourceInfo>('/sources/remote', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'zipkin', url: zipkin.url, headers: { Authorization: 'Bearer t0ken-xyz' } }) });
    expect(res.status).toBe(200);
    source = res.body;
    expect(source.remote).toMatchObject({ backend: 'zipkin', headerNames: ['Authorization'], health: { ok: true, message: 'ok' } });
    expect(JSON.stringify((await serve.api('/sources')).body)).not.toContain('t0ken-xyz');
    expect(zipkin.requests[0].headers.authorization).toBe('Bearer t0ken-xyz');
  });

  it('searches the backend', async () => {
    const { status, body } = await serve.api<{ traces: TraceSummary[]; unsupported: string[] }>(`/traces?source=${source.id}&limit=5`);
    expect(status).toBe(200);
    expect(body.traces.map((t) => t.traceId)).toEqual([TRACE]);
    expect(body.unsupported).toEqual([]);
    expect(zipkin.requests.at(-1)!.query.get('limit')).toBe('5');
  });

  it('opens the trace and compares it with the live copy: every span matched', async () => {
    const remote = await serve.api<ApiTrace>(`/traces/${TRACE}?source=${source.id}`);
    const live = await serve.api<ApiTrace>(`/traces/${TRACE}`);
    expect(remote.body.spans.length).toBe(live.body.spans.length);
    const diff = await serve.api<{ matched: number; added: number; removed: number }>(`/diff?a=${TRACE}&aSource=${source.id}&b=${TRACE}&bSource=live`);
    expect(diff.status).toBe(200);
    expect(diff.body).toEqual(expect.objectContaining({ matched: live.body.spans.length, added: 0, removed: 0 }));
  });

  it('imports its cache into the live store', async () => {
    const { status, body } = await serve.api<{ traces: number }>(`/sources/${source.id}/import`, { method: 'POST' });
    expect(status).toBe(200);
    expect(body.traces).toBe(1);
  });

  it('never writes the credential to its log', () => {
    expect(serve.stderr()).not.toContain('t0ken-xyz');
  });
});
