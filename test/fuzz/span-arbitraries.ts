/** Arbitrary valid model spans (and the pieces the per-format arbitraries restrict) for the round-trip properties. */
import fc from 'fast-check';
import { newAttributes, SPAN_KINDS, STATUS_CODES, type AnyValue, type Attributes, type Resource, type Scope, type Span } from '../../src-main/model/span';

/** Lowercase hex of `bytes` bytes, not all zeros (OTLP's invalid id). */
export const hexId = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).filter((b) => b.some((x) => x !== 0)).map((b) => Buffer.from(b).toString('hex'));

/** Any text UTF-8 can carry (no lone surrogates), short. */
export const text = fc.string({ unit: 'binary', maxLength: 12 });
export const uint32 = fc.nat({ max: 0xffffffff });
export const uint64 = fc.bigInt(0n, 2n ** 64n - 1n);
export const int64 = fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n);
/** Keys that once broke object-as-map code, among any text. */
export const attributeKey = fc.oneof(text, fc.constantFrom('__proto__', 'constructor', 'toString', 'service.name', ''));

/** Key-value pairs with distinct keys in a null-prototype object, as the decoders build them. */
export function attributesOf(value: fc.Arbitrary<AnyValue>, key: fc.Arbitrary<string> = attributeKey, maxLength = 4): fc.Arbitrary<Attributes> {
  return fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength }).map((entries) => {
    const attributes = newAttributes();
    for (const [k, v] of entries) attributes[k] = v;
    return attributes;
  });
}

/** Every AnyValue kind, nested up to a few levels; `double` chooses which numbers (JSON cannot tell -0 from 0). */
export function anyValue(double: fc.Arbitrary<number> = fc.double()): fc.Arbitrary<AnyValue> {
  return fc.letrec<{ value: AnyValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      fc.boolean(),
      int64,
      double,
      fc.uint8Array({ maxLength: 6 }),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      attributesOf(tie('value'), attributeKey, 3),
    ),
  })).value;
}

export const doubleWithoutNegativeZero = fc.double().map((d) => (Object.is(d, -0) ? 0 : d));

type SpanFields = Omit<Span, 'resource' | 'scope'>;

/** Spans of a few resources and scopes, in the order the encoders group them (resource, then scope). */
export function spansIn(resource: fc.Arbitrary<Resource>, scope: fc.Arbitrary<Scope>, span: fc.Arbitrary<SpanFields>): fc.Arbitrary<Span[]> {
  const group = fc.record({ resource, scopes: fc.array(fc.record({ scope, spans: fc.array(span, { maxLength: 3 }) }), { maxLength: 2 }) });
  return fc.array(group, { maxLength: 2 }).map((groups) =>
    groups.flatMap(({ resource, scopes }) => scopes.flatMap(({ scope, spans }) => spans.map((fields): Span => ({ ...fields, resource, scope })))),
  );
}

/** Any span OTLP can hold: every field, every value kind, any 64-bit times. */
export function otlpSpans(double: fc.Arbitrary<number> = fc.double()): fc.Arbitrary<Span[]> {
  const otlpAttributes = attributesOf(anyValue(double));
  return spansIn(
    fc.record({ attributes: otlpAttributes, droppedAttributesCount: uint32, schemaUrl: text }),
    fc.record({ name: text, version: text, attributes: otlpAttributes, droppedAttributesCount: uint32, schemaUrl: text }),
    fc.record({
      traceId: hexId(16),
      spanId: hexId(8),
      parentSpanId: fc.option(hexId(8), { nil: '' }),
      traceState: text,
      flags: uint32,
      name: text,
      kind: fc.constantFrom(...SPAN_KINDS),
      startTimeUnixNano: uint64,
      endTimeUnixNano: uint64,
      attributes: otlpAttributes,
      droppedAttributesCount: uint32,
      events: fc.array(fc.record({ timeUnixNano: uint64, name: text, attributes: otlpAttributes, droppedAttributesCount: uint32 }), { maxLength: 2 }),
      droppedEventsCount: uint32,
      links: fc.array(fc.record({ traceId: hexId(16), spanId: hexId(8), traceState: text, flags: uint32, attributes: otlpAttributes, droppedAttributesCount: uint32 }), { maxLength: 2 }),
      droppedLinksCount: uint32,
      status: fc.record({ code: fc.constantFrom(...STATUS_CODES), message: text }),
    }),
  );
}
