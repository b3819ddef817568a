/**
 * A remote source through the API, against a replayed Zipkin (openzipkin/zipkin `zipkin-lens/testdata/` traces in
 * the answers `zipkin2-api.yaml` describes): added with a credential that never comes back, searched, a trace
 * fetched when first read, compared with a live trace, imported into live; and the failures as sentences.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sources } from '../../src-main/archives/sources';
import { decodeZipkinJson } from '../../src-main/formats/zipkin-decode';
import type { SourceInfo } from '../../src-main/model/api';
import type { Store } from '../../src-main/store/store';
import { listenApi } from '../helpers/api-listener';
import { memoryStore } from '../helpers/memory-store';
import { fixture, replayServer, type ReplayServer } from '../helpers/replay-server';

const TOKEN = 'remote-sources';
const YELP = '0000000000000000a03ee8fff1dcd9b9';
const MESSAGING = '5aab74dbb904746bb33447baae403ed6';
const yelp = fixture('zipkin-lens/yelp.json');
const messaging = fixture('zipkin-lens/messaging.json');

let live: Store;
let sources: Sources;
let server: Server;
let base: string;
let zipkin: ReplayServer;

beforeAll(async () => {
  live = await memoryStore();
  await live.write(decodeZipkinJson(messaging));
  sources = new Sources(live, undefined, 4);
  ({ server, base } = await listenApi(sources, TOKEN));
  zipkin = await replayServer({
    '/api/v2/services': { body: ['mobile_api', 'routing'] },
    '/api/v2/spans': { body: ['get', 'post'] },
    '/api/v2/traces': { body: [yelp] },
    '/api/v2/trace/a03ee8fff1dcd9b9': { body: yelp },
    [`/api/v2/trace/${MESSAGING}`]: { body: messaging },
  });
});
afterAll(async () => {
  server.close();
  await zipkin.close();
  await sources.closeAll();
  await live.close();
});

const auth = { Authorization: `Bearer ${TOKEN}` };
const get = (path: string) => fetch(`${base}${path}`, { headers: auth });
const addRemote = (body: unknown) => fetch(`${base}/api/sources/remote`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('a remote Zipkin source', () => {
  let source: SourceInfo;

  it('is added and checked once; the credential is sent but never answered back', async () => {
    const res = await addRemote({ kind: 'zipkin', url: `${zipkin.url}/`, headers: { Authorization: 'Bearer s3cret' } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain('s3cret');
    source = JSON.parse(text);
    expect(source).toMatchObject({ kind: 'remote', name: 'Zipkin 127.0.0.1:' + new URL(zipkin.url).port, remote: { backend: 'zipkin', headerNames: ['Authorization'], health: { ok: true } } });
    expect(zipkin.requests[0]).toMatchObject({ path: '/api/v2/services', headers: { authorization: 'Bearer s3cret' } });
    expect(await (await get('/api/sources')).text()).not.toContain('s3cret');
  });

  it('answers services and operations from the backend', async () => {
    expect(await (await get(`/api/services?source=${source.id}`)).json()).toEqual({ services: ['mobile_api', 'routing'] });
    expect(await (await get(`/api/operations?source=${source.id}&service=routing`)).json()).toEqual({ operations: [{ name: 'get', kind: 'UNSPECIFIED' }, { name: 'post', kind: 'UNSPECIFIED' }] });
  });

  it('searches the backend, caches what it sends, and says which filters it could not apply', async () => {
    const res = await get(`/api/traces?source=${source.id}&service=routing&spanKind=server`);
    const body = (await res.json()) as { traces: { traceId: string; spanCount: number; rootService: string }[]; unsupported: string[] };
    expect(res.status).toBe(200);
    expect(body.traces).toEqual([expect.objectContaining({ traceId: YELP, spanCount: 16 })]);
    expect(body.unsupported).toEqual(['the span kind is not a Zipkin search filter']);
    expect(zipkin.requests.at(-1)!.query.get('serviceName')).toBe('routing');
  });

  it('opens a searched trace from its cache, without asking again', async () => {
    const asked = zipkin.requests.length;
    const trace = (await (await get(`/api/traces/${YELP}?source=${source.id}`)).json()) as { spans: unknown[] };
    expect(trace.spans).toHaveLength(16);
    expect(zipkin.requests.length).toBe(asked);
  });

  it('compares a remote trace, fetched when first named, with the live one', async () => {
    const res = await get(`/api/diff?a=${MESSAGING}&aSource=${source.id}&b=${MESSAGING}`);
    const diff = (await res.json()) as { matched: number; added: number; removed: number; durationDeltaNano: string };
    expect(res.status).toBe(200);
    expect(zipkin.requests.at(-1)!.path).toBe(`/api/v2/trace/${MESSAGING}`);
    expect(diff).toMatchObject({ matched: 4, added: 0, removed: 0, durationDeltaNano: '0' });
  });

  it('exports a cached trace and imports the cache into live', async () => {
    const exported = await get(`/api/traces/${YELP}/export?source=${source.id}&format=zipkin-json`);
    expect(((await exported.json()) as unknown[]).length).toBe(16);
    const imported = await fetch(`${base}/api/sources/${source.id}/import`, { method: 'POST', headers: auth });
    expect(await imported.json()).toMatchObject({ traces: 2, spans: 20 });
    expect(((await (await get(`/api/traces/${YELP}`)).json()) as { spans: unknown[] }).spans).toHaveLength(16);
  });

  it('answers 404 for a trace the backend does not know', async () => {
    const res = await get(`/api/traces/${'ab'.repeat(16)}?source=${source.id}`);
    expect(res.status).toBe(404);
  });

  it('says TraceQL is for Tempo only', async () => {
    const res = await get(`/api/search?source=${source.id}&q=${encodeURIComponent('{ }')}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^TraceQL is passed only to Tempo; Zipkin 127\.0\.0\.1:\d+ answers the field search/);
  });

  it('closes like a file', async () => {
    expect((await fetch(`${base}/api/sources/${source.id}`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect((await get(`/api/traces?source=${source.id}`)).status).toBe(404);
  });
});

describe('a remote Tempo source', () => {
  it('passes TraceQL through, completes tags from Tempo, and fetches a searched trace when it is opened', async () => {
    // grafana/tempo docs/sources/tempo/api_docs/_index.md's answers; the trace is opentelemetry-proto's example.
    const tempo = await replayServer({
      '/api/v2/search/tags': { body: fixture('remote/tempo-search-tags-v2.json') },
      '/api/v2/search/tag/resource.service.name/values': { body: fixture('remote/tempo-tag-values-v2.json') },
      '/api/search': { body: { traces: [{ traceID: '5b8efff798038103d269b633813fc60c', rootServiceName: 'my.service', rootTraceName: "I'm a server span", startTimeUnixNano: '1544712660000000000', durationMs: 1000 }] } },
      '/api/v2/traces/5b8efff798038103d269b633813fc60c': { body: fixture('remote/tempo-trace-v2.json') },
    });
    try {
      const info = (await (await addRemote({ kind: 'tempo', url: tempo.url, headers: { 'X-Scope-OrgID': 'team-a' } })).json()) as SourceInfo;
      expect(info.remote!.health.ok).toBe(true);
      // Passed as typed, even what this parser would refuse: Tempo judges its own language.
      const q = '{ span.foo = "bar" } | some_future_function()';
      const found = (await (await get(`/api/search?source=${info.id}&q=${encodeURIComponent(q)}`)).json()) as { traces: { traceID: string }[] };
      expect(tempo.requests.at(-1)!.query.get('q')).toBe(q);
      expect(found.traces[0].traceID).toBe('5b8efff798038103d269b633813fc60c');
      expect(((await (await get(`/api/search/tags?source=${info.id}`)).json()) as { tagNames: string[] }).tagNames).toContain('http.status_code');
      const values = (await (await get(`/api/v2/search/tag/resource.service.name/values?source=${info.id}`)).json()) as { tagValues: { value: string }[] };
      expect(values.tagValues.map((v) => v.value)).toContain('shop-backend');
      const searched = (await (await get(`/api/traces?source=${info.id}&service=my.service`)).json()) as { traces: { traceId: string }[] };
      expect(searched.traces.map((t) => t.traceId)).toEqual(['5b8efff798038103d269b633813fc60c']);
      const trace = (await (await get(`/api/traces/5b8efff798038103d269b633813fc60c?source=${info.id}`)).json()) as { spans: { name: string; service: string }[] };
      expect(trace.spans[0]).toMatchObject({ name: "I'm a server span", service: 'my.service' });
      // Searched again, the fetched trace is summarized from the cache, with its span count.
      const again = (await (await get(`/api/traces?source=${info.id}&service=my.service`)).json()) as { traces: { spanCount: number }[] };
      expect(again.traces[0].spanCount).toBe(trace.spans.length);
      expect(tempo.requests.every((r) => r.headers['x-scope-orgid'] === 'team-a')).toBe(true);
      await sources.close(info.id);
    } finally {
      await tempo.close();
    }
  });
});

describe('a remote source asked twice at once', () => {
  it('fetches a trace once for two views that open it together', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = await replayServer({ '/api/v2/services': { body: [] }, '/api/v2/trace/a03ee8fff1dcd9b9': { body: yelp, held } });
    try {
      const info = (await (await addRemote({ kind: 'zipkin', url: slow.url })).json()) as SourceInfo;
      let asked = 0;
      const count = (req: { url?: string }) => req.url?.startsWith(`/api/traces/${YELP}`) && asked++;
      server.on('request', count);
      const views = [get(`/api/traces/${YELP}?source=${info.id}`), get(`/api/traces/${YELP}/waterfall?source=${info.id}`)];
      // Both requests have reached the remote source (the route asks it before its first wait) before Zipkin answers.
      await expect.poll(() => asked).toBe(2);
      release();
      expect((await Promise.all(views)).map((res) => res.status)).toEqual([200, 200]);
      expect(slow.requests.filter((r) => r.path === '/api/v2/trace/a03ee8fff1dcd9b9')).toHaveLength(1);
      server.off('request', count);
      await sources.close(info.id);
    } finally {
      release();
      await slow.close();
    }
  });

  it('announces a change of health as a source event', async () => {
    const flaky = await replayServer({ '/api/v2/services': { body: [] }, '/api/v2/traces': { status: 403, body: 'Forbidden' } });
    const events = await fetch(`${base}/api/events`, { headers: auth });
    try {
      const info = (await (await addRemote({ kind: 'zipkin', url: flaky.url })).json()) as SourceInfo;
      expect(info.remote!.health.ok).toBe(true);
      expect((await get(`/api/traces?source=${info.id}`)).status).toBe(502);
      const reader = events.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes('refused the credentials (403)')) text += decoder.decode((await reader.read()).value);
      expect(text).toContain(`"id":"${info.id}"`);
      await reader.cancel();
      await sources.close(info.id);
    } finally {
      await flaky.close();
    }
  });
});

describe('remote sources that fail', () => {
  it('a backend that refuses the credentials is added, unhealthy, and its searches answer 502 with the sentence', async () => {
    const refusing = await replayServer({ '/api/v2/services': { status: 401, body: 'Unauthorized' }, '/api/v2/traces': { status: 401, body: 'Unauthorized' } });
    try {
      const info = (await (await addRemote({ kind: 'zipkin', url: refusing.url, headers: { Authorization: 'Basic dTpw' } })).json()) as SourceInfo;
      const sentence = `Zipkin at ${refusing.url} refused the credentials (401); check the header the source was added with`;
      expect(info.remote!.health).toEqual({ ok: false, message: sentence });
      const res = await get(`/api/traces?source=${info.id}`);
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ error: sentence });
      await sources.close(info.id);
    } finally {
      await refusing.close();
    }
  });

  it.each([
    [{ kind: 'elastic', url: 'http://x' }, 'kind "elastic" is not one of tempo, jaeger, zipkin'],
    [{ kind: 'tempo', url: 'ftp://x' }, 'url "ftp://x" is not an http:// or https:// address'],
    [{ kind: 'tempo', url: 'http://me:pw@x' }, 'the url holds a user name or password; give credentials as a header (Authorization), which is never shown, instead'],
    [{ kind: 'tempo', url: 'http://x', headers: { 'Bad Name': 'v' } }, 'header name "Bad Name" is not a valid HTTP header name'],
    [{ kind: 'tempo', url: 'http://x', headers: { Authorization: 'a\r\nHost: y' } }, 'the value of header Authorization must be text on one line'],
  ])('refuses %j with a sentence', async (body, sentence) => {
    const res = await addRemote(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: sentence });
  });
});
