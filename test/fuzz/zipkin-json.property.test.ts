import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeZipkinJson, decodeZipkinJsonText } from '../../src-main/formats/zipkin-decode';
import { encodeZipkinJson } from '../../src-main/formats/zipkin-encode';
import { newAttributes, type Span } from '../../src-main/model/span';
import { zipkinJsonTexts } from './decode-seeds';
import { decodeOrRefuse, runs } from './fuzz-run';
import { workSinceLastCall } from './work-meter';
import { mutatedJson, mutatedText } from './mutations';
import { attributesOf, hexId, spansIn, text } from './span-arbitraries';
import { expectValidSpans } from './span-invariants';

/** A refusal names the line and column of broken JSON, or the index and field of the wrong span (tag keys may hold any text). */
const WHERE = /^(not valid JSON at line \d+, column \d+: |(\$|\[\d+\]).*: )/s;

function checkDecode(input: unknown, decode: () => Span[]): void {
  const spans = decodeOrRefuse(input, decode, WHERE);
  if (spans) expectValidSpans(spans, { endNotBeforeStart: true });
}

/** Tags Zipkin turns into fields (status, scope, remote endpoint, debug): they do not come back as attributes. */
const FIELD_TAGS = ['error', 'otel.status_code', 'otel.status_description', 'otel.scope.name', 'otel.scope.version', 'otel.library.name', 'otel.library.version', 'peer.service', 'network.peer.address', 'network.peer.port', 'zipkin.debug'];

const nonEmptyText = text.filter((s) => s !== '');
const port = fc.bigInt(1n, 65535n);
/** Zipkin's time unit, written as a JSON number: exact below 2^53. */
const micros = fc.bigInt(0n, 2n ** 52n);

/** Optional attributes under fixed keys, as an endpoint's fields become them. */
function endpointAttributes(keys: [string, string, string], service: fc.Arbitrary<string>) {
  return fc.record({ service, address: fc.option(nonEmptyText), port: fc.option(port) }).map(({ service, address, port }) => {
    const attributes = newAttributes();
    if (service) attributes[keys[0]] = service;
    if (address !== null) attributes[keys[1]] = address;
    if (port !== null) attributes[keys[2]] = port;
    return attributes;
  });
}

/** Spans Zipkin v2 can hold: string tags, µs times with a duration, text annotations, a named local endpoint, no links. */
const zipkinSpans: fc.Arbitrary<Span[]> = spansIn(
  fc.record({ attributes: endpointAttributes(['service.name', 'network.local.address', 'network.local.port'], nonEmptyText), droppedAttributesCount: fc.constant(0), schemaUrl: fc.constant('') }),
  fc.record({ name: text, version: text, attributes: fc.constant(null).map(newAttributes), droppedAttributesCount: fc.constant(0), schemaUrl: fc.constant('') }),
  fc
    .record({
      traceId: hexId(16),
      spanId: hexId(8),
      parentSpanId: fc.option(hexId(8), { nil: '' }),
      name: text,
      kind: fc.constantFrom('INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER' as const),
      startUs: micros,
      durationUs: fc.bigInt(1n, 2n ** 52n),
      tags: attributesOf(text, text.filter((k) => !FIELD_TAGS.includes(k))),
      remote: endpointAttributes(['peer.service', 'network.peer.address', 'network.peer.port'], fc.oneof(fc.constant(''), nonEmptyText)),
      events: fc.array(fc.record({ us: micros, name: text }), { maxLength: 2 }),
      status: fc.oneof(
        fc.constant({ code: 'UNSET' as const, message: '' }),
        fc.constant({ code: 'OK' as const, message: '' }),
        fc.record({ code: fc.constant('ERROR' as const), message: text.filter((m) => m !== 'true') }),
      ),
    })
    .map(({ startUs, durationUs, tags, remote, events, ...fields }) => ({
      ...fields,
      traceState: '',
      flags: 0,
      startTimeUnixNano: startUs * 1000n,
      endTimeUnixNano: (startUs + durationUs) * 1000n,
      attributes: Object.assign(tags, remote),
      droppedAttributesCount: 0,
      events: events.map(({ us, name }) => ({ timeUnixNano: us * 1000n, name, attributes: newAttributes(), droppedAttributesCount: 0 })),
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
    })),
);

const documents = zipkinJsonTexts.map((t) => JSON.parse(t) as unknown);

describe('Zipkin v2 JSON decoder, property-based', () => {
  it('decodes or refuses damaged real traces as text', () => {
    fc.assert(fc.property(mutatedText(zipkinJsonTexts), (t) => checkDecode(t, () => decodeZipkinJsonText(t))), runs(1000));
  });

  it('decodes or refuses random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (doc) => checkDecode(doc, () => decodeZipkinJson(doc))), runs(500));
  });

  it('decodes or refuses real traces with values of the wrong type, huge, deeply nested, repeated or missing', () => {
    fc.assert(fc.property(mutatedJson(documents), (doc) => checkDecode(doc, () => decodeZipkinJson(doc))), runs(1500));
  });

  it('ends no span before it starts, whichever of timestamp, duration and annotations it has', () => {
    const optionalMicros = fc.option(micros, { nil: undefined }).map((us) => (us === undefined ? undefined : Number(us)));
    const span = fc.record({ timestamp: optionalMicros, duration: optionalMicros, annotations: fc.array(fc.record({ timestamp: micros.map(Number), value: text }), { maxLength: 3 }) });
    fc.assert(
      fc.property(span, (times) => {
        const [decoded] = decodeZipkinJson([{ traceId: 'ab', id: 'cd', ...times }]);
        expectValidSpans([decoded], { endNotBeforeStart: true });
      }),
      runs(300),
    );
  });

  it('decodes what the encoder wrote to the same spans', () => {
    fc.assert(
      fc.property(zipkinSpans, (spans) => {
        expect(decodeZipkinJsonText(encodeZipkinJson(spans).text)).toEqual(spans);
      }),
      runs(500),
    );
  });
});

describe('Zipkin v2 JSON regressions found while fuzzing', () => {
  const span = (fields: Record<string, unknown>) => ({ traceId: 'ab', id: 'cd', ...fields });

  it('refuses a time past the year 2262, when nanoseconds would no longer fit 64 bits', () => {
    expect(() => decodeZipkinJson([span({ timestamp: '9223372036854775808' })])).toThrow('[0].timestamp: 9223372036854775808 microseconds is past the year 2262');
    const [latest] = decodeZipkinJson([span({ timestamp: '9223372036854775', duration: '9223372036854775' })]);
    expect(latest.endTimeUnixNano).toBe(18446744073709550000n);
  });

  it('reads a parent id of zeros as no parent', () => {
    expect(decodeZipkinJson([span({ parentId: '0000000000000000' })])[0].parentSpanId).toBe('');
  });

  it('ends a span without a duration at its last annotation, or at its start when every annotation is earlier', () => {
    const [spanWithEarlyAnnotation] = decodeZipkinJson([span({ timestamp: 1, annotations: [{ timestamp: 0, value: '' }] })]);
    expect(spanWithEarlyAnnotation.endTimeUnixNano).toBe(spanWithEarlyAnnotation.startTimeUnixNano);
  });

  it('decodes spans sharing one id, and their children, in linear work (the merge was quadratic: 8 s for 10,000)', () => {
    const sharing = (n: number) => [
      ...Array.from({ length: n }, (_, i) => span({ kind: i === 0 ? 'CLIENT' : 'SERVER', localEndpoint: { serviceName: `s${i}` } })),
      ...Array.from({ length: n }, (_, i) => span({ id: (i + 1000).toString(16), parentId: 'cd', localEndpoint: { serviceName: `s${i}` } })),
    ];
    const [small, large] = [sharing(2_500), sharing(5_000)];
    workSinceLastCall();
    decodeZipkinJson(small);
    const smallWork = workSinceLastCall();
    const spans = decodeZipkinJson(large);
    const largeWork = workSinceLastCall();
    expect(largeWork / smallWork).toBeLessThan(2.5); // twice the spans: twice the work (quadratic: four times)
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(10_000);
    expect(spans[5_001].parentSpanId).toBe(spans[1].spanId); // a child hangs under the server half of its own service
  });

  it('merges a fragment of 150,000 annotations without overflowing the stack', () => {
    const annotations = Array.from({ length: 150_000 }, (_, i) => ({ timestamp: i, value: 'a' }));
    const [merged] = decodeZipkinJson([span({ kind: 'CLIENT' }), span({ annotations })]);
    expect(merged.events).toHaveLength(150_000);
  });
});
