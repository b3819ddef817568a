import { describe, expect, it } from 'vitest';
import { jaegerJsonPieces } from '../../src-main/archives/jaeger-json-pieces';
import { FIRST_GROUP_BYTES, GROUP_BYTES } from '../../src-main/archives/otlp-json-cutter';
import { ImportError, importArchive } from '../../src-main/archives/import-archive';
import { decodeJaegerJsonText } from '../../src-main/formats/jaeger-decode';
import { encodeJaegerJson } from '../../src-main/formats/jaeger-encode';
import type { Span } from '../../src-main/model/span';
import { memoryStore } from '../helpers/memory-store';
import { hexId, richSpan } from '../helpers/spans';

/** One trace of `count` spans under one root, as Jaeger writes it: the processes after the spans. */
function bigTraceText(count: number): string {
  const traceId = hexId(16);
  const root = richSpan(traceId, hexId(8));
  const spans: Span[] = [root];
  for (let i = 1; i < count; i++) spans.push(richSpan(traceId, hexId(8), root.spanId));
  return encodeJaegerJson(spans).text;
}

async function* bytes(text: string) {
  yield Buffer.from(text);
}

describe('a Jaeger JSON document read a piece at a time', () => {
  const text = bigTraceText(6_000);

  it('hands out its spans in pieces of about a megabyte (the first a small one, to show sooner), the same spans as the whole decoder', () => {
    expect(text.indexOf('"processes"')).toBeGreaterThan(text.lastIndexOf('"spanID"')); // the case that needs the whole text
    const pieces = [...jaegerJsonPieces(text)];
    expect(pieces[0].at).toBe(`data[0].spans[0–${pieces[0].spans.length - 1}]`);
    expect(pieces[1].at).toBe(`data[0].spans[${pieces[0].spans.length}–${pieces[0].spans.length + pieces[1].spans.length - 1}]`);
    expect(pieces[0].spans.length).toBeLessThanOrEqual(Math.ceil((pieces[1].spans.length * FIRST_GROUP_BYTES) / GROUP_BYTES));
    expect(pieces.length).toBeGreaterThanOrEqual(Math.floor(text.length / GROUP_BYTES));
    expect(pieces.length).toBeLessThanOrEqual(Math.ceil(text.length / GROUP_BYTES) + 2);
    expect(pieces.flatMap((p) => p.spans)).toEqual(decodeJaegerJsonText(text));
  });

  it('names the path of a bad span far into the trace, and stores the pieces before it', async () => {
    const doc = JSON.parse(text) as { data: [{ spans: { processID: string }[] }] };
    doc.data[0].spans[5_000].processID = 'nobody';
    const store = await memoryStore();
    try {
      const error = await importArchive(store, bytes(JSON.stringify(doc)), { name: 'trace.json' }).catch((e: unknown) => e as ImportError);
      expect(error).toBeInstanceOf(ImportError);
      const { message, result } = error as ImportError;
      expect(message).toMatch(/^trace\.json, read as jaeger-json: data\[0\]\.spans\[5000\]\.processID: "nobody" is not among the trace's processes; the [\d,]+ spans before that point \(1 trace\) were imported$/);
      expect(result.spans).toBeGreaterThan(1_000);
      expect(result.spans).toBeLessThanOrEqual(5_000);
      expect(store.reader.traceById(result.traces[0])?.spanCount).toBe(result.spans);
    } finally {
      await store.close();
    }
  });

  it('says where broken text is in the file, as the whole decoder does', () => {
    const broken = text.replace('"operationName"', '"operationName" ::');
    const message = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(message(() => [...jaegerJsonPieces(broken)])).toBe(message(() => decodeJaegerJsonText(broken)));
    expect(message(() => [...jaegerJsonPieces(broken)])).toMatch(/^not valid JSON at line 1, column \d+: unexpected ":/);
  });
});
