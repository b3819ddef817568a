import { describe, expect, it } from 'vitest';
import { decodeTraceRequestProtobuf } from '../../src-main/otlp/decode-protobuf';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { loadTraceSpans } from '../../src-main/query/trace-query';
import { packSpans } from '../../src-main/store/encoded-batch';
import { KeyDictionary } from '../../src-main/store/key-dictionary';
import { packOtlpProtobuf } from '../../src-main/store/pack-otlp-protobuf';
import { memoryStore } from '../helpers/memory-store';
import { hexId, richSpan, span } from '../helpers/spans';

describe('packing OTLP protobuf straight into store rows', () => {
  it('gives the same batch, byte for byte, as decoding to spans and packing those', () => {
    const traceId = hexId(16);
    const spans = [richSpan(traceId, hexId(8)), richSpan(traceId, hexId(8), hexId(8)), span({ traceId: hexId(16), spanId: hexId(8) })];
    const body = encodeTraceRequestProtobuf(spans);
    const fast = packOtlpProtobuf(body, new KeyDictionary());
    const slow = packSpans(decodeTraceRequestProtobuf(body).spans, new KeyDictionary());
    expect(fast.rejectedSpans).toBe(0);
    expect(fast.batch).toEqual(slow);
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
