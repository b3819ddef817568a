/**
 * An exporter's idle connection outlives the SDKs' 5 s batch interval. With Node's own 5 s (closed at 6 s), an
 * exporter whose event loop was busy as that close came sent its next batch into a closing socket: ECONNRESET,
 * seen once in the load test's OTLP/HTTP exporter.
 */
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';

let serve: ServeProcess;
const agent = new Agent({ keepAlive: true });
beforeAll(async () => {
  serve = await startServe();
});
afterAll(async () => {
  agent.destroy();
  await serve.stop();
});

function keepAliveHeader(url: string, method: string, headers: Record<string, string>, body = ''): Promise<[number, string | undefined]> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve([res.statusCode ?? 0, res.headers['keep-alive']?.toString()]));
    });
    req.on('error', reject);
    req.end(body);
  });
}

it('keeps an idle connection 75 s on every port, and says so', async () => {
  const answers = await Promise.all([
    keepAliveHeader(`${serve.urls.otlpHttp}/v1/traces`, 'POST', { 'Content-Type': 'application/json' }, '{}'),
    keepAliveHeader(`${serve.urls.zipkin}/api/v2/spans`, 'POST', { 'Content-Type': 'application/json' }, '[]'),
    keepAliveHeader(`${serve.urls.api}/services`, 'GET', { Authorization: `Bearer ${TOKEN}` }),
  ]);
  expect(answers.map(([status]) => status)).toEqual([200, 202, 200]);
  expect(answers.map(([, keepAlive]) => keepAlive)).toEqual(['timeout=75', 'timeout=75', 'timeout=75']);
});
