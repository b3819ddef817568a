/**
 * A single OTLP/JSON document is read in pieces: groups of spans of about 1 MiB are parsed at once, never the
 * document, and what is stored is what parsing it whole gives (members after the spans included).
 */
import { describe, expect, it } from 'vitest';
import { importArchive } from '../../src-main/archives/import-archive';
import { FIRST_GROUP_BYTES, GROUP_BYTES, MAX_HELD_BYTES, OtlpJsonCutter, type RecordGroup } from '../../src-main/archives/otlp-json-cutter';
import type { Span } from '../../src-main/model/span';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { loadTraceSpans } from '../../src-main/query/trace-query';
import { memoryStore } from '../helpers/memory-store';
import { hexId, resource, span } from '../helpers/spans';

/** A request as protojson writes it: `schemaUrl` after the spans, on both levels. */
function protojsonOrder(spans: Span[], schema: string): Record<string, unknown> {
  const doc = encodeTraceRequestJson(spans) as { resourceSpans: { resource: unknown; scopeSpans: { scope: unknown; spans: unknown[] }[] }[] };
  return {
    resourceSpans: doc.resourceSpans.map((rs, i) => ({
      resource: rs.resource,
      scopeSpans: rs.scopeSpans.map((ss, j) => ({ scope: ss.scope, spans: ss.spans, schemaUrl: `${schema}/scope/${i}.${j}` })),
      schemaUrl: `${schema}/resource/${i}`,
    })),
  };
}

function spansOf(traces: number, perTrace: number, services = 3): Span[] {
  const resources = Array.from({ length: services }, (_, i) => resource(`svc-${i}`));
  return Array.from({ length: traces }, (_, t) => {
    const traceId = hexId(16);
    return Array.from({ length: perTrace }, () => span({ traceId, spanId: hexId(8), resource: resources[t % services] }));
  }).flat();
}

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function cutAll(text: Buffer, size: number): RecordGroup[] {
  const cutter = new OtlpJsonCutter();
  const groups: RecordGroup[] = [];
  for (let i = 0; i < text.length; i += size) groups.push(...cutter.push(text.subarray(i, i + size)));
  return [...groups, ...cutter.end()];
}

describe('an OTLP/JSON document read in pieces', () => {
  it('stores what reading it whole stores, members after the spans included, across any chunk boundaries', async () => {
    const spans = spansOf(6, 5);
    const doc = protojsonOrder(spans, 'https://schemas.example');
    const [whole, cut, byteByByte] = [await memoryStore(), await memoryStore(), await memoryStore()];
    const oneLine = Buffer.from(`${JSON.stringify(doc)}\n`); // JSON Lines: parsed whole
    const pretty = Buffer.from(JSON.stringify(doc, null, 2)); // a document: cut
    expect((await importArchive(whole, pieces(oneLine, 1000), { name: 'a' })).format).toBe('otlp-json-lines');
    expect(await importArchive(cut, pieces(pretty, 1000), { name: 'b' })).toMatchObject({ format: 'otlp-json', spans: 30 });
    expect(await importArchive(byteByByte, pieces(pretty, 1), { name: 'c' })).toMatchObject({ format: 'otlp-json', spans: 30 });
    for (const traceId of new Set(spans.map((s) => s.traceId))) {
      const expected = loadTraceSpans(whole.reader, traceId);
      expect(expected?.[0].resource.schemaUrl).toMatch(/^https:\/\/schemas\.example\/resource\/\d+$/);
      expect(expected?.[0].scope.schemaUrl).toMatch(/^https:\/\/schemas\.example\/scope\/\d+\.0$/);
      expect(loadTraceSpans(cut.reader, traceId)).toEqual(expected);
      expect(loadTraceSpans(byteByByte.reader, traceId)).toEqual(expected);
    }
    await Promise.all([whole.close(), cut.close(), byteByByte.close()]);
  });

  it('parses about 1 MiB of spans at once (the first group 64 KiB) and holds at most 16 MiB, whatever the size of the document', () => {
    const spanIds = Array.from({ length: 200_000 }, (_, i) => (i + 1).toString(16).padStart(16, '0'));
    const spanText = (spanId: string) => `{"traceId":"${'ab'.repeat(16)}","spanId":"${spanId}","name":"op","kind":1,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000001000000"}`;
    // One resource and scope around 200,000 spans (~36 MB), schemaUrl last as protojson writes it.
    const text = Buffer.from(`{"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"scope":{"name":"s"},"spans":[${spanIds.map(spanText).join(',')}]}],"schemaUrl":"r"}]}`);
    expect(text.length).toBeGreaterThan(2 * MAX_HELD_BYTES);
    const groups = cutAll(text, 64 * 1024);
    expect(groups.flatMap((g) => g.records.map((s) => JSON.parse(s.text.toString()).spanId))).toEqual(spanIds);
    const sizes = groups.map((g) => g.records.reduce((n, s) => n + s.text.length, 0));
    expect(Math.max(...sizes)).toBeLessThan(GROUP_BYTES + 200);
    // The first group small, so the first spans are stored (and shown) before a megabyte is parsed.
    expect(sizes[0]).toBeGreaterThanOrEqual(FIRST_GROUP_BYTES);
    expect(sizes[0]).toBeLessThan(FIRST_GROUP_BYTES + 200);
    expect(sizes[1]).toBeGreaterThanOrEqual(GROUP_BYTES);
    // Handed out before the resource closed (memory bounded), so without its schemaUrl; the last ones with it.
    expect(groups[0]).toMatchObject({ early: true, resource: [{ key: 'resource' }] });
    expect(groups.at(-1)).toMatchObject({ early: false, resource: [{ key: 'resource' }, { key: 'schemaUrl' }] });
  });

  it('stores a document of many small ResourceSpans (a span each) in a few commits, not one a ResourceSpans', async () => {
    // One trace of 3,000 spans, each in a ResourceSpans of its own: committed one group at a time, the service map
    // read the growing trace back 3,000 times (11 s for 6,000 spans).
    const traceId = hexId(16);
    const spans = Array.from({ length: 3_000 }, (_, i) => span({ traceId, spanId: hexId(8), resource: resource(`svc-${i}`) }));
    const text = Buffer.from(JSON.stringify(encodeTraceRequestJson(spans)));
    expect(cutAll(text, 64 * 1024)).toHaveLength(3_000);
    const store = await memoryStore();
    let commits = 0;
    const result = await importArchive(store, pieces(text, 64 * 1024), { name: 'many.json', onProgress: () => commits++ });
    expect(result.spans).toBe(3_000);
    expect(commits).toBeLessThanOrEqual(Math.ceil(text.length / GROUP_BYTES) + 1);
    expect(loadTraceSpans(store.reader, traceId)).toHaveLength(3_000);
    await store.close();
  });

  it('names the file\'s line and column, or the document\'s path, where it breaks; the spans before it are stored', async () => {
    const spans = spansOf(3, 2);
    const pretty = JSON.stringify(protojsonOrder(spans, 's'), null, 2);
    const store = await memoryStore();
    const broken = pretty.replace(`"spanId": "${spans[3].spanId}"`, `"spanId": "${spans[3].spanId}",,`);
    const syntax = await importArchive(store, pieces(Buffer.from(broken), 100), { name: 'doc.json' }).catch((e: Error) => e.message);
    const line = broken.split('\n').findIndex((l) => l.includes(`${spans[3].spanId}",,`)) + 1;
    expect(syntax).toMatch(new RegExp(`^doc\\.json, read as otlp-json: not valid JSON at line ${line}, column \\d+: unexpected ",,`));
    const wrongField = pretty.replace(`"spanId": "${spans[5].spanId}"`, '"spanId": 7');
    const field = await importArchive(store, pieces(Buffer.from(wrongField), 100), { name: 'doc.json' }).catch((e: Error) => e.message);
    expect(field).toMatch(/^doc\.json, read as otlp-json: resourceSpans\[2\]\.scopeSpans\[0\]\.spans\[1\]\.spanId: expected a string, got number 7; the 4 spans before that point \(2 traces\) were imported$/);
    expect(await importArchive(store, pieces(Buffer.from(pretty.slice(0, -40)), 100), { name: 'cut.json' }).catch((e: Error) => e.message)).toMatch(
      /^cut\.json, read as otlp-json: not valid JSON at line \d+, column \d+: the text ends in the middle of a value \(truncated\?\)/,
    );
    await store.close();
  });

  it('cuts log records as it cuts spans, each group saying its signal, in a document that holds both lists', () => {
    const text = Buffer.from(
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"a":1}]}]}],"resourceLogs":[{"resource":{},"scopeLogs":[{"scope":{},"logRecords":[{"b":1},{"b":2}]}]},{"scope_logs":[{"log_records":[{"c":[3]}],"schemaUrl":"s"}]}]}',
    );
    for (const size of [1, 7, text.length]) {
      const groups = cutAll(text, size);
      expect(groups.map((g) => [g.signal, g.resourceIndex, g.scopeIndex, g.firstRecord, g.records.map((r) => r.text.toString())])).toEqual([
        ['traces', 0, 0, 0, ['{"a":1}']],
        ['logs', 0, 0, 0, ['{"b":1}', '{"b":2}']],
        ['logs', 1, 0, 0, ['{"c":[3]}']],
      ]);
      expect(groups[1].resource.map((m) => m.key)).toEqual(['resource']);
      expect(groups[2].scope.map((m) => m.key)).toEqual(['schemaUrl']);
    }
  });
});
