import { describe, expect, it } from 'vitest';
import { decodeTraceRequestProtobuf } from '../../src-main/otlp/decode-protobuf';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { loadTraceSpans } from '../../src-main/query/trace-query';
import { packSpans } from '../../src-main/store/encoded-batch';
import { KeyDictionary } from '../../src-main/store/key-dictionary';
import { packOtlpProtobuf } from '../../src-main/store/pack-otlp-protobuf';
import { memoryStore } from '../helpers/memory-store';
import { attrs, hexId, resource, richSpan, span } from '../helpers/spans';

describe('packing OTLP protobuf straight into store rows', () => {
  it('gives the same batch, byte for byte, as decoding to spans and packing those', () => {
    const traceId = hexId(16);
    const spans = [richSpan(traceId, hexId(8)), richSpan(traceId, hexId(8), hexId(8)), span({ traceId: hexId(16), spanId: hexId(8) })];
    const body = encodeTraceRequestProtobuf(spans);
    const fast = packOtlpProtobuf(body, new KeyDictionary());
    const slow = packSpans(decodeTraceRequestProtobuf(body).spans, new KeyDictionary()).batch;
    expect(fast.rejectedSpans).toBe(0);
    expect(fast.batch).toEqual(slow);
  });

  it('applies the attribute limits as packing spans does: the same batch, byte for byte', () => {
    const limits = { maxAttributes: 4, maxValueBytes: 32, maxValueEntries: 1000, maxSpansPerTrace: 100 };
    const many = attrs({ a: 'x'.repeat(40), b: ['y'.repeat(40), 1n], c: 3n, d: 4n, e: 5n, f: 6n });
    const traceId = hexId(16);
    const spans = [
      { ...richSpan(traceId, hexId(8)), attributes: many, events: [{ name: 'e', timeUnixNano: 1n, attributes: many, droppedAttributesCount: 1 }] },
      span({ traceId, spanId: hexId(8), kind: 'CLIENT', attributes: attrs({ 'db.system': 'postgresql', 'db.name': 'n'.repeat(50) }), resource: resource('svc', many) }),
    ];
    const body = encodeTraceRequestProtobuf(spans);
    const fast = packOtlpProtobuf(body, new KeyDictionary(), limits);
    const slow = packSpans(decodeTraceRequestProtobuf(body).spans, new KeyDictionary(), limits).batch;
    expect(fast.batch).toEqual(slow);
    expect(fast.batch).not.toEqual(packOtlpProtobuf(body, new KeyDictionary()).batch);
  });

  it('stores at most the attribute limit, counting the dropped ones, with long values cut and marked', async () => {
    const store = await memoryStore(100, { maxAttributes: 2, maxValueBytes: 64, maxValueEntries: 1000, maxSpansPerTrace: 100 });
    const traceId = hexId(16);
    const sent = span({ traceId, spanId: hexId(8), attributes: attrs({ stack: 's'.repeat(1000), b: 2n, c: 3n }), droppedAttributesCount: 1, resource: resource('svc', { a: 1n, b: 2n }) });
    await store.writeOtlpProtobuf(encodeTraceRequestProtobuf([sent])).committed;
    const [stored] = loadTraceSpans(store.reader, traceId)!;
    expect(Object.keys(stored.attributes)).toEqual(['stack', 'b']);
    expect(stored.attributes.stack).toMatch(/^s+…\[truncated from 1000 bytes\]$/);
    expect(stored.droppedAttributesCount).toBe(2);
    expect(Object.keys(stored.resource.attributes)).toEqual(['service.name', 'a']);
    expect(stored.resource.droppedAttributesCount).toBe(1);
    await store.close();
  });

  it('rejects the same spans for the same reasons as the decoder', () => {
    const body = encodeTraceRequestProtobuf([span({ traceId: hexId(16), spanId: hexId(8) }), span({ traceId: 'abcd', spanId: hexId(8), name: 'bad' }), span({ traceId: hexId(16), spanId: '00'.repeat(8), name: 'zero' })]);
    const fast = packOtlpProtobuf(body, new KeyDictionary());
    const decoded = decodeTraceRequestProtobuf(body);
    expect(fast.batch.spanCount).toBe(1);
    expect(fast.rejectedSpans).toBe(decoded.rejectedSpans);
    expect(fast.rejectionReasons).toEqual(decoded.rejectionReasons);
  });

  it('refuses a truncated request naming the byte', () => {
    const body = encodeTraceRequestProtobuf([richSpan(hexId(16), hexId(8))]);
    expect(() => packOtlpProtobuf(body.subarray(0, body.length - 3), new KeyDictionary())).toThrow(/not a valid OTLP protobuf request: truncated/);
  });

  it('stores what it packed, every field intact', async () => {
    const store = await memoryStore();
    const traceId = hexId(16);
    const spans = [richSpan(traceId, hexId(8)), { ...richSpan(traceId, hexId(8), hexId(8)), startTimeUnixNano: 1_700_000_000_000_000_001n }];
    const { committed } = store.writeOtlpProtobuf(encodeTraceRequestProtobuf(spans));
    await committed;
    expect(loadTraceSpans(store.reader, traceId)).toEqual(spans);
    await store.close();
  });
});
