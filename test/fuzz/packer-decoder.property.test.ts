/**
 * The differential test of the two ways a request becomes store rows: the packer (the receivers' hot path)
 * and the decoder followed by packSpans. On the same random messages, malformed ones and fields of the wrong wire
 * type included, they must agree: both refuse, or both store the same spans and refuse the same ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src-main/otlp/decode-result';
import { decodeTraceRequestProtobuf } from '../../src-main/otlp/decode-protobuf';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { packSpans } from '../../src-main/store/encoded-batch';
import { packOtlpProtobuf } from '../../src-main/store/pack-otlp-protobuf';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from '../../src-main/store/span-limits';
import { fieldOfWireType, messagesOf, parseMessage, WIRE_TYPES, writeMessage } from '../helpers/otlp-wire';
import { ReadableKeys, readableBatch } from '../helpers/readable-batch';
import { otlpProtobufBodies } from './decode-seeds';
import { runs } from './fuzz-run';
import { mutatedBytes } from './mutations';
import { protobufShapedBytes } from './protobuf-shapes';
import { otlpSpans } from './span-arbitraries';

const SMALL: SpanLimits = { maxAttributes: 2, maxValueBytes: 24, maxValueEntries: 2, maxSpansPerTrace: 100 };
const limitsArb = fc.constantFrom(DEFAULT_SPAN_LIMITS, SMALL);

function outcome<T>(run: () => T): { value: T } | { refused: true } {
  try {
    return { value: run() };
  } catch (error) {
    if (error instanceof DecodeError) return { refused: true };
    throw error;
  }
}

function expectAgreement(body: Buffer, limits: SpanLimits): void {
  const fastKeys = new ReadableKeys();
  const slowKeys = new ReadableKeys();
  const fast = outcome(() => packOtlpProtobuf(body, fastKeys, limits));
  const slow = outcome(() => {
    const decoded = decodeTraceRequestProtobuf(body);
    const packed = packSpans(decoded.spans, slowKeys, limits);
    return { ...packed, rejectedSpans: decoded.rejectedSpans + packed.rejectedSpans, rejectionReasons: [...decoded.rejectionReasons, ...packed.rejectionReasons] };
  });
  expect('refused' in fast).toBe('refused' in slow);
  if ('value' in fast && 'value' in slow) {
    expect(readableBatch(fast.value.batch, fastKeys)).toEqual(readableBatch(slow.value.batch, slowKeys));
    expect(fast.value.rejectedSpans).toBe(slow.value.rejectedSpans);
    expect(new Set(fast.value.rejectionReasons)).toEqual(new Set(slow.value.rejectionReasons.slice(0, 10)));
  }
}

/** Where to add a field: the n-th message of the request (modulo their count), which field number, which wire type. */
const additions = fc.array(
  fc.record({
    at: fc.nat(),
    number: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 16 }) }, fc.constant(1000)),
    wire: fc.constantFrom(...WIRE_TYPES),
  }),
  { minLength: 1, maxLength: 4 },
);

/** Real requests with fields of any wire type added to any of their messages. */
const requestsWithStrayFields = fc.tuple(otlpSpans(), additions).map(([spans, added]) => {
  const tree = parseMessage(encodeTraceRequestProtobuf(spans));
  const messages = messagesOf(tree);
  for (const { at, number, wire } of added) messages[at % messages.length].fields.push(fieldOfWireType(number, wire));
  return writeMessage(tree);
});

describe('the packer and decode + packSpans agree, property-based', () => {
  it('on real requests with fields of the wrong wire type anywhere', () => {
    fc.assert(fc.property(requestsWithStrayFields, limitsArb, expectAgreement), runs(400));
  });

  it('on random well-framed messages with fields of any wire type', () => {
    fc.assert(fc.property(protobufShapedBytes, limitsArb, expectAgreement), runs(1000));
  });

  it('on damaged real requests', () => {
    fc.assert(fc.property(mutatedBytes(otlpProtobufBodies), limitsArb, expectAgreement), runs(1000));
  });

  it('on real requests, within and past the limits', () => {
    fc.assert(fc.property(otlpSpans(), limitsArb, (spans, limits) => expectAgreement(encodeTraceRequestProtobuf(spans), limits)), runs(300));
  });

});
