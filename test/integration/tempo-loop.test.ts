/**
 * The Tempo client against Spanscope's own Tempo-compatible API: one `spanscope serve` holds the cart trace
 * (test/fixtures/archives/same-trace.otlp.json) and answers under /tempo; a second adds it as a remote Tempo source
 * with its token, searches it (the field search and TraceQL), opens the trace and compares it with its own copy.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTrace, SourceInfo, TraceSummary } from '../../src-main/model/api';
import { startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';

const cart = readFileSync(new URL('../fixtures/archives/same-trace.otlp.json', import.meta.url), 'utf8');
const CART = '5b8aa5a2d2c872e8321cf37308d69df2';

let upstream: ServeProcess;
let local: ServeProcess;
let source: SourceInfo;

beforeAll(async () => {
  [upstream, local] = await Promise.all([startServe(), startServe()]);
  for (const serve of [upstream, local]) {
    const res = await fetch(`${serve.urls.api}/import?name=cart.json`, { method: 'POST', body: cart, headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
  }
}, 60_000);
afterAll(async () => {
  await Promise.all([upstream?.stop(), local?.stop()]);
});

describe("a remote Tempo source that is another Spanscope's /tempo", () => {
  it('is added with the token and answers', async () => {
    const url = `${new URL(upstream.urls.ui).origin}/tempo`;
    const res = await local.api<SourceInfo>('/sources/remote', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'tempo', url, headers: { Authorization: `Bearer ${TOKEN}` } }) });
    expect(res.status).toBe(200);
    source = res.body;
    expect(source.remote).toMatchObject({ backend: 'tempo', health: { ok: true } });
  });

  it('is searched with the field search and with TraceQL', async () => {
    const since = 'start=2023-11-14T00:00:00Z&end=2023-11-15T00:00:00Z';
    const fields = await local.api<{ traces: TraceSummary[] }>(`/traces?source=${source.id}&service=cart-db&${since}`);
    expect(fields.status).toBe(200);
    expect(fields.body.traces.map((t) => [t.traceId, t.rootService, t.rootName])).toEqual([[CART, 'cart', 'GET /cart']]);
    const traceql = await local.api<{ traces: { traceID: string }[] }>(`/search?source=${source.id}&q=${encodeURIComponent('{ status = error }')}&${since}`);
    expect(traceql.status).toBe(200);
    expect(traceql.body.traces.map((t) => t.traceID)).toEqual([CART]);
  });

  it('opens the trace as stored upstream, and compares it with the local copy: every span matched', async () => {
    const remote = await local.api<ApiTrace>(`/traces/${CART}?source=${source.id}`);
    const own = await local.api<ApiTrace>(`/traces/${CART}`);
    expect(remote.status).toBe(200);
    const shape = (t: ApiTrace) => t.spans.map((s) => [s.spanId, s.parentSpanId, s.service, s.name, s.kind, s.startTimeUnixNano, s.endTimeUnixNano, s.status, s.attributes]).sort();
    expect(shape(remote.body)).toEqual(shape(own.body));
    const diff = await local.api<{ matched: number; added: number; removed: number; changed: number }>(`/diff?a=${CART}&aSource=${source.id}&b=${CART}&bSource=live`);
    expect(diff.body).toEqual(expect.objectContaining({ matched: 2, added: 0, removed: 0, changed: 0 }));
  });
});
