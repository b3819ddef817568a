/** The failures of a remote request, each a sentence: unreachable, credentials refused, too slow, not that backend. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteError } from '../../src-main/remote/remote-error';
import { getRemoteJson, type RemoteEndpoint } from '../../src-main/remote/remote-fetch';
import { replayServer, type ReplayServer } from '../helpers/replay-server';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function zipkinAt(url: string, options: Partial<RemoteEndpoint> = {}): RemoteEndpoint {
  return { kind: 'zipkin', url: new URL(url), headers: {}, timeoutMs: 5000, ...options };
}

async function failure(request: Promise<unknown>): Promise<RemoteError> {
  const error = await request.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('getRemoteJson', () => {
  it('sends the configured header and keeps a proxy prefix in the path', async () => {
    server = await replayServer({ '/zipkin/api/v2/services': { body: ['frontend'] } });
    const body = await getRemoteJson(zipkinAt(`${server.url}/zipkin/`, { headers: { Authorization: 'Bearer s3cret' } }), '/api/v2/services', { limit: '5', none: undefined }, "Zipkin's /api/v2/services");
    expect(body).toEqual(['frontend']);
    expect(server.requests[0].headers.authorization).toBe('Bearer s3cret');
    expect(server.requests[0].query.toString()).toBe('limit=5');
  });

  it('says a refused connection cannot be reached', async () => {
    const port = await closedPort();
    const error = await failure(getRemoteJson(zipkinAt(`http://127.0.0.1:${port}`), '/api/v2/services', {}, "Zipkin's /api/v2/services"));
    expect(error.message).toBe(`Zipkin at http://127.0.0.1:${port} cannot be reached: connection refused`);
    expect(error.status).toBe(502);
  });

  it.each([401, 403])('says %i refused the credentials', async (status) => {
    server = await replayServer({ '/api/v2/services': { status, body: 'no' } });
    const error = await failure(getRemoteJson(zipkinAt(server.url), '/api/v2/services', {}, "Zipkin's /api/v2/services"));
    expect(error.message).toBe(`Zipkin at ${server.url} refused the credentials (${status}); check the header the source was added with`);
  });

  it('cuts a backend that does not answer within the time limit (504)', async () => {
    server = await replayServer({ '/api/v2/services': { hang: true } });
    const error = await failure(getRemoteJson(zipkinAt(server.url, { timeoutMs: 100 }), '/api/v2/services', {}, "Zipkin's /api/v2/services"));
    expect(error.message).toBe(`Zipkin at ${server.url} did not answer /api/v2/services within 0.1 s`);
    expect(error.status).toBe(504);
  });

  it('says an HTML page is not what the backend answers', async () => {
    server = await replayServer({ '/api/v2/services': { body: '<!DOCTYPE html><html><body>Grafana</body></html>', contentType: 'text/html' } });
    const error = await failure(getRemoteJson(zipkinAt(server.url), '/api/v2/services', {}, "Zipkin's /api/v2/services"));
    expect(error.message).toBe(`${server.url}/ did not answer as Zipkin's /api/v2/services does: it sent an HTML page; is it Zipkin?`);
  });

  it('names a server error with the start of its text', async () => {
    server = await replayServer({ '/api/v2/services': { status: 500, body: 'storage\nis down' } });
    const error = await failure(getRemoteJson(zipkinAt(server.url), '/api/v2/services', {}, "Zipkin's /api/v2/services"));
    expect(error.message).toBe(`Zipkin at ${server.url} answered /api/v2/services with HTTP 500: storage is down`);
  });

  it('does not follow a redirect, which would carry the credentials elsewhere', async () => {
    server = await replayServer({ '/api/v2/services': { status: 302, body: '' } });
    const error = await failure(getRemoteJson(zipkinAt(server.url), '/api/v2/services', {}, "Zipkin's /api/v2/services"));
    expect(error.message).toMatch(/answered \/api\/v2\/services with a redirect/);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses an answer past the size limit, declared or streamed', async () => {
    server = await replayServer({ '/api/v2/traces': { body: Array.from({ length: 50 }, () => 'x'.repeat(10)) } });
    const error = await failure(getRemoteJson(zipkinAt(server.url, { maxBytes: 100 }), '/api/v2/traces', {}, "Zipkin's /api/v2/traces"));
    expect(error.message).toBe(`Zipkin at ${server.url} answered /api/v2/traces with more than 100 bytes; narrow the search (a shorter time range or a lower limit)`);
  });

  it('answers undefined for a 404, which the caller names', async () => {
    server = await replayServer({});
    expect(await getRemoteJson(zipkinAt(server.url), '/api/v2/trace/ab', {}, "Zipkin's /api/v2/trace/ID")).toBeUndefined();
  });
});
