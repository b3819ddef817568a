/** Spans → OTLP protobuf ExportTraceServiceRequest, grouped by their shared resource and scope objects. */
import type { AnyValue, Attributes, Resource, Scope, Span, SpanEvent, SpanLink } from '../model/span';
import { SPAN_KINDS, STATUS_CODES } from '../model/span';
import { groupByResourceAndScope } from './group-spans';
import { ProtobufWriter } from './protobuf-writer';

const LEN = 2;
const VARINT = 0;
const FIXED64 = 1;
const FIXED32 = 5;

export function encodeTraceRequestProtobuf(spans: Span[]): Buffer {
  const byResource = groupByResourceAndScope(spans);
  const w = new ProtobufWriter(spans.length * 512 + 256);
  for (const [resource, scopes] of byResource) {
    const rs = w.beginMessage(1);
    writeResource(w, 1, resource);
    for (const [scope, list] of scopes) {
      const ss = w.beginMessage(2);
      writeScope(w, 1, scope);
      for (const span of list) writeSpan(w, span);
      stringField(w, 3, scope.schemaUrl);
      w.endMessage(ss);
    }
    stringField(w, 3, resource.schemaUrl);
    w.endMessage(rs);
  }
  return Buffer.from(w.view());
}

function writeSpan(w: ProtobufWriter, span: Span): void {
  const m = w.beginMessage(2);
  hexField(w, 1, span.traceId);
  hexField(w, 2, span.spanId);
  stringField(w, 3, span.traceState);
  hexField(w, 4, span.parentSpanId);
  stringField(w, 5, span.name);
  uintField(w, 6, SPAN_KINDS.indexOf(span.kind));
  w.tag(7, FIXED64);
  w.fixed64(span.startTimeUnixNano);
  w.tag(8, FIXED64);
  w.fixed64(span.endTimeUnixNano);
  writeAttributes(w, 9, span.attributes);
  uintField(w, 10, span.droppedAttributesCount);
  for (const e of span.events) writeEvent(w, 11, e);
  uintField(w, 12, span.droppedEventsCount);
  for (const l of span.links) writeLink(w, 13, l);
  uintField(w, 14, span.droppedLinksCount);
  if (span.status.code !== 'UNSET' || span.status.message) {
    const sm = w.beginMessage(15);
    stringField(w, 2, span.status.message);
    uintField(w, 3, STATUS_CODES.indexOf(span.status.code));
    w.endMessage(sm);
  }
  if (span.flags) {
    w.tag(16, FIXED32);
    w.fixed32(span.flags);
  }
  w.endMessage(m);
}

export function writeResource(w: ProtobufWriter, field: number, resource: Resource): void {
  const m = w.beginMessage(field);
  writeAttributes(w, 1, resource.attributes);
  uintField(w, 2, resource.droppedAttributesCount);
  w.endMessage(m);
}

export function writeScope(w: ProtobufWriter, field: number, scope: Scope): void {
  const m = w.beginMessage(field);
  stringField(w, 1, scope.name);
  stringField(w, 2, scope.version);
  writeAttributes(w, 3, scope.attributes);
  uintField(w, 4, scope.droppedAttributesCount);
  w.endMessage(m);
}

export function writeEvent(w: ProtobufWriter, field: number, e: SpanEvent): void {
  const m = w.beginMessage(field);
  w.tag(1, FIXED64);
  w.fixed64(e.timeUnixNano);
  stringField(w, 2, e.name);
  writeAttributes(w, 3, e.attributes);
  uintField(w, 4, e.droppedAttributesCount);
  w.endMessage(m);
}

export function writeLink(w: ProtobufWriter, field: number, l: SpanLink): void {
  const m = w.beginMessage(field);
  hexField(w, 1, l.traceId);
  hexField(w, 2, l.spanId);
  stringField(w, 3, l.traceState);
  writeAttributes(w, 4, l.attributes);
  uintField(w, 5, l.droppedAttributesCount);
  if (l.flags) {
    w.tag(6, FIXED32);
    w.fixed32(l.flags);
  }
  w.endMessage(m);
}

export function writeAttributes(w: ProtobufWriter, field: number, attributes: Attributes): void {
  for (const key of Object.keys(attributes)) {
    const kv = w.beginMessage(field);
    stringField(w, 1, key);
    const v = w.beginMessage(2);
    writeAnyValue(w, attributes[key]);
    w.endMessage(v);
    w.endMessage(kv);
  }
}

/** The fields of an AnyValue message (the caller frames it). */
export function writeAnyValue(w: ProtobufWriter, value: AnyValue): void {
  if (value === null) return;
  if (typeof value === 'string') {
    w.tag(1, LEN);
    w.string(value);
  } else if (typeof value === 'boolean') {
    w.tag(2, VARINT);
    w.uint32(value ? 1 : 0);
  } else if (typeof value === 'bigint') {
    w.tag(3, VARINT);
    w.int64(value);
  } else if (typeof value === 'number') {
    w.tag(4, FIXED64);
    w.double(value);
  } else if (value instanceof Uint8Array) {
    w.tag(7, LEN);
    w.bytes(value);
  } else if (Array.isArray(value)) {
    const m = w.beginMessage(5);
    for (const item of value) {
      const im = w.beginMessage(1);
      writeAnyValue(w, item);
      w.endMessage(im);
    }
    w.endMessage(m);
  } else {
    const m = w.beginMessage(6);
    writeAttributes(w, 1, value);
    w.endMessage(m);
  }
}

export function stringField(w: ProtobufWriter, field: number, value: string): void {
  if (value === '') return;
  w.tag(field, LEN);
  w.string(value);
}

function hexField(w: ProtobufWriter, field: number, value: string): void {
  if (value === '') return;
  w.tag(field, LEN);
  w.hex(value);
}

export function uintField(w: ProtobufWriter, field: number, value: number): void {
  if (value === 0) return;
  w.tag(field, VARINT);
  w.uint32(value);
}
