import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequestJson, decodeTraceRequestJsonText } from '../../src-main/otlp/decode-json';
import { DecodeError } from '../../src-main/otlp/decode-result';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { parseJson } from '../../src-main/otlp/parse-json';
import { otlpJsonTexts } from './decode-seeds';
import { decodeOrRefuse, runs } from './fuzz-run';
import { mutatedJson, mutatedText } from './mutations';
import { doubleWithoutNegativeZero, otlpSpans } from './span-arbitraries';
import { expectValidResult } from './span-invariants';

/** A refusal says where: the line and column of broken JSON, or the path of the wrong field. */
const WHERE = /^(not valid JSON at line \d+, column \d+: |(\$|resourceSpans)\S*: )/;
const WHERE_IN_TEXT = /^not valid JSON at line (\d+), column (\d+): /;

/** parseJson agrees with JSON.parse, and where JSON.parse refuses, it names a line and column inside the text. */
function checkParse(text: string): void {
  const expected = attempt(() => JSON.parse(text) as unknown);
  const got = attempt(() => parseJson(text));
  if (!('error' in expected)) {
    expect(got).toEqual(expected);
    return;
  }
  if (!('error' in got)) expect.unreachable('parseJson accepted text JSON.parse refuses');
  expect(got.error).toBeInstanceOf(DecodeError);
  const [, line, column] = WHERE_IN_TEXT.exec((got.error as DecodeError).message) ?? [];
  const lines = text.split('\n');
  expect(Number(line)).toBeGreaterThanOrEqual(1);
  expect(Number(line)).toBeLessThanOrEqual(lines.length);
  expect(Number(column)).toBeGreaterThanOrEqual(1);
  expect(Number(column)).toBeLessThanOrEqual(lines[Number(line) - 1].length + 1);
}

function attempt<T>(run: () => T): { value: T } | { error: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

function checkDecodeText(text: string): void {
  const result = decodeOrRefuse(text, () => decodeTraceRequestJsonText(text), WHERE);
  if (result) expectValidResult(result);
}

function checkDecodeDocument(doc: unknown): void {
  const result = decodeOrRefuse(doc, () => decodeTraceRequestJson(doc), WHERE);
  if (result) expectValidResult(result);
}

const documents = otlpJsonTexts.map((text) => JSON.parse(text) as unknown);

describe('OTLP/JSON parser and decoder, property-based', () => {
  it('parses any text as JSON.parse does, or says at which line and column it broke', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.json(), mutatedText(otlpJsonTexts)), checkParse), runs(1500));
  });

  it('decodes or refuses damaged real requests as text', () => {
    fc.assert(fc.property(mutatedText(otlpJsonTexts), checkDecodeText), runs(1000));
  });

  it('decodes or refuses random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), checkDecodeDocument), runs(1000));
  });

  it('decodes or refuses real requests with values of the wrong type, huge, deeply nested, repeated or missing', () => {
    fc.assert(fc.property(mutatedJson(documents), checkDecodeDocument), runs(1500));
  });

  it('decodes what the encoder wrote to the same spans', () => {
    fc.assert(
      fc.property(otlpSpans(doubleWithoutNegativeZero), (spans) => {
        const decoded = decodeTraceRequestJsonText(JSON.stringify(encodeTraceRequestJson(spans)));
        expect(decoded.rejectedSpans).toBe(0);
        expect(decoded.spans).toEqual(spans);
      }),
      runs(400),
    );
  });
});

/** A number as JSON can give it: a number (maybe fractional or huge) or a decimal string (maybe out of range). */
const jsonNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.bigInt(-(2n ** 70n), 2n ** 70n).map(String),
  fc.bigInt(-(2n ** 70n), 2n ** 70n).map(Number),
);

/** The integer the JSON said, or undefined when it said no integer. */
function integerOf(v: number | string): bigint | undefined {
  if (typeof v === 'string') return /^-?\d+$/.test(v) ? BigInt(v) : undefined;
  return Number.isInteger(v) ? BigInt(v) : undefined;
}

function spanWith(fields: Record<string, unknown>) {
  return { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), ...fields }] }] }] };
}

describe('OTLP/JSON numbers, property-based', () => {
  it('keeps a time exactly, or refuses one that is no unsigned 64-bit integer', () => {
    fc.assert(
      fc.property(jsonNumber, (v) => {
        const request = spanWith({ startTimeUnixNano: v });
        const result = decodeOrRefuse(request, () => decodeTraceRequestJson(request), WHERE);
        const n = integerOf(v);
        if (result) expect(result.spans[0].startTimeUnixNano).toBe(n);
        else expect(n === undefined || n < 0n || n >= 2n ** 64n).toBe(true);
      }),
      runs(1000),
    );
  });

  it('keeps an int value exactly, or refuses one that is no signed 64-bit integer', () => {
    fc.assert(
      fc.property(jsonNumber, (v) => {
        const request = spanWith({ attributes: [{ key: 'n', value: { intValue: v } }] });
        const result = decodeOrRefuse(request, () => decodeTraceRequestJson(request), WHERE);
        const n = integerOf(v);
        if (result) expect(result.spans[0].attributes.n).toBe(n);
        else expect(n === undefined || n < -(2n ** 63n) || n >= 2n ** 63n).toBe(true);
      }),
      runs(1000),
    );
  });

  it('keeps a count exactly, or refuses one that is no unsigned 32-bit integer', () => {
    fc.assert(
      fc.property(jsonNumber, (v) => {
        const request = spanWith({ droppedAttributesCount: v, flags: v });
        const result = decodeOrRefuse(request, () => decodeTraceRequestJson(request), WHERE);
        const n = integerOf(v);
        if (result) expect([result.spans[0].droppedAttributesCount, result.spans[0].flags]).toEqual([Number(n), Number(n)]);
        else expect(n === undefined || n < 0n || n > 0xffffffffn).toBe(true);
      }),
      runs(1000),
    );
  });
});

describe('OTLP/JSON regressions found while fuzzing', () => {
  it('reads a key-value without a key as the empty key (it threw a TypeError)', () => {
    const [span] = decodeTraceRequestJson(spanWith({ attributes: [{ value: { stringValue: 'a' } }, { key: null, value: { intValue: '1' } }] })).spans;
    expect({ ...span.attributes }).toEqual({ '': 1n });
  });

  it('names a wrong value nested 20,000 levels deep without overflowing the stack', () => {
    let deepArray: unknown = [];
    let deepObject: unknown = {};
    for (let i = 0; i < 20_000; i++) [deepArray, deepObject] = [[deepArray], { a: deepObject }];
    expect(() => decodeTraceRequestJson({ resourceSpans: deepArray })).toThrow('resourceSpans[0]: expected an object, got an array');
    expect(() => decodeTraceRequestJson({ resourceSpans: deepObject })).toThrow('resourceSpans: expected an array, got object {"a":"{…}"}');
  });

  it('refuses numbers past the 64-bit ranges instead of wrapping them', () => {
    expect(() => decodeTraceRequestJson(spanWith({ startTimeUnixNano: 2 ** 64 }))).toThrow('startTimeUnixNano: expected an unsigned 64-bit integer');
    expect(() => decodeTraceRequestJson(spanWith({ attributes: [{ key: 'n', value: { intValue: -9223372036854778000 } }] }))).toThrow('intValue: expected a 64-bit integer');
    expect(decodeTraceRequestJson(spanWith({ startTimeUnixNano: 2 ** 63 })).spans[0].startTimeUnixNano).toBe(2n ** 63n);
  });
});
