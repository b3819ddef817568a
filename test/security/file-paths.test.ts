/**
 * No request can make Spanscope read or write a file it names: imports and opened sources read the request
 * body only (their `name` is a label), exports name their file from validated ids only.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportFileName } from '../../src-main/archives/export-traces';
import { Sources } from '../../src-main/archives/sources';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import type { Store } from '../../src-main/store/store';
import { listenApi } from '../helpers/api-listener';
import { memoryStore } from '../helpers/memory-store';
import { hexId, span } from '../helpers/spans';

const TOKEN = 'file-paths-token';
const dir = mkdtempSync(join(tmpdir(), 'spanscope-paths-'));
/** A real archive on disk with five spans: if a name were read as a path, its five spans would show. */
const ON_DISK = join(dir, 'five-spans.otlp.pb');
const TRACE = hexId(16);
let store: Store;
let sources: Sources;
let server: Server;
let base: string;

beforeAll(async () => {
  writeFileSync(ON_DISK, encodeTraceRequestProtobuf(Array.from({ length: 5 }, () => span({ traceId: hexId(16), spanId: hexId(8) }))));
  store = await memoryStore();
  sources = new Sources(store, undefined, 16);
  ({ server, base } = await listenApi(sources, TOKEN, { uiRoot: dir }));
});
afterAll(async () => {
  server.close();
  await sources.closeAll();
  await store.close();
});

const oneSpan = () => new Uint8Array(encodeTraceRequestProtobuf([span({ traceId: TRACE, spanId: hexId(8) })]));
const post = (path: string, body: BodyInit) => fetch(`${base}${path}`, { method: 'POST', body, headers: { Authorization: `Bearer ${TOKEN}` } });
const NAMES = [ON_DISK, `../../../..${ON_DISK}`, 'file:///etc/passwd', '/etc/passwd', '..\\..\\windows\\win.ini'];

describe('POST /api/sources and /api/import', () => {
  it.each(NAMES)('read the body, never the file the name %s points at', async (name) => {
    const opened = await post(`/api/sources?name=${encodeURIComponent(name)}`, oneSpan());
    expect(opened.status).toBe(200);
    const info = (await opened.json()) as { id: string; name: string; spans: number };
    expect(info).toMatchObject({ name, spans: 1 });
    const imported = await post(`/api/import?name=${encodeURIComponent(name)}`, oneSpan());
    expect(((await imported.json()) as { spans: number }).spans).toBe(1);
  });

  it('with an empty body open nothing, whatever the name', async () => {
    const res = await post(`/api/sources?name=${encodeURIComponent(ON_DISK)}`, new Uint8Array(0));
    expect(res.status).toBe(400);
  });

  it('keep an opened source in a temporary folder of its own, not where its name points', async () => {
    const name = join(dir, 'should-not-appear');
    const res = await post(`/api/sources?name=${encodeURIComponent(name)}`, oneSpan());
    expect(res.status).toBe(200);
    expect(existsSync(name)).toBe(false);
    expect(existsSync(`${name}.db`)).toBe(false);
  });
});

describe('export file names', () => {
  it.each(EXPORT_FORMATS)('are made of hex ids and the format only (%s)', (format) => {
    const hostile = ['../../etc/passwd', 'a"; filename=evil.sh', 'x\r\nSet-Cookie: a=b', '..\\..\\x', '/abs/path', 'C:\\x'];
    for (const ids of [[TRACE], hostile.slice(0, 1), hostile]) {
      const name = exportFileName(ids, format);
      expect(name).toMatch(/^traces?-[0-9a-f]*\.(otlp|jaeger|zipkin)\.json$/);
      expect(name).not.toContain('..');
    }
  });

  it('reach the download header only for a validated trace id', async () => {
    const res = await fetch(`${base}/api/traces/${TRACE}/export?format=zipkin-json`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="trace-${TRACE}.zipkin.json"`);
    const bad = await fetch(`${base}/api/traces/..%2F..%2Fetc%2Fpasswd/export`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-disposition')).toBeNull();
  });
});
