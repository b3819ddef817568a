/**
 * Issue 13, defect 5 (read half): reading one big trace must not hold up the other requests. The server runs in
 * this process (startCore, the built threads), so the event loop measured here is the server's own.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../src-main/cli/serve-args';
import { startCore, type RunningCore } from '../../src-main/core/start-core';
import type { SourceInfo } from '../../src-main/model/api';
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
  // A limit on entries per value (1,000 by default) would cut the big value this test reads.
  const { options } = parseServeArgs(['--db', tempDbPath(), '--max-value-entries', String(ENTRIES), '--ui-port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--zipkin-port', '0'], {
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
 * Reads `path` while asking GET /api/services again and again. The server makes a whole answer before its headers
 * go out, so the answers to /api/services that arrive before those headers were given while the read was being
 * made: none when the read holds the event loop. Also the loop's longest block, for the record.
 */
async function readBeside(path: string): Promise<{ status: number; bytes: number; answeredMeanwhile: number; longestBlockMs: number; readMs: number }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  let making = true;
  const read = get(path).then(async (res) => {
    making = false;
    return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
  });
  let answeredMeanwhile = 0;
  while (making) {
    const res = await get('/services');
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    if (making) answeredMeanwhile++;
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
    // Made on the event loop, the answer was one block, and nothing else was answered meanwhile.
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(3);
  }, 30_000);

  it('keeps the whole value (a limit on entries would make this test read a small one)', async () => {
    const res = await get(`/traces/${bigValueTrace}/spans/${bigValueSpan}`);
    const doc = (await res.json()) as { attributes: { big: string[] } };
    expect(doc.attributes.big).toHaveLength(ENTRIES);
  }, 30_000);

  it("closing a source closes the read threads' connections to its file", async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const file = readFileSync(join(__dirname, '..', 'fixtures', 'archives', 'same-trace.otlp.json'));
    const source = (await (await fetch(`${core.urls.api}/sources?name=same-trace.json`, { method: 'POST', body: file, headers: auth })).json()) as SourceInfo;
    expect((await get(`/traces/5b8aa5a2d2c872e8321cf37308d69df2?source=${source.id}`)).status).toBe(200);
    const sourceFilesOpen = () =>
      readdirSync('/proc/self/fd')
        .map((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`);
          } catch {
            return '';
          }
        })
        .filter((path) => path.includes('spanscope-source-'));
    expect(sourceFilesOpen().length).toBeGreaterThan(0);
    expect((await fetch(`${core.urls.api}/sources/${source.id}`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect(sourceFilesOpen()).toEqual([]);
  });
});
