import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src-main/otlp/decode-result';
import { decodeTraceRequestProtobuf } from '../../src-main/otlp/decode-protobuf';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { hexId, richSpan, span } from '../helpers/spans';

describe('OTLP protobuf decoder', () => {
  it('decodes every field of what the encoder wrote, value kinds kept apart', () => {
    const spans = [richSpan(hexId(16), hexId(8)), richSpan(hexId(16), hexId(8), hexId(8))];
    const decoded = decodeTraceRequestProtobuf(encodeTraceRequestProtobuf(spans));
    expect(decoded.rejectedSpans).toBe(0);
    expect(decoded.spans).toEqual(spans);
    const attrs = decoded.spans[0].attributes;
    expect(typeof attrs.int).toBe('bigint');
    expect(attrs.int).toBe(9007199254740993n);
    expect(attrs.negative).toBe(-42n);
    expect(typeof attrs.double).toBe('number');
    expect(attrs.bytes).toBeInstanceOf(Uint8Array);
    expect(Object.getPrototypeOf(attrs)).toBeNull();
    expect(Object.keys(attrs)).toContain('__proto__');
  });

  it('shares one resource object among the spans of one ResourceSpans', () => {
    const a = richSpan(hexId(16), hexId(8));
    const b = { ...richSpan(a.traceId, hexId(8)), resource: a.resource, scope: a.scope };
    const decoded = decodeTraceRequestProtobuf(encodeTraceRequestProtobuf([a, b]));
    expect(decoded.spans[0].resource).toBe(decoded.spans[1].resource);
  });

  it('rejects spans with ids of the wrong length and keeps the others', () => {
    const good = span({ traceId: hexId(16), spanId: hexId(8) });
    const shortTrace = span({ traceId: 'abcd', spanId: hexId(8), name: 'short' });
    const zeroSpan = span({ traceId: hexId(16), spanId: '0'.repeat(16), name: 'zero' });
    const decoded = decodeTraceRequestProtobuf(encodeTraceRequestProtobuf([good, shortTrace, zeroSpan]));
    expect(decoded.spans.map((s) => s.spanId)).toEqual([good.spanId]);
    expect(decoded.rejectedSpans).toBe(2);
    expect(decoded.rejectionReasons.join(' ')).toMatch(/trace id "abcd" is 2 bytes, expected 16/);
    expect(decoded.rejectionReasons.join(' ')).toMatch(/span id is all zeros/);
  });

  it('names the byte where a truncated request breaks', () => {
    const body = encodeTraceRequestProtobuf([richSpan(hexId(16), hexId(8))]);
    expect(() => decodeTraceRequestProtobuf(body.subarray(0, body.length - 7))).toThrow(DecodeError);
    expect(() => decodeTraceRequestProtobuf(body.subarray(0, body.length - 7))).toThrow(/truncated: \d+ bytes needed at byte \d+/);
  });

  it('refuses garbage with a sentence, not a crash', () => {
    expect(() => decodeTraceRequestProtobuf(Buffer.from('this is not protobuf at all'))).toThrow(/not a valid OTLP protobuf request/);
    expect(() => decodeTraceRequestProtobuf(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toThrow(DecodeError);
  });

  it('refuses values nested past the depth limit instead of overflowing the stack', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 200; i++) value = [value];
    const deep = span({ traceId: hexId(16), spanId: hexId(8), attributes: Object.assign(Object.create(null), { deep: value }) });
    expect(() => decodeTraceRequestProtobuf(encodeTraceRequestProtobuf([deep]))).toThrow(/nested deeper than 64 levels/);
  });
});
