/**
 * Issue 13, defect 2: distinct span names, attribute keys and resources were kept forever, so a sender could grow
 * the server until it died (a 384 MB heap aborted after 20 requests of 19 MB). Now every cache has a byte budget.
 * Here `serve` runs with a 64 MB heap and takes 20 requests of 3.4 MB, each with a new 3 MB span name, a new
 * 256 KB attribute key and a new resource: what they would have kept is 65 MB of text on the main thread alone,
 * and as much on the writer thread.
 * It must answer every one, keep answering the API, and its resident memory must come back under a bound.
 */
import { readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { attrs, hexId, resource, span } from '../helpers/spans';

const REQUESTS = 20;
const HEAP_MB = 64;
/** Resident memory it must come back under: the heap limit, SQLite's page caches and the code, with room. */
const RSS_BOUND_MB = 300;

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** One request encoded, then made new for each send: its name, key and resource start with the request's number. */
function hugeRequests(): (i: number) => Buffer {
  const mark = (field: string) => `<${field}>`;
  const template = encodeTraceRequestProtobuf([
    span({
      traceId: hexId(16),
      spanId: hexId(8),
      name: mark('name') + 'n'.repeat(3 << 20),
      attributes: attrs({ [mark('key') + 'k'.repeat(256 << 10)]: 'v' }),
      resource: resource('big-names', { 'host.id': mark('host') + 'h'.repeat(60_000) }),
    }),
  ]);
  return (i) => {
    const body = Buffer.from(template);
    for (const field of ['name', 'key', 'host']) body.write(String(i).padStart(mark(field).length, '0'), template.indexOf(mark(field)));
    return body;
  };
}

let serve: ServeProcess | undefined;
afterAll(async () => {
  await serve?.stop();
});

it('keeps its caches within their budgets: survives a 64 MB heap and gives the memory back', { timeout: 120_000 }, async () => {
  serve = await startServe([], undefined, { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` });
  const pid = serve.child.pid!;
  const startRss = rssMb(pid);
  const hugeRequest = hugeRequests();
  let peak = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const status = await postOtlp(serve.urls.otlpHttp, hugeRequest(i)).then(
      (res) => res.status,
      (error: Error) => `${error.message} (exit code ${serve!.child.exitCode}): ${serve!.stderr().slice(-300)}`,
    );
    expect(status, `request ${i}`).toBe(200);
    expect((await serve.api<{ services: string[] }>('/services')).body.services).toContain('big-names');
    // A search by service and operation finds its operations in SQLite: no stored name is read into memory.
    expect((await serve.api<{ traces: unknown[] }>('/traces?service=big-names&operation=none')).body.traces).toEqual([]);
    peak = Math.max(peak, rssMb(pid));
  }
  expect(serve.child.exitCode).toBeNull();

  // Back under the bound once the requests are gone: poll, as a collection may be due first.
  let rss = rssMb(pid);
  for (let polls = 0; rss > RSS_BOUND_MB && polls < 100; polls++) {
    await serve.api('/services');
    await new Promise((resolve) => setTimeout(resolve, 100));
    rss = rssMb(pid);
  }
  console.log(`serve resident memory: ${Math.round(startRss)} MB at start, peak ${Math.round(peak)} MB while sending, ${Math.round(rss)} MB after`);
  expect(rss).toBeLessThan(RSS_BOUND_MB);
});
