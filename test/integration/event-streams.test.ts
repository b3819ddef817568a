/**
 * `/api/events` under clients that stop reading: each stream may leave a bounded amount unsent and is dropped
 * past it, so serve's memory does not grow with them; streams are capped, and a reading client gets its events.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../src-main/model/api';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { memoryMb } from '../helpers/proc-memory';
import { startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';
import { hexId, span } from '../helpers/spans';

const STALLED = 20;
const MAX_CLIENTS = STALLED + 2;
/** Each summary carries its root span's name: 8 KB names make the event stream heavy at a modest ingest. */
const NAME_BYTES = 8 * 1024;
const TRACES_PER_REQUEST = 100;
/** 50 × 100 traces × 8 KB: about 40 MB of events per client, past what the kernel's socket buffers absorb. */
const REQUESTS = 50;

let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe(['--max-event-clients', String(MAX_CLIENTS)]);
});
afterAll(async () => {
  await serve.stop();
});

/** An event stream on a raw socket that is never read. */
function stalledStream(): Promise<Socket> {
  const ui = new URL(serve.urls.api);
  return new Promise((resolve) => {
    const socket = connect(Number(ui.port), ui.hostname, () => {
      socket.write(`GET /api/events HTTP/1.1\r\nHost: ${ui.host}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
      socket.pause();
      resolve(socket);
    });
  });
}

function openEvents(api = serve.urls.api, signal?: AbortSignal): Promise<Response> {
  return fetch(`${api}/events`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal });
}

describe('/api/events', () => {
  it('drops streams that stop reading, keeps memory bounded, and a reading client still gets its events', { timeout: 60_000 }, async () => {
    const pid = serve.child.pid!;
    const stopReading = new AbortController();
    const live = await openEvents(serve.urls.api, stopReading.signal);
    const stalled = await Promise.all(Array.from({ length: STALLED }, stalledStream));
    const closed = stalled.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
    const seen = new Set<string>();
    const reading = (async () => {
      const decoder = new TextDecoder();
      let text = '';
      const reader = live.body!.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        text += decoder.decode(read.value, { stream: true });
        const blocks = text.split('\n\n');
        text = blocks.pop()!;
        for (const block of blocks) if (block.startsWith('event: trace\n')) seen.add((JSON.parse(block.slice(block.indexOf('data: ') + 6)) as TraceSummary).traceId);
      }
    })().catch(() => {});

    const baseline = memoryMb(pid, 'VmRSS');
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryMb(pid, 'VmRSS'))), 50);
    const traceIds: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const spans = Array.from({ length: TRACES_PER_REQUEST }, (_, t) => span({ traceId: hexId(16), spanId: hexId(8), name: `${t}`.padEnd(NAME_BYTES, 'n') }));
      traceIds.push(...spans.map((s) => s.traceId));
      expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans))).status).toBe(200);
    }
    // The reading client gets the last trace's event; the stalled ones, once read, end: the server dropped them.
    const last = traceIds[traceIds.length - 1];
    while (!seen.has(last)) await new Promise((resolve) => setTimeout(resolve, 50));
    clearInterval(sampler);
    for (const socket of stalled) socket.resume();
    await Promise.all(closed);
    console.log(`event streams: serve resident ${baseline} MB before, peak ${peak} MB while ${STALLED} streams stalled; the reading client saw ${seen.size} of ${traceIds.length} traces`);
    // Unbounded, each stalled stream held about 30 MB past its socket buffers: 600 MB for twenty.
    expect(peak - baseline).toBeLessThan(150);
    stopReading.abort();
    await reading;
  });

  it('refuses streams past --max-event-clients with 503, Retry-After and a sentence', async () => {
    const small = await startServe(['--max-event-clients', '3']);
    const close = new AbortController();
    const open = await Promise.all(Array.from({ length: 3 }, () => openEvents(small.urls.api, close.signal)));
    expect(open.map((res) => res.status)).toEqual([200, 200, 200]);
    const refused = await openEvents(small.urls.api);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toEqual({ error: '3 event streams are open, the most this server keeps (--max-event-clients); close another Spanscope tab or retry later' });
    close.abort();
    // The places are free again once the server has seen the streams close.
    let again = await openEvents(small.urls.api);
    while (again.status === 503) again = await openEvents(small.urls.api);
    expect(again.status).toBe(200);
    await small.stop();
  });
});
