/**
 * One way a stored span becomes JSON: the trace and span documents are written from the stored rows
 * (query/trace-json.ts); on real traces they must say what the spans that were stored say (test/helpers/api-span.ts),
 * and the compact waterfall must agree with them row for row.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeJaegerJsonText } from '../../src-main/formats/jaeger-decode';
import { decodeZipkinJsonText } from '../../src-main/formats/zipkin-decode';
import type { ApiSpan, ApiWaterfall } from '../../src-main/model/api';
import type { Span } from '../../src-main/model/span';
import { decodeTraceRequestJsonText } from '../../src-main/otlp/decode-json';
import { getSpanJson, getTraceJson, getWaterfallJson, loadTraceSpans } from '../../src-main/query/trace-query';
import { waterfallSpans } from '../../src-renderer/lib/trace/waterfall-spans';
import { bySpanId, expectedApiSpan, expectedWaterfallRows } from '../helpers/api-span';
import { memoryStore } from '../helpers/memory-store';

const text = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const FIXTURES: [string, () => Span[]][] = [
  ['OTLP/JSON, opentelemetry-proto example', () => decodeTraceRequestJsonText(text('../fixtures/otlp/opentelemetry-proto-example-trace.json')).spans],
  ['OTLP/JSON, every field', () => decodeTraceRequestJsonText(text('../fixtures/archives/same-trace.otlp.json')).spans],
  ['Jaeger JSON', () => decodeJaegerJsonText(text('../fixtures/archives/same-trace.jaeger.json'))],
  ...['yelp.json', 'messaging-kafka.json', 'skew.json', 'smartthings-oauth-authorization.json'].map(
    (name): [string, () => Span[]] => [`Zipkin, zipkin-lens ${name}`, () => decodeZipkinJsonText(text(`../fixtures/zipkin-lens/${name}`))],
  ),
];

describe('the trace and span documents', () => {
  it.each(FIXTURES)('%s: say what the stored spans say', async (_, spansOf) => {
    const store = await memoryStore();
    const spans = spansOf();
    await store.write(spans);
    const traceIds = [...new Set(spans.map((s) => s.traceId))];
    for (const traceId of traceIds) {
      const stored = loadTraceSpans(store.reader, traceId)!;
      const expected = stored.map(expectedApiSpan);
      const doc = JSON.parse(getTraceJson(store.reader, traceId)!.toString()) as { traceId: string; spans: ApiSpan[] };
      expect(doc).toEqual({ traceId, spans: expected });
      for (const span of expected) expect(JSON.parse(getSpanJson(store.reader, traceId, span.spanId)!.toString())).toEqual(span);

      const waterfall = JSON.parse(getWaterfallJson(store.reader, traceId)!.toString()) as ApiWaterfall;
      expect(waterfallSpans(waterfall).sort(bySpanId)).toEqual(expectedWaterfallRows(expected, waterfall.startTimeUnixNano));
    }
    expect(traceIds.length).toBeGreaterThan(0);
    await store.close();
  });
});
