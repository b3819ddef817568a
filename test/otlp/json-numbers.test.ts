import { describe, expect, it } from 'vitest';
import { decodeTraceRequestJsonText } from '../../src-main/otlp/decode-json';
import { exactInteger } from '../../src-main/otlp/json-fields';
import { parseJsonExactNumbers } from '../../src-main/otlp/parse-json';

const SPAN = 'resourceSpans[0].scopeSpans[0].spans[0]';

/** A request text with one span whose fields are the given JSON text. */
function request(spanFields: string): string {
  return `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${'ab'.repeat(16)}","spanId":"${'cd'.repeat(8)}"${spanFields}}]}]}]}`;
}

const decode = (spanFields: string) => decodeTraceRequestJsonText(request(spanFields)).spans[0];

describe('OTLP/JSON numbers are exact', () => {
  it('keeps times given as JSON numbers past 2^53 exactly', () => {
    const span = decode(',"startTimeUnixNano":1700000000000000001,"endTimeUnixNano":18446744073709551615');
    expect(span.startTimeUnixNano).toBe(1700000000000000001n);
    expect(span.endTimeUnixNano).toBe(18446744073709551615n);
  });

  it('keeps intValue given as a JSON number past 2^53 exactly, at both ends of int64', () => {
    const span = decode(',"attributes":[{"key":"max","value":{"intValue":9223372036854775807}},{"key":"min","value":{"intValue":-9223372036854775808}}]');
    expect(span.attributes.max).toBe(9223372036854775807n);
    expect(span.attributes.min).toBe(-9223372036854775808n);
  });

  it('reads an exponent or a fraction of zeros that spell a whole number exactly', () => {
    expect(decode(',"startTimeUnixNano":1.700000000000000001e18').startTimeUnixNano).toBe(1700000000000000001n);
    expect(decode(',"startTimeUnixNano":"17000000000000000010e-1"').startTimeUnixNano).toBe(1700000000000000001n);
    expect(decode(',"startTimeUnixNano":1700000000000000001.000').startTimeUnixNano).toBe(1700000000000000001n);
  });

  it('refuses a time that is no whole number, naming the JSON path', () => {
    expect(() => decode(',"startTimeUnixNano":1700000000000000000.5')).toThrow(`${SPAN}.startTimeUnixNano: 1700000000000000000.5 is not a whole number`);
    expect(() => decode(',"endTimeUnixNano":1.5')).toThrow(`${SPAN}.endTimeUnixNano: 1.5 is not a whole number`);
    expect(() => decode(',"startTimeUnixNano":1.7000000000000000015e18')).toThrow(`${SPAN}.startTimeUnixNano: 1.7000000000000000015e18 is not a whole number`);
  });

  it('refuses numbers past the 64-bit ranges, naming the JSON path', () => {
    expect(() => decode(',"startTimeUnixNano":18446744073709551616')).toThrow(`${SPAN}.startTimeUnixNano: expected an unsigned 64-bit integer (a decimal string), got string "18446744073709551616"`);
    expect(() => decode(',"attributes":[{"key":"n","value":{"intValue":9223372036854775808}}]')).toThrow(`${SPAN}.attributes[0].value.intValue: expected a 64-bit integer (a decimal string), got string "9223372036854775808"`);
    expect(() => decode(',"startTimeUnixNano":1e400')).toThrow(`${SPAN}.startTimeUnixNano: expected an unsigned 64-bit integer (a decimal string), got string "1e400"`);
  });

  it('reads counts, flags and enums written with an exponent as JSON.parse did', () => {
    const span = decode(',"startTimeUnixNano":1.7e18,"droppedAttributesCount":1e2,"flags":2.56E2,"kind":2e0');
    expect([span.startTimeUnixNano, span.droppedAttributesCount, span.flags, span.kind]).toEqual([1700000000000000000n, 100, 256, 'SERVER']);
  });

  it('keeps doubles as JSON.parse reads them', () => {
    const span = decode(',"attributes":[{"key":"d","value":{"doubleValue":1.2345678901234567e-300}},{"key":"e","value":{"doubleValue":12345678901234567890}}]');
    expect(span.attributes.d).toBe(1.2345678901234567e-300);
    expect(span.attributes.e).toBe(12345678901234567890);
  });
});

describe('OTLP/JSON bytes and ids are valid or refused', () => {
  it('refuses an invalid base64 bytesValue naming the JSON path, instead of storing empty bytes', () => {
    expect(() => decode(',"attributes":[{"key":"b","value":{"bytesValue":"not base64!"}}]')).toThrow(`${SPAN}.attributes[0].value.bytesValue: expected a base64 string, got string "not base64!"`);
    expect(() => decode(',"attributes":[{"key":"b","value":{"bytesValue":"AAAAA"}}]')).toThrow(`${SPAN}.attributes[0].value.bytesValue: expected a base64 string, got string "AAAAA"`);
  });

  it('reads standard and URL-safe base64, padded or not', () => {
    const span = decode(',"attributes":[{"key":"a","value":{"bytesValue":"AAH+/w=="}},{"key":"b","value":{"bytesValue":"AAH-_w"}}]');
    expect(span.attributes.a).toEqual(new Uint8Array([0, 1, 254, 255]));
    expect(span.attributes.b).toEqual(new Uint8Array([0, 1, 254, 255]));
  });

  it('refuses an invalid hex id naming the JSON path', () => {
    expect(() => decodeTraceRequestJsonText(request(',"parentSpanId":"xyz"'))).toThrow(`${SPAN}.parentSpanId: "xyz" is not a hex id`);
    expect(() => decodeTraceRequestJsonText(request(',"links":[{"traceId":"0g","spanId":"aa"}]'))).toThrow(`${SPAN}.links[0].traceId: "0g" is not a hex id`);
  });
});

describe('exact numbers, the pieces', () => {
  it('spells integers exactly from decimal text', () => {
    expect(exactInteger('12345678901234567890123')).toBe(12345678901234567890123n);
    expect(exactInteger('-1.5e1')).toBe(-15n);
    expect(exactInteger('0.000e5')).toBe(0n);
    expect(exactInteger('1.25')).toBeNull();
    expect(exactInteger('0x10')).toBeUndefined();
  });

  it('turns only the numbers a double cannot hold into strings, never text inside strings', () => {
    expect(parseJsonExactNumbers('{"a":12345678901234567,"b":"12345678901234567","c":[1.5,2e3,-3],"d":"\\"9e9"}')).toEqual({ a: '12345678901234567', b: '12345678901234567', c: [1.5, '2e3', -3], d: '"9e9' });
  });

  it('says where broken text broke, as parseJson does', () => {
    expect(() => parseJsonExactNumbers('{"a":12345678901234567,}')).toThrow(/^not valid JSON at line 1, column 24/);
  });
});
