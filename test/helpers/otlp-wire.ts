/**
 * OTLP requests as trees of raw fields, read and written with otlp-schema.ts: tests take a real request apart,
 * add fields (of the wrong wire type, unknown, repeated) to any message, and put it back together.
 */
import { FIXED32, FIXED64, LEN, SCHEMA, VARINT } from '../../src-main/otlp/otlp-schema';
import { ProtobufReader } from '../../src-main/otlp/protobuf-reader';
import { ProtobufWriter } from '../../src-main/otlp/protobuf-writer';

export type MessageName = keyof typeof SCHEMA;

export interface WireField {
  number: number;
  wire: number;
  /** varint and fixed values as bigint; length-delimited payloads as bytes, or as a message when the schema nests one. */
  value: bigint | Uint8Array | WireMessage;
}

export interface WireMessage {
  name: MessageName;
  fields: WireField[];
}

/** The message each length-delimited field holds (the others hold strings or bytes). */
const NESTED: Partial<Record<MessageName, Record<string, MessageName>>> = {
  ExportTraceServiceRequest: { resourceSpans: 'ResourceSpans' },
  ResourceSpans: { resource: 'Resource', scopeSpans: 'ScopeSpans', instrumentationLibrarySpans: 'ScopeSpans' },
  Resource: { attributes: 'KeyValue' },
  ScopeSpans: { scope: 'InstrumentationScope', spans: 'Span' },
  InstrumentationScope: { attributes: 'KeyValue' },
  Span: { attributes: 'KeyValue', events: 'Event', links: 'Link', status: 'Status' },
  Event: { attributes: 'KeyValue' },
  Link: { attributes: 'KeyValue' },
  KeyValue: { value: 'AnyValue' },
  AnyValue: { arrayValue: 'ArrayValue', kvlistValue: 'KeyValueList' },
  ArrayValue: { values: 'AnyValue' },
  KeyValueList: { values: 'KeyValue' },
};

/** The OTLP messages a trace request holds (the request itself first). */
export const REQUEST_MESSAGES: MessageName[] = ['ExportTraceServiceRequest', ...new Set(Object.values(NESTED).flatMap((m) => Object.values(m)))];

function nestedOf(message: MessageName, number: number, wire: number): MessageName | undefined {
  const fields = SCHEMA[message] as Record<string, readonly [number, number]>;
  for (const [name, [n, w]] of Object.entries(fields)) if (n === number && w === wire) return NESTED[message]?.[name];
  return undefined;
}

export function parseMessage(buf: Buffer, name: MessageName = 'ExportTraceServiceRequest'): WireMessage {
  const r = new ProtobufReader(buf);
  const fields: WireField[] = [];
  while (!r.done()) {
    const key = r.uint32();
    const number = key >>> 3;
    const wire = key & 7;
    if (wire === VARINT) fields.push({ number, wire, value: BigInt.asUintN(64, r.int64()) });
    else if (wire === FIXED64) fields.push({ number, wire, value: r.fixed64() });
    else if (wire === FIXED32) fields.push({ number, wire, value: BigInt(r.fixed32()) });
    else {
      const [start, end] = r.span();
      const nested = nestedOf(name, number, wire);
      const bytes = buf.subarray(start, end);
      fields.push({ number, wire, value: nested ? parseMessage(bytes, nested) : new Uint8Array(bytes) });
    }
  }
  return { name, fields };
}

export function writeMessage(message: WireMessage): Buffer {
  const w = new ProtobufWriter(256);
  writeFields(w, message.fields);
  return Buffer.from(w.view());
}

function writeFields(w: ProtobufWriter, fields: WireField[]): void {
  for (const f of fields) {
    w.uint32(f.number * 8 + f.wire);
    if (f.wire === VARINT) w.int64(f.value as bigint);
    else if (f.wire === FIXED64) w.fixed64(f.value as bigint);
    else if (f.wire === FIXED32) w.fixed32(Number(f.value));
    else if (f.value instanceof Uint8Array) w.bytes(f.value);
    else {
      const mark = w.beginLength();
      writeFields(w, (f.value as WireMessage).fields);
      w.endMessage(mark);
    }
  }
}

/** Every message of the tree, depth first, the root first. */
export function messagesOf(root: WireMessage): WireMessage[] {
  const all = [root];
  for (const f of root.fields) if (typeof f.value === 'object' && !(f.value instanceof Uint8Array)) all.push(...messagesOf(f.value));
  return all;
}

/** A field of `wire` type with a small value of that type. */
export function fieldOfWireType(number: number, wire: number): WireField {
  if (wire === LEN) return { number, wire, value: new Uint8Array([0x61, 0x62, 0x63]) };
  if (wire === FIXED64) return { number, wire, value: 0x0102030405060708n };
  if (wire === FIXED32) return { number, wire, value: 0x01020304n };
  return { number, wire: VARINT, value: 3n };
}

export const WIRE_TYPES = [VARINT, FIXED64, LEN, FIXED32];
