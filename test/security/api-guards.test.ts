/**
 * The UI port against a real `spanscope serve`: every /api request needs the token, every request a loopback
 * Host, no answer carries CORS headers, pages of other origins are refused, and no request can crash it.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';
import { attrs, hexId, resource, span } from '../helpers/spans';

const MARKER = 'guarded-secret-value';
const TRACE = hexId(16);
const SPAN = hexId(8);
let serve: ServeProcess;
let origin: string;
let port: string;

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, not fetch: fetch normalizes paths and cannot set Host or Origin. A Host of '' sends none. */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
  const { Host: host = `127.0.0.1:${port}`, ...others } = headers;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, setHost: false, headers: host === '' ? others : { Host: host, ...others } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const bearer = { Authorization: `Bearer ${TOKEN}` };
/** An archive for the requests that carry a body. */
const bodyFor = (method: string) => (method === 'POST' || method === 'PUT' ? archive() : undefined);
const archive = () => encodeTraceRequestProtobuf([span({ traceId: hexId(16), spanId: hexId(8), name: 'imported' })]).toString('latin1');

beforeAll(async () => {
  serve = await startServe();
  origin = new URL(serve.urls.ui).origin;
  port = new URL(serve.urls.ui).port;
  const res = await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([span({ traceId: TRACE, spanId: SPAN, name: MARKER, resource: resource(MARKER), attributes: attrs({ [MARKER]: MARKER }) })]));
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await serve.stop();
});

const API_REQUESTS: [string, string][] = [
  ['GET', '/api'],
  ['GET', '/api/'],
  ['GET', '/api/services'],
  ['GET', `/api/operations?service=${MARKER}`],
  ['GET', '/api/traces'],
  ['GET', `/api/traces/${TRACE}`],
  ['GET', `/api/traces/${TRACE}/waterfall`],
  ['GET', `/api/traces/${TRACE}/spans/${SPAN}`],
  ['GET', `/api/traces/${TRACE}/find?text=${MARKER}`],
  ['GET', `/api/traces/${TRACE}/service-map`],
  ['GET', `/api/traces/${TRACE}/export?format=otlp-json`],
  ['GET', `/api/export?traceId=${TRACE}&format=zipkin-json`],
  ['GET', `/api/diff?a=${TRACE}&b=${TRACE}`],
  ['GET', `/api/diff/groups?a=${TRACE}&b=${TRACE}`],
  ['GET', '/api/service-map'],
  ['GET', '/api/sources'],
  ['GET', '/api/status'],
  ['GET', '/api/config'],
  ['GET', '/api/events'],
  ['GET', '/api/no-such-endpoint'],
  ['POST', '/api/import'],
  ['POST', '/api/sources?name=x'],
  ['POST', '/api/sources/f1/import'],
  ['DELETE', '/api/sources/f1'],
  ['PUT', '/api/services'],
  // Grafana Tempo's query API (server/tempo-api.ts) takes the same token.
  ['GET', '/tempo/api/echo'],
  ['GET', '/tempo/api/search?q=%7B%7D'],
  ['GET', '/tempo/api/v2/search/tags'],
  ['GET', '/tempo/api/v2/search/tag/resource.service.name/values'],
  ['GET', `/tempo/api/v2/traces/${TRACE}`],
  ['GET', `/tempo/api/traces/${TRACE}`],
  ['GET', '/tempo/api/no-such-endpoint'],
];

describe('the token', () => {
  it.each(API_REQUESTS)('is needed for %s %s: without it, 401 and nothing of the store', async (method, path) => {
    const wrongTokens: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong' }, { Cookie: 'spanscope_session=wrong' }, { Authorization: `Bearer ${TOKEN}x` }];
    for (const headers of wrongTokens) {
      const res = await raw(method, path, headers, bodyFor(method));
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body).toMatch(/missing or wrong token/);
      expect(res.body).not.toContain(MARKER);
    }
  });

  it('refused imports store nothing', async () => {
    const before = await serve.api<{ traces: unknown[] }>('/traces?limit=100');
    expect((await raw('POST', '/api/import', {}, archive())).status).toBe(401);
    expect((await raw('POST', '/api/sources?name=x', {}, archive())).status).toBe(401);
    expect((await serve.api<{ traces: unknown[] }>('/traces?limit=100')).body.traces).toHaveLength(before.body.traces.length);
    expect((await serve.api<{ sources: unknown[] }>('/sources')).body.sources).toHaveLength(1);
  });

  it('cannot be reached around by spelling the path differently', async () => {
    for (const path of [`/TEMPO/api/v2/traces/${TRACE}`, `/%74empo/api/v2/traces/${TRACE}`, `//tempo/api/v2/traces/${TRACE}`, '/API/services', '/%61pi/services', '/api%2fservices', '//api/services', '/./api/services', '/x/../api/services', '/api/./services', '/api//services']) {
      const res = await raw('GET', path);
      expect(res.body, path).not.toContain(MARKER);
      expect(res.status === 200 && /json/.test(String(res.headers['content-type'])), path).toBe(false);
    }
  });

  it('in the address gives the session cookie only when it is the right one', async () => {
    const wrong = await raw('GET', '/?token=guess');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const right = await raw('GET', `/?token=${TOKEN}`);
    expect(right.status).toBe(302);
    expect(String(right.headers['set-cookie'])).toMatch(/HttpOnly/);
  });

  it('trades the token for a redirect to this server only, however the path is spelled (no open redirect)', async () => {
    for (const path of ['/.//evil.example/', '//evil.example/', '/\\evil.example/', '/./\\/evil.example/', '/..//evil.example/', '/%2F/evil.example/', '///evil.example/x']) {
      const res = await raw('GET', `${path}?token=${TOKEN}`);
      expect(res.status, path).toBe(302);
      const location = String(res.headers.location);
      expect(location, path).toMatch(/^\/(?![/\\])/);
      expect(new URL(location, origin).origin, path).toBe(origin);
    }
  });
});

describe('the Host check (DNS rebinding)', () => {
  const foreignHosts = () => [`evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, `localhost.evil.example:${port}`, ''];

  it.each([
    ['the UI page', '/'],
    ['a UI route', `/traces/${TRACE}`],
    ['a UI file', '/index.html'],
    ['the token trade', `/?token=${TOKEN}`],
    ['the API with the token', '/api/services'],
    ['the event stream with the token', '/api/events'],
    ['an export with the token', `/api/traces/${TRACE}/export`],
    ['the Tempo API with the token', `/tempo/api/v2/traces/${TRACE}`],
  ])('refuses %s for a Host that is not this loopback port', async (_what, path) => {
    for (const host of foreignHosts()) {
      const res = await raw('GET', path, { ...bearer, Host: host });
      expect(res.status, host).toBe(host === '' ? 400 : 403); // Node itself answers 400 to HTTP/1.1 without Host
      expect(res.body).not.toContain(MARKER);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('refuses an import for a foreign Host, even with the token', async () => {
    expect((await raw('POST', '/api/import', { ...bearer, Host: `evil.example:${port}` }, archive())).status).toBe(403);
  });
});

describe('cross-origin requests', () => {
  const PAGES = ['https://evil.example', 'http://127.0.0.1:3000', 'null'];

  it('get no CORS headers from /api, answered or not', async () => {
    for (const [method, path] of API_REQUESTS.filter(([, path]) => path !== '/api/events')) {
      for (const headers of [{ Origin: 'https://evil.example' }, { ...bearer, Origin: 'https://evil.example' }, bearer]) {
        const res = await raw(method, path, headers, bodyFor(method));
        const cors = Object.keys(res.headers).filter((name) => name.startsWith('access-control-'));
        expect(cors, `${method} ${path}`).toEqual([]);
      }
    }
  });

  it('get no CORS headers from a preflight to /api', async () => {
    for (const [, path] of API_REQUESTS) {
      const res = await raw('OPTIONS', path, { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' });
      expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-')), path).toEqual([]);
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('get no CORS headers from the UI files', async () => {
    const res = await raw('GET', '/', { Origin: 'https://evil.example' });
    expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('are refused from pages of other origins even with the cookie (other ports of 127.0.0.1 are the same site)', async () => {
    const cookie = `spanscope_session=${TOKEN}`;
    for (const page of PAGES) {
      const read = await raw('GET', '/api/services', { Cookie: cookie, Origin: page });
      expect(read.status, page).toBe(403);
      expect(read.body).not.toContain(MARKER);
      const write = await raw('POST', '/api/import', { Cookie: cookie, Origin: page, 'Content-Type': 'text/plain' }, archive());
      expect(write.status, page).toBe(403);
    }
    expect((await raw('GET', '/api/services', { Cookie: cookie, Origin: origin })).status).toBe(200);
  });
});

describe('hostile requests', () => {
  it('cannot crash the server: malformed paths, escapes and cookies', async () => {
    const attempts: [string, Record<string, string>][] = [
      ['/%', {}],
      ['/%E0%A4%A', {}],
      ['//', {}],
      ['///', {}],
      ['/\\\\', {}],
      ['//[::1', {}],
      ['/api/%', bearer],
      ['/api/traces/%zz', bearer],
      ['/api/services', { Cookie: 'spanscope_session=%E0%A4%A' }],
      ['/', { Cookie: 'spanscope_session=%' }],
    ];
    for (const [path, headers] of attempts) {
      const res = await raw('GET', path, headers);
      expect(res.status, path).toBeGreaterThanOrEqual(200);
      expect(res.body).not.toContain(MARKER);
    }
    expect(serve.child.exitCode).toBeNull();
    expect((await raw('GET', '/api/services', bearer)).status).toBe(200);
  });
});
