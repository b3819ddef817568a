/**
 * Issue 13, defect 5 (read half): reading one big trace must not hold up the other requests. The server runs in
 * this process (startCore, the built threads), so the event loop measured here is the server's own.
 */
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../src-main/cli/serve-args';
import { startCore, type RunningCore } from '../../src-main/core/start-core';
import { newAttributes } from '../../src-main/model/span';
import { tempDbPath } from '../helpers/serve-process';
import { hexId, span } from '../helpers/spans';

/** Each of these took the server's event loop for seconds when read on it. */
const ENTRIES = 1_000_000;
const SPANS = 50_000;
const TOKEN = 't';

let core: RunningCore;
const bigValueTrace = hexId(16);
const bigValueSpan = hexId(8);
const manySpansTrace = hexId(16);

beforeAll(async () => {
  const { options } = parseServeArgs(['--db', tempDbPath(), '--ui-port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--zipkin-port', '0'], {
    dataDir: '/unused',
    uiRoot: '/unused',
    token: TOKEN,
    writerWorkerPath: join(__dirname, '..', '..', 'out', 'main', 'writer-worker.js'),
  });
  core = await startCore(options, () => {});
  const attributes = Object.assign(newAttributes(), { big: Array.from({ length: ENTRIES }, (_, i) => `v${i % 1000}`) });
  await core.store.write([span({ traceId: bigValueTrace, spanId: bigValueSpan, attributes })]);
  const root = hexId(8);
  const many = Array.from({ length: SPANS }, (_, i) => span({ traceId: manySpansTrace, spanId: i === 0 ? root : hexId(8), parentSpanId: i === 0 ? '' : root, attributes: newAttributes() }));
  for (let i = 0; i < many.length; i += 10_000) await core.store.write(many.slice(i, i + 10_000));
}, 60_000);
afterAll(async () => {
  await core?.close();
});

const get = (path: string) => fetch(`${core.urls.api}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });

/**
 * Reads `path` while asking GET /api/services again and again: how many of those were answered while the read
 * was in flight, the event loop's longest block meanwhile, and how long the read took.
 */
async function readBeside(path: string): Promise<{ status: number; bytes: number; answeredMeanwhile: number; longestBlockMs: number; readMs: number }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  let reading = true;
  const read = get(path).then(async (res) => {
    const bytes = (await res.arrayBuffer()).byteLength;
    reading = false;
    return { status: res.status, bytes };
  });
  let answeredMeanwhile = 0;
  while (reading) {
    const res = await get('/services');
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    if (reading) answeredMeanwhile++;
  }
  const done = await read;
  const readMs = performance.now() - started;
  loop.disable();
  return { ...done, answeredMeanwhile, longestBlockMs: loop.max / 1e6, readMs };
}

describe('reading a big trace', () => {
  it.each([
    ['the trace of a span with a value of 1,000,000 entries', `/traces/${bigValueTrace}`],
    ['that span alone', `/traces/${bigValueTrace}/spans/${bigValueSpan}`],
    ['find in that trace', `/traces/${bigValueTrace}/find?text=nowhere`],
    ['a trace of 50,000 spans', `/traces/${manySpansTrace}`],
    ['its waterfall', `/traces/${manySpansTrace}/waterfall`],
    ['find in it', `/traces/${manySpansTrace}/find?text=nowhere`],
  ])('%s leaves the other requests answered', async (_, path) => {
    const { status, bytes, answeredMeanwhile, longestBlockMs, readMs } = await readBeside(path);
    process.stderr.write(`${path}: ${bytes} bytes in ${readMs.toFixed(0)} ms, ${answeredMeanwhile} answered meanwhile, longest block ${longestBlockMs.toFixed(1)} ms\n`);
    expect(status).toBe(200);
    expect(bytes).toBeGreaterThan(0);
    // On the event loop, the read was one block as long as itself, and nothing else was answered meanwhile.
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(3);
    expect(longestBlockMs).toBeLessThan(readMs / 2);
  }, 30_000);

  it('keeps the whole value (a limit on entries would make this test read a small one)', async () => {
    const res = await get(`/traces/${bigValueTrace}/spans/${bigValueSpan}`);
    const doc = (await res.json()) as { attributes: { big: string[] } };
    expect(doc.attributes.big).toHaveLength(ENTRIES);
  }, 30_000);
});
