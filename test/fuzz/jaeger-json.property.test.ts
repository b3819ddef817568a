import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJaegerJson, decodeJaegerJsonText } from '../../src-main/formats/jaeger-decode';
import { encodeJaegerJson } from '../../src-main/formats/jaeger-encode';
import { JaegerJsonReader, jaegerJsonPieces } from '../../src-main/archives/jaeger-json-pieces';
import { DecodeError } from '../../src-main/otlp/decode-result';
import { newAttributes, SPAN_KINDS, type AnyValue, type Span } from '../../src-main/model/span';
import { jaegerJsonTexts } from './decode-seeds';
import { decodeOrRefuse, runs } from './fuzz-run';
import { mutatedJson, mutatedText } from './mutations';
import { attributeKey, attributesOf, doubleWithoutNegativeZero, hexId, int64, spansIn, text, uint32 } from './span-arbitraries';
import { expectValidSpans } from './span-invariants';

/** A refusal names the line and column of broken JSON, or the path of the wrong value (process ids may hold any text). */
const WHERE = /^(not valid JSON at line \d+, column \d+: |(\$|data\b|\[\d+\]).*: )/s;

function checkDecode(input: unknown, decode: () => Span[]): void {
  const spans = decodeOrRefuse(input, decode, WHERE);
  if (spans) expectValidSpans(spans, { endNotBeforeStart: true });
}

/** Tags Jaeger's mapping turns into span fields, and the keys the decoder fills itself. */
const RESERVED_KEYS = ['span.kind', 'otel.status_code', 'otel.status_description', 'error', 'otel.scope.name', 'otel.scope.version', 'otel.library.name', 'otel.library.version', 'w3c.tracestate', 'jaeger.warnings', 'service.name', 'event'];

/** Jaeger's typed values: string, bool, int64, float64, binary. */
const jaegerValue: fc.Arbitrary<AnyValue> = fc.oneof(text, fc.boolean(), int64, doubleWithoutNegativeZero, fc.uint8Array({ maxLength: 6 }));
const jaegerTags = attributesOf(jaegerValue, attributeKey.filter((k) => !RESERVED_KEYS.includes(k)));
/** Jaeger's time unit, written as a JSON number: exact below 2^53. */
const micros = fc.bigInt(0n, 2n ** 52n);

/** Spans Jaeger can hold: typed tags, µs times, logs, references (links follow-from), a named process, a scope without attributes. */
const jaegerSpans: fc.Arbitrary<Span[]> = spansIn(
  fc.record({ service: text.filter((s) => s !== ''), tags: jaegerTags }).map(({ service, tags }) => ({
    attributes: Object.assign(newAttributes(), { 'service.name': service }, tags),
    droppedAttributesCount: 0,
    schemaUrl: '',
  })),
  fc.record({ name: text, version: text, attributes: fc.constant(null).map(newAttributes), droppedAttributesCount: fc.constant(0), schemaUrl: fc.constant('') }),
  fc
    .record({
      traceId: hexId(16),
      spanId: hexId(8),
      parentSpanId: fc.option(hexId(8), { nil: '' }),
      traceState: text,
      flags: uint32,
      name: text,
      kind: fc.constantFrom(...SPAN_KINDS),
      startUs: micros,
      durationUs: micros,
      attributes: jaegerTags,
      events: fc.array(fc.record({ us: micros, name: text, attributes: jaegerTags }), { maxLength: 2 }),
      links: fc.array(fc.record({ traceId: hexId(16), spanId: hexId(8) }), { maxLength: 2 }),
      status: fc.oneof(
        fc.constant({ code: 'UNSET' as const, message: '' }),
        fc.constant({ code: 'OK' as const, message: '' }),
        fc.record({ code: fc.constant('ERROR' as const), message: text }),
      ),
    })
    // Without a parent, a reference into the span's own trace would be read as its parent: links go elsewhere.
    .filter(({ traceId, parentSpanId, links }) => parentSpanId !== '' || links.every((l) => l.traceId !== traceId))
    .map(({ startUs, durationUs, events, links, ...fields }) => ({
      ...fields,
      startTimeUnixNano: startUs * 1000n,
      endTimeUnixNano: (startUs + durationUs) * 1000n,
      droppedAttributesCount: 0,
      events: events.map(({ us, name, attributes }) => ({ timeUnixNano: us * 1000n, name, attributes, droppedAttributesCount: 0 })),
      droppedEventsCount: 0,
      links: links.map((l) => ({ ...l, traceState: '', flags: 0, attributes: Object.assign(newAttributes(), { 'opentracing.ref_type': 'follows_from' }), droppedAttributesCount: 0 })),
      droppedLinksCount: 0,
    })),
);

/** The encoder writes one trace after another: the spans in that order. */
function byTrace(spans: Span[]): Span[] {
  return [...new Set(spans.map((s) => s.traceId))].flatMap((traceId) => spans.filter((s) => s.traceId === traceId));
}

const documents = jaegerJsonTexts.map((t) => JSON.parse(t) as unknown);

describe('Jaeger JSON decoder, property-based', () => {
  it('decodes or refuses damaged real traces as text', () => {
    fc.assert(fc.property(mutatedText(jaegerJsonTexts), (t) => checkDecode(t, () => decodeJaegerJsonText(t))), runs(1000));
  });

  it('decodes or refuses random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (doc) => checkDecode(doc, () => decodeJaegerJson(doc))), runs(500));
  });

  it('decodes or refuses real traces with values of the wrong type, huge, deeply nested, repeated or missing', () => {
    fc.assert(fc.property(mutatedJson(documents), (doc) => checkDecode(doc, () => decodeJaegerJson(doc))), runs(1500));
  });

  it('decodes what the encoder wrote to the same spans', () => {
    fc.assert(
      fc.property(jaegerSpans, (spans) => {
        expect(decodeJaegerJsonText(encodeJaegerJson(spans).text)).toEqual(byTrace(spans));
      }),
      runs(500),
    );
  });
});

describe('Jaeger JSON regressions found while fuzzing', () => {
  const trace = (span: Record<string, unknown>) => ({
    traceID: 'ab',
    processes: { p: { serviceName: 's' } },
    spans: [{ traceID: 'ab', spanID: 'cd', processID: 'p', startTime: 1, duration: 1, ...span }],
  });

  it('reads a span.kind named like an Object property as unspecified (it became a function)', () => {
    for (const kind of ['constructor', '__proto__', 'toString']) {
      expect(decodeJaegerJson(trace({ tags: [{ key: 'span.kind', type: 'string', value: kind }] }))[0].kind).toBe('UNSPECIFIED');
    }
  });

  it('refuses an int64 tag given as a number past the 64-bit range', () => {
    expect(() => decodeJaegerJson(trace({ tags: [{ key: 'n', type: 'int64', value: 1e300 }] }))).toThrow('spans[0].tags[0].value: expected a int64 value');
  });

  it('refuses a time past the year 2262', () => {
    expect(() => decodeJaegerJson(trace({ startTime: '9999999999999999999' }))).toThrow('$.spans[0].startTime: 9999999999999999999 microseconds is past the year 2262');
  });

  it('reads a CHILD_OF reference to span zero as no parent', () => {
    expect(decodeJaegerJson(trace({ references: [{ refType: 'CHILD_OF', traceID: 'ab', spanID: '0' }] }))[0].parentSpanId).toBe('');
  });
});

describe('Jaeger JSON read a piece at a time', () => {
  /** Pieces give the whole decoder's spans; where it refuses the text, they refuse it too, naming where. */
  function checkPieces(t: string): void {
    let whole: Span[] | Error;
    let inPieces: Span[] | Error;
    try {
      whole = decodeJaegerJsonText(t);
    } catch (error) {
      whole = error as Error;
    }
    try {
      inPieces = [...jaegerJsonPieces(t)].flatMap((p) => p.spans);
    } catch (error) {
      inPieces = error as Error;
    }
    if (whole instanceof Error) {
      expect(inPieces).toBeInstanceOf(DecodeError);
      expect((inPieces as Error).message).toMatch(WHERE);
    } else expect(inPieces).toEqual(whole);
    // The bytes arriving a few at a time (cut inside keys, strings, escapes and numbers) read the same.
    for (const size of t.length < 20_000 ? [1, 7] : []) expect(arrivingInPieces(t, size)).toEqual(inPieces instanceof Error ? inPieces.message : inPieces);
  }

  function arrivingInPieces(t: string, size: number): Span[] | string {
    const bytes = Buffer.from(t);
    const reader = new JaegerJsonReader();
    for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
    try {
      return [...reader.spanPieces()].flatMap((p) => p.spans);
    } catch (error) {
      return (error as Error).message;
    }
  }

  it('agrees with the whole decoder on damaged real traces', () => {
    fc.assert(fc.property(mutatedText(jaegerJsonTexts), checkPieces), runs(1000));
  });

  it('agrees with the whole decoder on real traces with values of the wrong type, and on random JSON', () => {
    const written = (doc: unknown) => {
      try {
        return JSON.stringify(doc) ?? '';
      } catch {
        return ''; // nested past the stack's depth: no text to read
      }
    };
    fc.assert(fc.property(mutatedJson(documents), (doc) => checkPieces(written(doc))), runs(1000));
    fc.assert(fc.property(fc.jsonValue(), (doc) => checkPieces(JSON.stringify(doc, null, 1) ?? '')), runs(500));
  });

  it('agrees with the whole decoder on what the encoder wrote', () => {
    fc.assert(fc.property(jaegerSpans, (spans) => checkPieces(encodeJaegerJson(spans).text)), runs(300));
  });
});
