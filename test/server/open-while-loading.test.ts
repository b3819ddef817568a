/**
 * A file being opened can be looked at while it loads: its source is announced at once (with the client's upload
 * token), its traces answer as they are stored, and a file that breaks midway is announced closed.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sources } from '../../src-main/archives/sources';
import type { SourceInfo, TraceSummary } from '../../src-main/model/api';
import type { Store } from '../../src-main/store/store';
import { memoryStore } from '../helpers/memory-store';
import { listenApi } from '../helpers/api-listener';
import { startUpload, streamMessage } from '../helpers/slow-upload';
import { hexId } from '../helpers/spans';

const TOKEN = 'open-while-loading';
let live: Store;
let sources: Sources;
let server: Server;
let base: string;

beforeAll(async () => {
  live = await memoryStore();
  sources = new Sources(live, undefined, 4);
  ({ server, base } = await listenApi(sources, TOKEN, { maxEventClients: 4 }));
});
afterAll(async () => {
  server.close();
  await sources.closeAll();
  await live.close();
});

const auth = { Authorization: `Bearer ${TOKEN}` };
const getJson = async <T>(path: string) => (await (await fetch(`${base}${path}`, { headers: auth })).json()) as T;

/** `source` events as they come, each to `seen` until it returns true; resolves once the stream is connected. */
async function sourceEvents(seen: (info: SourceInfo | { id: string; closed: true }) => boolean): Promise<{ done: Promise<void> }> {
  const stop = new AbortController();
  const res = await fetch(`${base}/api/events`, { headers: auth, signal: stop.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const next = async () => {
    const read = await reader.read();
    if (!read.done) text += decoder.decode(read.value, { stream: true });
    return !read.done;
  };
  while (!text.includes(': connected\n\n')) if (!(await next())) throw new Error('the event stream ended before it connected');
  const done = (async () => {
    try {
      for (;;) {
        const blocks = text.split('\n\n');
        text = blocks.pop()!;
        for (const block of blocks) if (block.startsWith('event: source\n') && seen(JSON.parse(block.slice(block.indexOf('data: ') + 6)))) return;
        if (!(await next())) return;
      }
    } finally {
      stop.abort();
    }
  })();
  return { done };
}

describe('a file opening', () => {
  it('is announced with the upload token at once, and answers the traces stored so far while it loads', async () => {
    const [first, second] = [hexId(16), hexId(16)];
    let id = '';
    const announcedWithSpans = await sourceEvents((info) => !('closed' in info) && info.upload === 'tok-1' && info.spans > 0 && (id = info.id) !== '');
    const { req, answer } = startUpload(`${base}/api`, TOKEN, 'two.pb', 'tok-1');
    req.write(streamMessage(first)); // the rest of the file has not been sent yet
    await announcedWithSpans.done;
    const loading = (await getJson<{ sources: SourceInfo[] }>('/api/sources')).sources.find((s) => s.id === id)!;
    expect(loading).toMatchObject({ state: 'loading', spans: 300, traces: 1, upload: 'tok-1' });
    expect((await getJson<{ traces: TraceSummary[] }>(`/api/traces?source=${id}`)).traces.map((t) => t.traceId)).toEqual([first]);
    expect((await getJson<{ spans: unknown[] }>(`/api/traces/${first}?source=${id}`)).spans).toHaveLength(300);

    const ready = await sourceEvents((info) => !('closed' in info) && info.id === id && info.state === 'ready');
    req.end(streamMessage(second));
    expect((await answer).body).toMatchObject({ id, state: 'ready', spans: 600, traces: 2 });
    await ready.done;
    expect((await getJson<{ traces: TraceSummary[] }>(`/api/traces?source=${id}`)).traces).toHaveLength(2);
  });

  it('that breaks midway is announced closed, and the upload is answered with why', async () => {
    let id = '';
    const announced = await sourceEvents((info) => !('closed' in info) && info.upload === 'tok-2' && info.spans > 0 && (id = info.id) !== '');
    const { req, answer } = startUpload(`${base}/api`, TOKEN, 'broken.pb', 'tok-2');
    req.write(streamMessage(hexId(16)));
    await announced.done;
    const closed = await sourceEvents((info) => 'closed' in info && info.id === id);
    req.end(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
    const { status, body } = await answer;
    expect(status).toBe(400);
    expect(body.error).toMatch(/^broken\.pb, read as otlp-protobuf-stream: message 2 \(byte \d+\): a length of 4294967295 bytes is past/);
    await closed.done;
    expect((await getJson<{ sources: SourceInfo[] }>('/api/sources')).sources.map((s) => s.id)).not.toContain(id);
  });
});
