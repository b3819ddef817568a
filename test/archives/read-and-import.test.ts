import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { exportFileName, exportTraces } from '../../src-main/archives/export-traces';
import { ImportError, importArchive } from '../../src-main/archives/import-archive';
import type { Span } from '../../src-main/model/span';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { loadTraceSpans } from '../../src-main/query/trace-query';
import type { Store } from '../../src-main/store/store';
import { memoryStore } from '../helpers/memory-store';
import { hexId, resource, richSpan, span } from '../helpers/spans';

const zipkinFixture = readFileSync(new URL('../fixtures/zipkin-lens/smartthings-mobile-web-install.json', import.meta.url));
const jaegerFixture = readFileSync(new URL('../fixtures/archives/same-trace.jaeger.json', import.meta.url));

/** The file as a stream of small chunks, so every reader crosses chunk boundaries. */
async function* chunked(bytes: Uint8Array, size = 1000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function traceOf(n: number, spanCount = 3): Span[] {
  const traceId = hexId(16);
  const root = hexId(8);
  return Array.from({ length: spanCount }, (_, i) =>
    span({ traceId, spanId: i === 0 ? root : hexId(8), parentSpanId: i === 0 ? '' : root, name: `op ${n}.${i}`, resource: resource(`svc-${n % 3}`) }),
  );
}

const jsonLine = (spans: Span[]) => JSON.stringify(encodeTraceRequestJson(spans));
function lengthPrefixed(messages: Uint8Array[]): Buffer {
  return Buffer.concat(messages.flatMap((m) => [Buffer.from([m.length >>> 24, (m.length >>> 16) & 255, (m.length >>> 8) & 255, m.length & 255]), Buffer.from(m)]));
}

async function imported(store: Store, bytes: Uint8Array, name = 'archive') {
  return importArchive(store, chunked(bytes), { name });
}

async function failure(store: Store, bytes: Uint8Array, name = 'archive'): Promise<ImportError> {
  const error = await imported(store, bytes, name).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('importing archives', () => {
  it('reads OTLP JSON Lines a line at a time', async () => {
    const store = await memoryStore();
    const traces = [traceOf(1), traceOf(2), traceOf(3)];
    const result = await imported(store, Buffer.from(`${traces.map(jsonLine).join('\n')}\n\n`));
    expect(result).toMatchObject({ format: 'otlp-json-lines', gzip: false, spans: 9 });
    expect(result.traces.sort()).toEqual(traces.map((t) => t[0].traceId).sort());
    await store.close();
  });

  it('reads JSON Lines whose first line is past a megabyte as documents one after another, waiting for no more than that', async () => {
    const store = await memoryStore();
    const long = traceOf(1, 6_000);
    const traces = [long, traceOf(2), traceOf(3)];
    const text = Buffer.from(traces.map(jsonLine).join('\n'));
    expect(text.indexOf('\n')).toBeGreaterThan(1024 * 1024);
    const result = await imported(store, text);
    expect(result).toMatchObject({ format: 'otlp-json', spans: 6_006 });
    for (const trace of traces) expect(loadTraceSpans(store.reader, trace[0].traceId)).toHaveLength(trace.length);
    await store.close();
  });

  it('stops at a broken line, naming it and saying the lines before it were imported', async () => {
    const store = await memoryStore();
    const lines = [jsonLine(traceOf(1)), jsonLine(traceOf(2)), '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": 7}]}]}]}', jsonLine(traceOf(4))];
    const error = await failure(store, Buffer.from(lines.join('\n')), 'session.jsonl');
    expect(error.message).toBe(
      'session.jsonl, read as otlp-json-lines: line 3: resourceSpans[0].scopeSpans[0].spans[0].traceId: expected a string, got number 7; the 6 spans before that point (2 traces) were imported',
    );
    expect(error.result.spans).toBe(6);
    await store.close();
  });

  it('says where the JSON of a line breaks', async () => {
    const store = await memoryStore();
    const error = await failure(store, Buffer.from(`${jsonLine(traceOf(1))}\n{"resourceSpans": [}\n`), 'x.jsonl');
    expect(error.message).toMatch(/^x\.jsonl, read as otlp-json-lines: line 2: not valid JSON at column 20: unexpected "}"/);
    await store.close();
  });

  it('reads the collector file exporter\'s length-prefixed protobuf, and names the message where it is truncated', async () => {
    const store = await memoryStore();
    const messages = [traceOf(1), traceOf(2), traceOf(3)].map((t) => encodeTraceRequestProtobuf(t));
    expect(await imported(store, lengthPrefixed(messages))).toMatchObject({ format: 'otlp-protobuf-stream', spans: 9 });
    const cut = lengthPrefixed([encodeTraceRequestProtobuf(traceOf(4)), encodeTraceRequestProtobuf(traceOf(5))]);
    const error = await failure(store, cut.subarray(0, cut.length - 5), 'collector.pb');
    expect(error.message).toMatch(/^collector\.pb, read as otlp-protobuf-stream: message 2 \(byte \d+\): the file ends 5 bytes early \(truncated\?\); the 3 spans before that point \(1 trace\) were imported$/);
    await store.close();
  });

  it('reads a large single protobuf request in pieces of a few MB', async () => {
    const store = await memoryStore();
    const spans = Array.from({ length: 100 }, (_, i) => traceOf(i, 400)).flat(); // 40,000 spans, ~6 MB
    const body = encodeTraceRequestProtobuf(spans.map((s, i) => ({ ...s, resource: resource(`svc-${i % 50}`) })));
    expect(body.length).toBeGreaterThan(4 * 1024 * 1024);
    const result = await imported(store, body);
    expect(result).toMatchObject({ format: 'otlp-protobuf', spans: 40_000 });
    expect(result.traces).toHaveLength(100);
    await store.close();
  });

  it('opens gzip, whatever the name says, and reads Zipkin and Jaeger documents', async () => {
    const store = await memoryStore();
    expect(await imported(store, gzipSync(zipkinFixture), 'trace.json')).toMatchObject({ format: 'zipkin-json', gzip: true, spans: 957, traces: ['000000000000000014b60fd9ae504820'] });
    expect(await imported(store, jaegerFixture, 'trace.zip')).toMatchObject({ format: 'jaeger-json', spans: 2 });
    await store.close();
  });

  it('imports nothing from a document that breaks halfway, and says so', async () => {
    const store = await memoryStore();
    const text = zipkinFixture.toString('utf8');
    const broken = text.replace(/"duration": \d+/, '"duration": "long"');
    expect(broken).not.toBe(text);
    const error = await failure(store, Buffer.from(broken), 'smartthings.json');
    expect(error.message).toBe('smartthings.json, read as zipkin-json: [1].duration: expected microseconds as a non-negative integer, got string "long"; nothing was imported');
    const truncated = await failure(store, jaegerFixture.subarray(0, 500), 'jaeger.json');
    expect(truncated.message).toMatch(/^jaeger\.json, read as jaeger-json: not valid JSON at line \d+, column \d+: the text ends in the middle of a value .*; nothing was imported$/);
    expect(loadTraceSpans(store.reader, '000000000000000014b60fd9ae504820')).toBeUndefined();
    await store.close();
  });

  it('refuses a file that is no trace file, and damaged gzip', async () => {
    const store = await memoryStore();
    expect((await failure(store, Buffer.from('PK\u0003\u0004 zip'), 'photos.zip')).message).toBe(
      'photos.zip: not a trace or logs file: it starts with the bytes 50 4b 03 04 20 7a 69 70, which begin none of OTLP JSON or protobuf (traces or logs), Jaeger JSON or Zipkin JSON; nothing was imported',
    );
    const gz = gzipSync(zipkinFixture);
    expect((await failure(store, gz.subarray(0, 2000), 'cut.json.gz')).message).toMatch(/^cut\.json\.gz: not valid gzip: unexpected end of file; nothing was imported$/);
    await store.close();
  });

  it('stops when cancelled, saying what was imported', async () => {
    const store = await memoryStore();
    const controller = new AbortController();
    const file = Buffer.from(Array.from({ length: 40 }, (_, i) => jsonLine(traceOf(i, 1000))).join('\n')); // 40,000 spans
    async function* cancelledHalfway() {
      for await (const chunk of chunked(file, 64 * 1024)) {
        yield chunk;
        if (chunk.byteOffset > file.length * 0.8) controller.abort(); // the user presses Cancel after the first 4 MB piece
      }
    }
    const result = importArchive(store, cancelledHalfway(), { name: 'big.jsonl', signal: controller.signal });
    const error = (await result.catch((e: unknown) => e)) as ImportError;
    expect(error.message).toMatch(/^big\.jsonl, read as otlp-json-lines: cancelled; the [\d,]+ spans before that point \(\d+ traces?\) were imported$/);
    expect(error.result.spans).toBeGreaterThan(0);
    expect(error.result.spans).toBeLessThan(40_000);
    await store.close();
  });

  it('round-trips OTLP JSON losslessly: import, export, import gives the same spans field by field', async () => {
    const [first, second] = [await memoryStore(), await memoryStore()];
    const traceId = hexId(16);
    const root = richSpan(traceId, hexId(8));
    const spans = [root, { ...richSpan(traceId, hexId(8), root.spanId), startTimeUnixNano: root.startTimeUnixNano + 1n }];
    await imported(first, Buffer.from(jsonLine(spans)));
    const exported = exportTraces(first.reader, [traceId], 'otlp-json');
    expect(exported.notes).toEqual([]);
    await imported(second, Buffer.from(exported.text));
    expect(loadTraceSpans(second.reader, traceId)).toEqual(spans);
    expect(loadTraceSpans(second.reader, traceId)).toEqual(loadTraceSpans(first.reader, traceId));
    await Promise.all([first.close(), second.close()]);
  });
});

describe('export file names', () => {
  it('are made of the trace ids and the format only, so a save never lands outside the chosen folder', () => {
    expect(exportFileName(['ab'.repeat(16)], 'jaeger-json')).toBe(`trace-${'ab'.repeat(16)}.jaeger.json`);
    expect(exportFileName(['a', 'b', 'c'], 'otlp-json')).toBe('traces-3.otlp.json');
    expect(exportFileName(['../../etc/passwd'], 'zipkin-json')).toBe('trace-ecad.zipkin.json');
  });
});
