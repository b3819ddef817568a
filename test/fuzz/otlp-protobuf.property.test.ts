import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequestProtobuf, forEachSpanMessage } from '../../src-main/otlp/decode-protobuf';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { otlpProtobufBodies } from './decode-seeds';
import { decodeOrRefuse, runs } from './fuzz-run';
import { mutatedBytes } from './mutations';
import { protobufShapedBytes } from './protobuf-shapes';
import { otlpSpans } from './span-arbitraries';
import { expectValidResult } from './span-invariants';

/** Every refusal names the byte where the request broke. */
const WHERE = /^not a valid OTLP protobuf request: .* at byte \d+/s;

/** Decodes, or is refused; a decoded request is valid and every Span message is either a span or a rejection. */
function checkDecode(body: Buffer): void {
  const result = decodeOrRefuse(body, () => decodeTraceRequestProtobuf(body), WHERE);
  if (!result) return;
  expectValidResult(result);
  let spanMessages = 0;
  forEachSpanMessage(body, () => spanMessages++);
  expect(result.spans.length + result.rejectedSpans).toBe(spanMessages);
}

describe('OTLP protobuf decoder, property-based', () => {
  it('decodes or refuses random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }).map(Buffer.from), checkDecode), runs(1500));
  });

  it('decodes or refuses random well-framed messages with fields of any wire type', () => {
    fc.assert(fc.property(protobufShapedBytes, checkDecode), runs(1500));
  });

  it('decodes or refuses damaged real requests', () => {
    fc.assert(fc.property(mutatedBytes(otlpProtobufBodies), checkDecode), runs(2000));
  });

  it('decodes what the encoder wrote to the same spans', () => {
    fc.assert(
      fc.property(otlpSpans(), (spans) => {
        const decoded = decodeTraceRequestProtobuf(encodeTraceRequestProtobuf(spans));
        expect(decoded.rejectedSpans).toBe(0);
        expect(decoded.spans).toEqual(spans);
      }),
      runs(500),
    );
  });
});
