import { describe, expect, it } from 'vitest';
import { decodeTraceRequestProtobuf } from '../../src-main/otlp/decode-protobuf';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { SCHEMA, VARINT } from '../../src-main/otlp/otlp-schema';
import { ProtobufWriter } from '../../src-main/otlp/protobuf-writer';
import { packOtlpProtobuf } from '../../src-main/store/pack-otlp-protobuf';
import { readSpanBody, writeSpanBody } from '../../src-main/store/span-body-codec';
import { fieldOfWireType, messagesOf, parseMessage, REQUEST_MESSAGES, WIRE_TYPES, writeMessage, type MessageName } from '../helpers/otlp-wire';
import { ReadableKeys, readableBatch } from '../helpers/readable-batch';
import { hexId, richSpan } from '../helpers/spans';

const original = encodeTraceRequestProtobuf([richSpan(hexId(16), hexId(8), hexId(8))]);
const expectedSpans = decodeTraceRequestProtobuf(original).spans;
const originalKeys = new ReadableKeys();
const expectedRows = readableBatch(packOtlpProtobuf(original, originalKeys).batch, originalKeys);

/** The request with `field` added at the end of the first `message` (where a misread would win over the right value). */
function withField(message: MessageName, number: number, wire: number): Buffer {
  const tree = structuredClone(parseMessage(original));
  const target = messagesOf(tree).find((m) => m.name === message);
  if (!target) throw new Error(`the request has no ${message}`);
  target.fields.push(fieldOfWireType(number, wire));
  return writeMessage(tree);
}

describe('a known field sent with another wire type is skipped as unknown, as protobuf reference implementations do', () => {
  it('covers every message of a request', () => {
    const present = new Set(messagesOf(parseMessage(original)).map((m) => m.name));
    expect(REQUEST_MESSAGES.filter((m) => !present.has(m))).toEqual([]);
    expect(REQUEST_MESSAGES).toHaveLength(13);
  });

  it('a Span name sent as a varint is not read as text', () => {
    const body = withField('Span', SCHEMA.Span.name[0], VARINT);
    expect(decodeTraceRequestProtobuf(body).spans[0].name).toBe('POST /orders/{id}');
    expect(packOtlpProtobuf(body, new ReadableKeys()).batch.names).toEqual(['POST /orders/{id}']);
  });

  for (const message of REQUEST_MESSAGES) {
    it(`in ${message}: the decoder and the packer both skip it`, () => {
      const fields = Object.entries(SCHEMA[message] as Record<string, readonly [number, number]>);
      for (const [name, [number, wire]] of fields) {
        for (const other of WIRE_TYPES.filter((w) => w !== wire)) {
          const body = withField(message, number, other);
          const what = `${message}.${name} as wire type ${other}`;
          expect(decodeTraceRequestProtobuf(body).spans, what).toEqual(expectedSpans);
          const keys = new ReadableKeys();
          expect(readableBatch(packOtlpProtobuf(body, keys).batch, keys), what).toEqual(expectedRows);
        }
      }
    });
  }

  it('in a stored span body: the body codec skips it too', () => {
    const keys = new ReadableKeys();
    const span = { ...expectedSpans[0], statusMessage: 'declined' };
    const w = new ProtobufWriter();
    writeSpanBody(w, span, keys);
    const clean = readSpanBody(Buffer.from(w.view()), keys);
    for (const [number, wire] of Object.values(SCHEMA.SpanBody)) {
      for (const other of WIRE_TYPES.filter((t) => t !== wire)) {
        const extra = writeMessage({ name: 'SpanBody', fields: [fieldOfWireType(number, other)] });
        expect(readSpanBody(Buffer.concat([w.view(), extra]), keys), `SpanBody field ${number} as wire type ${other}`).toEqual(clean);
      }
    }
  });
});
