import { describe, expect, it } from 'vitest';
import type { AnyValue, SpanEvent, SpanLink } from '../../src-main/model/span';
import { decodeTraceRequestProtobuf } from '../../src-main/otlp/decode-protobuf';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { SCHEMA } from '../../src-main/otlp/otlp-schema';
import { loadTraceSpans } from '../../src-main/query/trace-query';
import { packSpans } from '../../src-main/store/encoded-batch';
import { KeyDictionary } from '../../src-main/store/key-dictionary';
import { packOtlpProtobuf } from '../../src-main/store/pack-otlp-protobuf';
import { DEFAULT_SPAN_LIMITS, DEPTH_MARKER, truncateValue, type SpanLimits } from '../../src-main/store/span-limits';
import { memoryStore } from '../helpers/memory-store';
import { messagesOf, parseMessage, writeMessage, type WireField } from '../helpers/otlp-wire';
import { attrs, hexId, resource, span } from '../helpers/spans';

const limits: SpanLimits = { ...DEFAULT_SPAN_LIMITS, maxValueEntries: 5 };

function nested(levels: number): AnyValue {
  let value: AnyValue = 'leaf';
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : attrs({ k: value });
  return value;
}

/** The packer and decode + packSpans give the same batch, byte for byte. */
function expectSamePacking(spans: Parameters<typeof encodeTraceRequestProtobuf>[0], given: SpanLimits) {
  const body = encodeTraceRequestProtobuf(spans);
  const fast = packOtlpProtobuf(body, new KeyDictionary(), given);
  expect(fast.batch).toEqual(packSpans(decodeTraceRequestProtobuf(body).spans, new KeyDictionary(), given).batch);
}

describe('entries of one array or key-value-list value, and its nesting', () => {
  it('keeps the first entries of a longer list and ends it with a marker giving the full count, at every depth', () => {
    expect(truncateValue([1n, 2n, 3n, 4n, 5n, 6n, 7n], limits)).toEqual([1n, 2n, 3n, 4n, '…[truncated from 7 entries]']);
    expect(truncateValue([1n, 2n, 3n, 4n, 5n], limits)).toEqual([1n, 2n, 3n, 4n, 5n]);
    const list = truncateValue(attrs({ a: 1n, b: 2n, c: 3n, d: 4n, e: 5n, f: [1n, 2n, 3n, 4n, 5n, 6n] }), limits) as Record<string, AnyValue>;
    expect({ ...list }).toEqual({ a: 1n, b: 2n, c: 3n, d: 4n, '…[truncated from 6 entries]': null });
    expect(truncateValue([[1n, 2n, 3n, 4n, 5n, 6n]], limits)).toEqual([[1n, 2n, 3n, 4n, '…[truncated from 6 entries]']]);
  });

  it('replaces lists nested deeper than 16 levels with a marker; applying the limits twice changes nothing', () => {
    let value = truncateValue(nested(20), limits);
    for (let depth = 0; depth < 16; depth++) value = Array.isArray(value) ? value[0] : (value as Record<string, AnyValue>).k;
    expect(value).toBe(DEPTH_MARKER);
    expect(DEPTH_MARKER).toBe('…[nested deeper than 16 levels]');
    const once = truncateValue(nested(20), limits);
    expect(truncateValue(once, limits)).toEqual(once);
    expect(truncateValue(nested(16), limits)).toEqual(nested(16));
  });

  it('the packer applies them as packing spans does: the same batch, byte for byte', () => {
    const traceId = hexId(16);
    const long = Array.from({ length: 40 }, (_, i) => BigInt(i));
    expectSamePacking(
      [
        span({ traceId, spanId: hexId(8), attributes: attrs({ long, deep: nested(20), fine: [1n, 2n], short: nested(3) }) }),
        span({ traceId, spanId: hexId(8), events: [{ name: 'e', timeUnixNano: 1n, attributes: attrs({ long }), droppedAttributesCount: 0 }] }),
        span({ traceId, spanId: hexId(8), attributes: attrs({ kv: attrs(Object.fromEntries(long.map((n) => [`k${n}`, n]))) }) }),
        span({ traceId, spanId: hexId(8), resource: resource('svc', { long }), scope: { name: 's', version: '', attributes: attrs({ long }), droppedAttributesCount: 0, schemaUrl: '' } }),
      ],
      limits,
    );
  });

  it('answers a 19.5 MB request with 2.36 million entries in one array value, storing 1,000 of them', async () => {
    const store = await memoryStore();
    const traceId = hexId(16);
    // ArrayValue.values entries {string_value: "abcde"} (9 bytes), then {string_value: "abcd"} (8 bytes): 19.5 MB in all.
    const longer = Buffer.from([0x0a, 0x07, 0x0a, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65]);
    const entry = Buffer.from([0x0a, 0x06, 0x0a, 0x04, 0x61, 0x62, 0x63, 0x64]);
    const count = 2_360_000;
    const longerCount = 620_000;
    const entries = Buffer.alloc(longer.length * longerCount + entry.length * (count - longerCount));
    for (let i = 0, at = 0; i < count; i++) at += (i < longerCount ? longer : entry).copy(entries, at);
    const field = (_name: string, [number, wire]: readonly [number, number], value: WireField['value']): WireField => ({ number, wire, value });
    const message = (name: 'ResourceSpans' | 'ScopeSpans' | 'Span' | 'KeyValue' | 'AnyValue', fields: WireField[]) => ({ name, fields });
    const anyValue = message('AnyValue', [field('arrayValue', SCHEMA.AnyValue.arrayValue, new Uint8Array(entries))]);
    const kv = message('KeyValue', [field('key', SCHEMA.KeyValue.key, Buffer.from('big')), field('value', SCHEMA.KeyValue.value, anyValue)]);
    const spanMessage = message('Span', [
      field('traceId', SCHEMA.Span.traceId, Buffer.from(traceId, 'hex')),
      field('spanId', SCHEMA.Span.spanId, Buffer.from(hexId(8), 'hex')),
      field('name', SCHEMA.Span.name, Buffer.from('huge')),
      field('attributes', SCHEMA.Span.attributes, kv),
    ]);
    const body = writeMessage({
      name: 'ExportTraceServiceRequest',
      fields: [field('resourceSpans', SCHEMA.ExportTraceServiceRequest.resourceSpans, message('ResourceSpans', [field('scopeSpans', SCHEMA.ResourceSpans.scopeSpans, message('ScopeSpans', [field('spans', SCHEMA.ScopeSpans.spans, spanMessage)]))]))],
    });
    expect(body.length).toBeGreaterThan(19_500_000);
    const written = store.writeOtlpProtobuf(body);
    expect(written.acceptedSpans).toBe(1);
    await written.committed;
    const [stored] = loadTraceSpans(store.reader, traceId)!;
    const big = stored.attributes.big as AnyValue[];
    expect(big).toHaveLength(1000);
    expect(big[998]).toBe('abcde');
    expect(big[999]).toBe('…[truncated from 2360000 entries]');
    await store.close();
  });
});

describe('entries past the limit are checked though not read', () => {
  it('a malformed entry past the limit refuses the request in the packer as in the decoder, in span and event attributes', () => {
    const fine = Buffer.from([0x0a, 0x02, 0x10, 0x01]); // ArrayValue.values: {bool_value: true}
    const broken = Buffer.from([0x0a, 0x02, 0x18, 0x80]); // {int_value: a varint that never ends}
    const entries = Buffer.concat([...Array(7).fill(fine), broken, fine, fine]);
    const anyValue = { name: 'AnyValue' as const, fields: [{ number: SCHEMA.AnyValue.arrayValue[0], wire: 2, value: new Uint8Array(entries) }] };
    const keyValue = { name: 'KeyValue' as const, fields: [{ number: SCHEMA.KeyValue.key[0], wire: 2, value: Buffer.from('list') }, { number: SCHEMA.KeyValue.value[0], wire: 2, value: anyValue }] };
    const event = { name: 'Event' as const, fields: [{ number: SCHEMA.Event.attributes[0], wire: 2, value: keyValue }] };
    for (const [field, value] of [[SCHEMA.Span.attributes[0], keyValue], [SCHEMA.Span.events[0], event]] as const) {
      const tree = parseMessage(encodeTraceRequestProtobuf([span({ traceId: hexId(16), spanId: hexId(8) })]));
      messagesOf(tree).find((m) => m.name === 'Span')!.fields.push({ number: field, wire: 2, value });
      const body = writeMessage(tree);
      expect(() => decodeTraceRequestProtobuf(body)).toThrow(/not a valid OTLP protobuf request: truncated varint/);
      expect(() => packOtlpProtobuf(body, new KeyDictionary(), limits)).toThrow(/not a valid OTLP protobuf request: truncated varint/);
    }
  });
});

describe('events and links per span', () => {
  const event = (i: number): SpanEvent => ({ name: `e${i}`, timeUnixNano: BigInt(i), attributes: attrs({}), droppedAttributesCount: 0 });
  const link = (): SpanLink => ({ traceId: hexId(16), spanId: hexId(8), traceState: '', flags: 0, attributes: attrs({}), droppedAttributesCount: 0 });

  it('keeps the first 128 of each, as the OTel SDKs do, adding the rest to the dropped counts', async () => {
    const store = await memoryStore();
    const traceId = hexId(16);
    const sent = span({ traceId, spanId: hexId(8), events: Array.from({ length: 200 }, (_, i) => event(i)), droppedEventsCount: 3, links: Array.from({ length: 130 }, link), droppedLinksCount: 1 });
    await store.writeOtlpProtobuf(encodeTraceRequestProtobuf([sent])).committed;
    expect(await store.write([{ ...sent, spanId: hexId(8) }])).toEqual({ spans: 0, reasons: [] });
    for (const stored of loadTraceSpans(store.reader, traceId)!) {
      expect(stored.events.map((e) => e.name)).toEqual(sent.events.slice(0, 128).map((e) => e.name));
      expect(stored.droppedEventsCount).toBe(3 + 72);
      expect(stored.links).toHaveLength(128);
      expect(stored.droppedLinksCount).toBe(1 + 2);
    }
    await store.close();
  });

  it('the packer caps them as packing spans does: the same batch, byte for byte', () => {
    expectSamePacking([span({ traceId: hexId(16), spanId: hexId(8), events: Array.from({ length: 129 }, (_, i) => event(i)), links: Array.from({ length: 300 }, link) })], DEFAULT_SPAN_LIMITS);
  });
});
