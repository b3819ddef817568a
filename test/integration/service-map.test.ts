/**
 * The service map from real services: four Node processes instrumented by the OpenTelemetry SDK's HTTP
 * instrumentation call each other with W3C trace context, and the map has exactly their calls.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceMap } from '../../src-main/model/api';
import { startServe, type ServeProcess } from '../helpers/serve-process';

const SERVICE = join(__dirname, '..', 'fixtures', 'services', 'service.cjs');
const REQUESTS = 5;
let serve: ServeProcess;
const services: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startService(name: string, port: number, downstream: string[]): Promise<void> {
  const child = spawn(process.execPath, [SERVICE, name, String(port), serve.urls.otlpHttp, ...downstream], { stdio: ['ignore', 'pipe', 'inherit'] });
  services.push(child);
  await new Promise<void>((resolve) => createInterface({ input: child.stdout! }).once('line', () => resolve()));
}

beforeAll(async () => {
  serve = await startServe();
  const [frontend, cart, checkout, payment] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const url = (port: number, path = '/work') => `http://127.0.0.1:${port}${path}`;
  await startService('payment', payment, []);
  await startService('checkout', checkout, [url(payment), url(payment, '/fail')]);
  await startService('cart', cart, []);
  await startService('frontend', frontend, [url(cart), url(checkout)]);
  for (let i = 0; i < REQUESTS; i++) {
    const res = await fetch(url(frontend));
    expect(res.status).toBe(200);
  }
  // SIGTERM flushes each service's spans.
  await Promise.all(services.map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))));
}, 60_000);

afterAll(async () => {
  for (const child of services) child.kill('SIGKILL');
  await serve.stop();
});

describe('the service map of instrumented services', () => {
  it('has exactly the calls they made, with errors and latencies', async () => {
    const { body } = await serve.api<ServiceMap>('/service-map');
    expect(body.edges.map((e) => `${e.source} → ${e.target}: ${e.callCount} calls, ${e.errorCount} errors`)).toEqual([
      `service:checkout → service:payment: ${2 * REQUESTS} calls, ${REQUESTS} errors`,
      `service:frontend → service:cart: ${REQUESTS} calls, 0 errors`,
      `service:frontend → service:checkout: ${REQUESTS} calls, 0 errors`,
    ]);
    expect(body.nodes.map((n) => [n.id, n.type, n.spanCount])).toEqual([
      ['service:cart', 'service', REQUESTS], // its SERVER spans
      ['service:checkout', 'service', 3 * REQUESTS], // a SERVER span and two CLIENT spans per request
      ['service:frontend', 'service', 3 * REQUESTS],
      ['service:payment', 'service', 2 * REQUESTS],
    ]);
    for (const edge of body.edges) {
      expect(Number(edge.p50Nano)).toBeGreaterThan(0);
      expect(Number(edge.p95Nano)).toBeGreaterThanOrEqual(Number(edge.p50Nano));
    }
  });

  it('gives the map of one trace', async () => {
    const { body } = await serve.api<{ traces: { traceId: string }[] }>('/traces?service=frontend&limit=1');
    const map = await serve.api<ServiceMap>(`/traces/${body.traces[0].traceId}/service-map`);
    expect(map.body.edges.map((e) => [e.source, e.target, e.callCount])).toEqual([
      ['service:checkout', 'service:payment', 2],
      ['service:frontend', 'service:cart', 1],
      ['service:frontend', 'service:checkout', 1],
    ]);
  });

  it('answers for a time window, and refuses a bad one', async () => {
    const empty = await serve.api<ServiceMap>('/service-map?start=2015-01-01T00:00:00Z&end=2015-01-02T00:00:00Z');
    expect(empty.body).toEqual({ nodes: [], edges: [] });
    const bad = await serve.api<{ error: string }>('/service-map?start=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/start "yesterday" is not a time/);
  });
});

describe('searching for the traces that hold a call', () => {
  it('finds every trace with checkout → payment, and none with a call that was never made', async () => {
    const found = await serve.api<{ traces: { traceId: string; rootService: string }[] }>(`/traces?call=${encodeURIComponent('service:checkout>service:payment')}&limit=100`);
    expect(found.body.traces).toHaveLength(REQUESTS);
    expect(found.body.traces.every((t) => t.rootService === 'frontend')).toBe(true);
    const none = await serve.api<{ traces: unknown[] }>(`/traces?call=${encodeURIComponent('service:cart>service:payment')}`);
    expect(none.body.traces).toEqual([]);
    const bad = await serve.api<{ error: string }>('/traces?call=cart-payment');
    expect(bad.body.error).toMatch(/call "cart-payment" must be SOURCE>TARGET/);
  });
});
