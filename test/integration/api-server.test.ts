/** The API's guards (token, cookie, Host), its errors, live events, and the serve command's start-up errors. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../src-main/model/api';
import { postOtlp, protobufRequest } from '../helpers/otlp-bodies';
import { CLI, startServe, tempDbPath, TOKEN, type ServeProcess } from '../helpers/serve-process';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { hexId, resource, span } from '../helpers/spans';

let serve: ServeProcess;
let uiOrigin: string;
beforeAll(async () => {
  serve = await startServe();
  uiOrigin = new URL(serve.urls.ui).origin;
});
afterAll(async () => {
  await serve.stop();
});

/** fetch cannot set Host, so this goes through node:http. */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, uiOrigin);
  return new Promise((resolve, reject) => {
    request({ host: url.hostname, port: url.port, path: url.pathname, headers: { Host: host, Authorization: `Bearer ${TOKEN}` } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the API', () => {
  it('refuses requests without the token, or with a wrong one', async () => {
    const none = await fetch(`${serve.urls.api}/services`);
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatch(/missing or wrong token/);
    const wrong = await fetch(`${serve.urls.api}/services`, { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('trades the token in the UI address for an HttpOnly SameSite=Strict cookie, then drops it from the address', async () => {
    const res = await fetch(serve.urls.ui, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const withCookie = await fetch(`${serve.urls.api}/services`, { headers: { Cookie: cookie.split(';')[0] } });
    expect(withCookie.status).toBe(200);
  });

  it('refuses a Host that is not loopback with this port (DNS rebinding)', async () => {
    const port = new URL(uiOrigin).port;
    expect((await getWithHost('/api/services', `evil.example:${port}`)).status).toBe(403);
    expect((await getWithHost('/api/services', `127.0.0.1:${Number(port) + 1}`)).status).toBe(403);
    expect((await getWithHost('/api/services', `localhost:${port}`)).status).toBe(200);
  });

  it('answers 404 for a trace it does not have and 400 for something that is not a trace id', async () => {
    const missing = await serve.api<{ error: string }>(`/traces/${'0'.repeat(31)}1`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe(`trace ${'0'.repeat(31)}1 is not in this store`);
    const bad = await serve.api<{ error: string }>('/traces/xyz');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/"xyz" is not a trace id/);
    const badSearch = await serve.api<{ error: string }>('/traces?minDuration=soon');
    expect(badSearch.status).toBe(400);
    expect(badSearch.body.error).toMatch(/minDuration "soon" is not a duration/);
  });

  it('searches by the longest service name the store keeps, escaped in the address', async () => {
    const service = 'ü'.repeat(32 * 1024 - 100); // 64 KB of UTF-8 less a little: six bytes a character once escaped
    const traceId = hexId(16);
    const named = encodeTraceRequestProtobuf([span({ traceId, spanId: hexId(8), name: 'GET /long', resource: resource(service) })]);
    expect((await postOtlp(serve.urls.otlpHttp, named)).status).toBe(200);
    const operations = await serve.api<{ operations: { name: string }[] }>(`/operations?service=${encodeURIComponent(service)}`);
    expect(operations.status).toBe(200);
    expect(operations.body.operations.map((o) => o.name)).toEqual(['GET /long']);
    const found = await serve.api<{ traces: TraceSummary[] }>(`/traces?service=${encodeURIComponent(service)}`);
    expect(found.body.traces.map((t) => t.traceId)).toEqual([traceId]);
  });

  it('streams a summary of each new trace as a server-sent event', async () => {
    const controller = new AbortController();
    const res = await fetch(`${serve.urls.api}/events`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const traceId = hexId(16);
    await postOtlp(serve.urls.otlpHttp, protobufRequest(traceId, 3));
    let text = '';
    while (!text.includes(traceId)) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const event = text.split('\n\n').find((block) => block.includes(traceId))!;
    expect(event).toMatch(/^event: trace\n/m);
    const summary = JSON.parse(event.split('data: ')[1]) as TraceSummary;
    expect(summary).toMatchObject({ traceId, spanCount: 3, rootService: 'frontend' });
  });
});

describe('spanscope serve start-up errors', () => {
  it('names the port in use and the flag that changes it, exit code 2', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const run = spawnSync(process.execPath, [CLI, 'serve', '--db', tempDbPath(), '--otlp-http-port', String(port), '--otlp-grpc-port', '0', '--ui-port', '0', '--zipkin-port', '0'], { encoding: 'utf8' });
    blocker.close();
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`spanscope: port ${port} is already in use; choose another with --otlp-http-port N (0 picks a free port)`);
  });

  it('npm start without a usable Electron says why in one line and serves headless', async () => {
    const start = join(__dirname, '..', '..', 'out', 'main', 'start.js');
    const child = spawn(process.execPath, [start, '--json', '--db', tempDbPath(), '--ui-port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--zipkin-port', '0'], {
      env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const ready = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    child.kill('SIGTERM');
    expect(JSON.parse(ready)).toMatchObject({ ready: true });
    expect(stderr.split('\n')[0]).toMatch(/^Spanscope cannot open its window: .+; running headless instead\.$/);
  });

  it('warns when listening beyond loopback', async () => {
    const wide = await startServe(['--host', '0.0.0.0']);
    await wide.stop();
    expect(wide.stderr()).toMatch(/warning: listening on 0\.0\.0\.0: other machines can send spans, and the API answers them only with the token/);
  });

  it('explains an unknown flag, exit code 2', () => {
    const run = spawnSync(process.execPath, [CLI, 'serve', '--colour'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown flag --colour/);
  });
});
