/**
 * The compact binary body of a stored span: everything that has no column of its own (attributes, events,
 * links, trace state, flags, dropped counts, status message). Attribute keys are dictionary ids; the wire
 * primitives are protobuf's, in a fixed order rather than tagged fields.
 */
import { newAttributes, type AnyValue, type Attributes, type Resource, type Scope, type SpanEvent, type SpanLink } from '../model/span';
import { ProtobufReader } from '../otlp/protobuf-reader';
import { ProtobufWriter } from '../otlp/protobuf-writer';
import type { KeyAssigner, KeyLookup } from './key-dictionary';

const enum Tag {
  Null,
  String,
  False,
  True,
  Int,
  Double,
  Bytes,
  Array,
  KeyValueList,
}

/** The parts of a span kept in its body. */
export interface SpanBodyFields {
  traceState: string;
  flags: number;
  startTimeUnixNano: bigint;
  attributes: Attributes;
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  statusMessage: string;
}

export function writeSpanBody(w: ProtobufWriter, span: SpanBodyFields, keys: KeyAssigner): void {
  w.uint32(span.flags);
  w.string(span.traceState);
  w.uint32(span.droppedAttributesCount);
  w.uint32(span.droppedEventsCount);
  w.uint32(span.droppedLinksCount);
  w.string(span.statusMessage);
  writeAttributes(w, span.attributes, keys);
  w.uint32(span.events.length);
  for (const e of span.events) {
    w.int64(e.timeUnixNano - span.startTimeUnixNano);
    w.string(e.name);
    w.uint32(e.droppedAttributesCount);
    writeAttributes(w, e.attributes, keys);
  }
  w.uint32(span.links.length);
  for (const l of span.links) {
    w.hex(l.traceId);
    w.hex(l.spanId);
    w.string(l.traceState);
    w.uint32(l.flags);
    w.uint32(l.droppedAttributesCount);
    writeAttributes(w, l.attributes, keys);
  }
}

export function readSpanBody(body: Buffer, startTimeUnixNano: bigint, keys: KeyLookup): SpanBodyFields {
  const r = new ProtobufReader(body);
  const flags = r.uint32();
  const traceState = r.string();
  const droppedAttributesCount = r.uint32();
  const droppedEventsCount = r.uint32();
  const droppedLinksCount = r.uint32();
  const statusMessage = r.string();
  const attributes = readAttributes(r, keys);
  const events: SpanEvent[] = new Array(r.uint32());
  for (let i = 0; i < events.length; i++) {
    const timeUnixNano = startTimeUnixNano + r.int64();
    const name = r.string();
    const dropped = r.uint32();
    events[i] = { timeUnixNano, name, attributes: readAttributes(r, keys), droppedAttributesCount: dropped };
  }
  const links: SpanLink[] = new Array(r.uint32());
  for (let i = 0; i < links.length; i++) {
    const traceId = r.hex();
    const spanId = r.hex();
    const linkTraceState = r.string();
    const linkFlags = r.uint32();
    const dropped = r.uint32();
    links[i] = { traceId, spanId, traceState: linkTraceState, flags: linkFlags, attributes: readAttributes(r, keys), droppedAttributesCount: dropped };
  }
  return {
    traceState,
    flags,
    startTimeUnixNano,
    attributes,
    droppedAttributesCount,
    events,
    droppedEventsCount,
    links,
    droppedLinksCount,
    statusMessage,
  };
}

export function writeResourceBody(w: ProtobufWriter, resource: Resource, keys: KeyAssigner): void {
  w.string(resource.schemaUrl);
  w.uint32(resource.droppedAttributesCount);
  writeAttributes(w, resource.attributes, keys);
}

export function readResourceBody(body: Buffer, keys: KeyLookup): Resource {
  const r = new ProtobufReader(body);
  const schemaUrl = r.string();
  const droppedAttributesCount = r.uint32();
  return { schemaUrl, droppedAttributesCount, attributes: readAttributes(r, keys) };
}

export function writeScopeBody(w: ProtobufWriter, scope: Scope, keys: KeyAssigner): void {
  w.string(scope.name);
  w.string(scope.version);
  w.string(scope.schemaUrl);
  w.uint32(scope.droppedAttributesCount);
  writeAttributes(w, scope.attributes, keys);
}

export function readScopeBody(body: Buffer, keys: KeyLookup): Scope {
  const r = new ProtobufReader(body);
  const name = r.string();
  const version = r.string();
  const schemaUrl = r.string();
  const droppedAttributesCount = r.uint32();
  return { name, version, schemaUrl, droppedAttributesCount, attributes: readAttributes(r, keys) };
}

function writeAttributes(w: ProtobufWriter, attributes: Attributes, keys: KeyAssigner): void {
  const entries = Object.keys(attributes);
  w.uint32(entries.length);
  for (const key of entries) {
    w.uint32(keys.idOf(key));
    writeValue(w, attributes[key], keys);
  }
}

function readAttributes(r: ProtobufReader, keys: KeyLookup): Attributes {
  const attributes = newAttributes();
  for (let n = r.uint32(); n > 0; n--) {
    const key = keys.keyOf(r.uint32());
    attributes[key] = readValue(r, keys);
  }
  return attributes;
}

function writeValue(w: ProtobufWriter, value: AnyValue, keys: KeyAssigner): void {
  if (value === null) w.uint32(Tag.Null);
  else if (typeof value === 'string') {
    w.uint32(Tag.String);
    w.string(value);
  } else if (typeof value === 'boolean') w.uint32(value ? Tag.True : Tag.False);
  else if (typeof value === 'bigint') {
    w.uint32(Tag.Int);
    w.int64(value);
  } else if (typeof value === 'number') {
    w.uint32(Tag.Double);
    w.double(value);
  } else if (value instanceof Uint8Array) {
    w.uint32(Tag.Bytes);
    w.bytes(value);
  } else if (Array.isArray(value)) {
    w.uint32(Tag.Array);
    w.uint32(value.length);
    for (const item of value) writeValue(w, item, keys);
  } else {
    w.uint32(Tag.KeyValueList);
    writeAttributes(w, value, keys);
  }
}

function readValue(r: ProtobufReader, keys: KeyLookup): AnyValue {
  const tag = r.uint32() as Tag;
  switch (tag) {
    case Tag.Null:
      return null;
    case Tag.String:
      return r.string();
    case Tag.False:
      return false;
    case Tag.True:
      return true;
    case Tag.Int:
      return r.int64();
    case Tag.Double:
      return r.double();
    case Tag.Bytes:
      return r.bytes();
    case Tag.Array: {
      const items: AnyValue[] = new Array(r.uint32());
      for (let i = 0; i < items.length; i++) items[i] = readValue(r, keys);
      return items;
    }
    case Tag.KeyValueList:
      return readAttributes(r, keys);
    default:
      throw new Error(`stored span body has unknown value tag ${tag as number}`);
  }
}
