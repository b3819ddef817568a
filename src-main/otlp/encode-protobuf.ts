/** Spans → OTLP protobuf ExportTraceServiceRequest, grouped by their shared resource and scope objects. */
import type { AnyValue, Attributes, Resource, Scope, Span, SpanEvent, SpanLink } from '../model/span';
import { SPAN_KINDS, STATUS_CODES } from '../model/span';
import { groupByResourceAndScope } from './group-spans';
import { TAG, type FIXED32, type FIXED64, type LEN, type Tag, type VARINT } from './otlp-schema';
import { ProtobufWriter } from './protobuf-writer';

const RESOURCE_SPANS = TAG.ResourceSpans;
const SCOPE_SPANS = TAG.ScopeSpans;
const SPAN = TAG.Span;
const EVENT = TAG.Event;
const LINK = TAG.Link;
const ANY_VALUE = TAG.AnyValue;

/** `resourceGroup`: the field holding each ResourceSpans (Tempo's Trace message has the same layout under its own name). */
export function encodeTraceRequestProtobuf(spans: Span[], resourceGroup: Tag<typeof LEN> = TAG.ExportTraceServiceRequest.resourceSpans): Buffer {
  const layout = { resourceGroup, resource: RESOURCE_SPANS.resource, resourceSchemaUrl: RESOURCE_SPANS.schemaUrl, scopeGroup: RESOURCE_SPANS.scopeSpans, scope: SCOPE_SPANS.scope, scopeSchemaUrl: SCOPE_SPANS.schemaUrl };
  return encodeGroupedRequest(spans, layout, 512, writeSpan);
}

/** Where an export request nests its items: Resource{Spans,Logs} and Scope{Spans,Logs}, and their fields. */
export interface GroupedLayout {
  resourceGroup: Tag<typeof LEN>;
  resource: Tag<typeof LEN>;
  resourceSchemaUrl: Tag<typeof LEN>;
  scopeGroup: Tag<typeof LEN>;
  scope: Tag<typeof LEN>;
  scopeSchemaUrl: Tag<typeof LEN>;
}

/** An Export{Trace,Logs}ServiceRequest: the items grouped by their shared resource and scope objects, each written by `writeItem`. */
export function encodeGroupedRequest<T extends { resource: Resource; scope: Scope }>(items: T[], layout: GroupedLayout, bytesPerItem: number, writeItem: (w: ProtobufWriter, item: T) => void): Buffer {
  const w = new ProtobufWriter(items.length * bytesPerItem + 256);
  for (const [resource, scopes] of groupByResourceAndScope(items)) {
    const rg = w.beginMessage(layout.resourceGroup);
    writeResource(w, layout.resource, resource);
    for (const [scope, list] of scopes) {
      const sg = w.beginMessage(layout.scopeGroup);
      writeScope(w, layout.scope, scope);
      for (const item of list) writeItem(w, item);
      stringField(w, layout.scopeSchemaUrl, scope.schemaUrl);
      w.endMessage(sg);
    }
    stringField(w, layout.resourceSchemaUrl, resource.schemaUrl);
    w.endMessage(rg);
  }
  return Buffer.from(w.view());
}

function writeSpan(w: ProtobufWriter, span: Span): void {
  const m = w.beginMessage(SCOPE_SPANS.spans);
  hexField(w, SPAN.traceId, span.traceId);
  hexField(w, SPAN.spanId, span.spanId);
  stringField(w, SPAN.traceState, span.traceState);
  hexField(w, SPAN.parentSpanId, span.parentSpanId);
  stringField(w, SPAN.name, span.name);
  uintField(w, SPAN.kind, SPAN_KINDS.indexOf(span.kind));
  w.tag(SPAN.startTimeUnixNano);
  w.fixed64(span.startTimeUnixNano);
  w.tag(SPAN.endTimeUnixNano);
  w.fixed64(span.endTimeUnixNano);
  writeAttributes(w, SPAN.attributes, span.attributes);
  uintField(w, SPAN.droppedAttributesCount, span.droppedAttributesCount);
  for (const e of span.events) writeEvent(w, SPAN.events, e);
  uintField(w, SPAN.droppedEventsCount, span.droppedEventsCount);
  for (const l of span.links) writeLink(w, SPAN.links, l);
  uintField(w, SPAN.droppedLinksCount, span.droppedLinksCount);
  if (span.status.code !== 'UNSET' || span.status.message) {
    const sm = w.beginMessage(SPAN.status);
    stringField(w, TAG.Status.message, span.status.message);
    uintField(w, TAG.Status.code, STATUS_CODES.indexOf(span.status.code));
    w.endMessage(sm);
  }
  fixed32Field(w, SPAN.flags, span.flags);
  w.endMessage(m);
}

export function writeResource(w: ProtobufWriter, tag: Tag<typeof LEN>, resource: Resource): void {
  const m = w.beginMessage(tag);
  writeAttributes(w, TAG.Resource.attributes, resource.attributes);
  uintField(w, TAG.Resource.droppedAttributesCount, resource.droppedAttributesCount);
  w.endMessage(m);
}

export function writeScope(w: ProtobufWriter, tag: Tag<typeof LEN>, scope: Scope): void {
  const m = w.beginMessage(tag);
  const SCOPE = TAG.InstrumentationScope;
  stringField(w, SCOPE.name, scope.name);
  stringField(w, SCOPE.version, scope.version);
  writeAttributes(w, SCOPE.attributes, scope.attributes);
  uintField(w, SCOPE.droppedAttributesCount, scope.droppedAttributesCount);
  w.endMessage(m);
}

export function writeEvent(w: ProtobufWriter, tag: Tag<typeof LEN>, e: SpanEvent): void {
  const m = w.beginMessage(tag);
  w.tag(EVENT.timeUnixNano);
  w.fixed64(e.timeUnixNano);
  stringField(w, EVENT.name, e.name);
  writeAttributes(w, EVENT.attributes, e.attributes);
  uintField(w, EVENT.droppedAttributesCount, e.droppedAttributesCount);
  w.endMessage(m);
}

export function writeLink(w: ProtobufWriter, tag: Tag<typeof LEN>, l: SpanLink): void {
  const m = w.beginMessage(tag);
  hexField(w, LINK.traceId, l.traceId);
  hexField(w, LINK.spanId, l.spanId);
  stringField(w, LINK.traceState, l.traceState);
  writeAttributes(w, LINK.attributes, l.attributes);
  uintField(w, LINK.droppedAttributesCount, l.droppedAttributesCount);
  fixed32Field(w, LINK.flags, l.flags);
  w.endMessage(m);
}

export function writeAttributes(w: ProtobufWriter, tag: Tag<typeof LEN>, attributes: Attributes): void {
  for (const key of Object.keys(attributes)) {
    const kv = w.beginMessage(tag);
    stringField(w, TAG.KeyValue.key, key);
    const v = w.beginMessage(TAG.KeyValue.value);
    writeAnyValue(w, attributes[key]);
    w.endMessage(v);
    w.endMessage(kv);
  }
}

/** The fields of an AnyValue message (the caller frames it). */
export function writeAnyValue(w: ProtobufWriter, value: AnyValue): void {
  if (value === null) return;
  if (typeof value === 'string') {
    w.tag(ANY_VALUE.stringValue);
    w.string(value);
  } else if (typeof value === 'boolean') {
    w.tag(ANY_VALUE.boolValue);
    w.uint32(value ? 1 : 0);
  } else if (typeof value === 'bigint') {
    w.tag(ANY_VALUE.intValue);
    w.int64(value);
  } else if (typeof value === 'number') {
    w.tag(ANY_VALUE.doubleValue);
    w.double(value);
  } else if (value instanceof Uint8Array) {
    w.tag(ANY_VALUE.bytesValue);
    w.bytes(value);
  } else if (Array.isArray(value)) {
    const m = w.beginMessage(ANY_VALUE.arrayValue);
    for (const item of value) {
      const im = w.beginMessage(TAG.ArrayValue.values);
      writeAnyValue(w, item);
      w.endMessage(im);
    }
    w.endMessage(m);
  } else {
    const m = w.beginMessage(ANY_VALUE.kvlistValue);
    writeAttributes(w, TAG.KeyValueList.values, value);
    w.endMessage(m);
  }
}

/** The scalar fields, left out when they hold proto3's default. */
export function stringField(w: ProtobufWriter, tag: Tag<typeof LEN>, value: string): void {
  if (value === '') return;
  w.tag(tag);
  w.string(value);
}

/** Hex text written as the bytes it spells. */
export function hexField(w: ProtobufWriter, tag: Tag<typeof LEN>, value: string): void {
  if (value === '') return;
  w.tag(tag);
  w.hex(value);
}

export function uintField(w: ProtobufWriter, tag: Tag<typeof VARINT>, value: number): void {
  if (value === 0) return;
  w.tag(tag);
  w.uint32(value);
}

export function fixed32Field(w: ProtobufWriter, tag: Tag<typeof FIXED32>, value: number): void {
  if (value === 0) return;
  w.tag(tag);
  w.fixed32(value);
}

export function fixed64Field(w: ProtobufWriter, tag: Tag<typeof FIXED64>, value: bigint): void {
  if (value === 0n) return;
  w.tag(tag);
  w.fixed64(value);
}
