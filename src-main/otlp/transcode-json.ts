/**
 * OTLP/JSON (the protobuf JSON mapping: hex ids, int64 as strings, enum numbers; also snake_case, enum names and
 * base64 ids from older exporters) → the same ExportTraceServiceRequest in protobuf, validated field by field.
 * JSON then takes the protobuf paths (the receivers' packer, the protobuf decoder): no model objects on the way,
 * which made JSON ingest and archive import about twice as fast. A wrong field throws DecodeError with its path.
 * Fields are read with static names (`s.traceId ?? s.trace_id`): JSON.parse objects share shapes, so those are
 * cached lookups.
 */
import { DecodeError } from './decode-result';
import { fixed32Field, fixed64Field, stringField, uintField } from './encode-protobuf';
import { array, double, exactInteger, int64, object, optionalObject, str, typeError, uint, uint64, type Json, type JsonObject } from './json-fields';
import { TAG, type LEN, type Tag } from './otlp-schema';
import { parseJsonExactNumbers } from './parse-json';
import { ProtobufWriter } from './protobuf-writer';

const RESOURCE_SPANS = TAG.ResourceSpans;
const SCOPE_SPANS = TAG.ScopeSpans;
const SCOPE = TAG.InstrumentationScope;
const SPAN = TAG.Span;
const EVENT = TAG.Event;
const LINK = TAG.Link;
const ANY_VALUE = TAG.AnyValue;
const MAX_VALUE_DEPTH = 64;
const SPAN_KIND_NAMES = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS_CODE_NAMES = ['UNSET', 'OK', 'ERROR'];
const HEX = /^[0-9a-fA-F]*$/;

/** The text of an OTLP/JSON request transcoded; times and intValues given as JSON numbers past 2^53 stay exact. */
export function transcodeTraceRequestJsonText(text: string): Buffer {
  return transcodeTraceRequestJson(parseJsonExactNumbers(text));
}

export function transcodeTraceRequestJson(doc: Json): Buffer {
  const w = new ProtobufWriter(64 * 1024);
  const root = object(doc, '$');
  const list = array((root.resourceSpans ?? root.resource_spans), 'resourceSpans');
  for (let i = 0; i < list.length; i++) resourceSpans(w, object(list[i], `resourceSpans[${i}]`), `resourceSpans[${i}]`);
  return Buffer.from(w.view());
}

function resourceSpans(w: ProtobufWriter, rs: JsonObject, path: string): void {
  const m = w.beginMessage(TAG.ExportTraceServiceRequest.resourceSpans);
  resource(w, RESOURCE_SPANS.resource, rs, path);
  const scopeSpansList = array((rs.scopeSpans ?? rs.scope_spans) ?? (rs.instrumentationLibrarySpans ?? rs.instrumentation_library_spans), path, 'scopeSpans');
  for (let i = 0; i < scopeSpansList.length; i++) {
    const ssPath = `${path}.scopeSpans[${i}]`;
    const ss = object(scopeSpansList[i], ssPath);
    const sm = w.beginMessage(RESOURCE_SPANS.scopeSpans);
    scope(w, SCOPE_SPANS.scope, ss, ssPath);
    const spans = array(ss.spans, ssPath, 'spans');
    for (let j = 0; j < spans.length; j++) span(w, object(spans[j], `${ssPath}.spans[${j}]`), `${ssPath}.spans[${j}]`);
    stringField(w, SCOPE_SPANS.schemaUrl, str((ss.schemaUrl ?? ss.schema_url), ssPath, 'schemaUrl'));
    w.endMessage(sm);
  }
  stringField(w, RESOURCE_SPANS.schemaUrl, str((rs.schemaUrl ?? rs.schema_url), path, 'schemaUrl'));
  w.endMessage(m);
}

/** The `resource` of a ResourceSpans or ResourceLogs (`parent`), as field `tag`. */
export function resource(w: ProtobufWriter, tag: Tag<typeof LEN>, parent: JsonObject, path: string): void {
  const res = optionalObject(parent.resource, path, 'resource');
  if (!res) return;
  const rm = w.beginMessage(tag);
  attributes(w, TAG.Resource.attributes, res.attributes, `${path}.resource`, 'attributes', 0);
  uintField(w, TAG.Resource.droppedAttributesCount, uint((res.droppedAttributesCount ?? res.dropped_attributes_count), `${path}.resource`, 'droppedAttributesCount'));
  w.endMessage(rm);
}

/** The `scope` (or older `instrumentationLibrary`) of a ScopeSpans or ScopeLogs (`parent`), as field `tag`. */
export function scope(w: ProtobufWriter, tag: Tag<typeof LEN>, parent: JsonObject, path: string): void {
  const sc = optionalObject(parent.scope ?? (parent.instrumentationLibrary ?? parent.instrumentation_library), path, 'scope');
  if (!sc) return;
  const scm = w.beginMessage(tag);
  stringField(w, SCOPE.name, str(sc.name, `${path}.scope`, 'name'));
  stringField(w, SCOPE.version, str(sc.version, `${path}.scope`, 'version'));
  attributes(w, SCOPE.attributes, sc.attributes, `${path}.scope`, 'attributes', 0);
  uintField(w, SCOPE.droppedAttributesCount, uint((sc.droppedAttributesCount ?? sc.dropped_attributes_count), `${path}.scope`, 'droppedAttributesCount'));
  w.endMessage(scm);
}

function span(w: ProtobufWriter, s: JsonObject, path: string): void {
  const m = w.beginMessage(SCOPE_SPANS.spans);
  idField(w, SPAN.traceId, (s.traceId ?? s.trace_id), path, 'traceId');
  idField(w, SPAN.spanId, (s.spanId ?? s.span_id), path, 'spanId');
  stringField(w, SPAN.traceState, str((s.traceState ?? s.trace_state), path, 'traceState'));
  idField(w, SPAN.parentSpanId, (s.parentSpanId ?? s.parent_span_id), path, 'parentSpanId');
  stringField(w, SPAN.name, str(s.name, path, 'name'));
  uintField(w, SPAN.kind, enumNumber(s.kind, SPAN_KIND_NAMES, 'SPAN_KIND_', path, 'kind'));
  fixed64Field(w, SPAN.startTimeUnixNano, uint64((s.startTimeUnixNano ?? s.start_time_unix_nano), path, 'startTimeUnixNano'));
  fixed64Field(w, SPAN.endTimeUnixNano, uint64((s.endTimeUnixNano ?? s.end_time_unix_nano), path, 'endTimeUnixNano'));
  attributes(w, SPAN.attributes, s.attributes, path, 'attributes', 0);
  uintField(w, SPAN.droppedAttributesCount, uint((s.droppedAttributesCount ?? s.dropped_attributes_count), path, 'droppedAttributesCount'));
  const events = array(s.events, path, 'events');
  for (let i = 0; i < events.length; i++) event(w, object(events[i], `${path}.events[${i}]`), `${path}.events[${i}]`);
  uintField(w, SPAN.droppedEventsCount, uint((s.droppedEventsCount ?? s.dropped_events_count), path, 'droppedEventsCount'));
  const links = array(s.links, path, 'links');
  for (let i = 0; i < links.length; i++) link(w, object(links[i], `${path}.links[${i}]`), `${path}.links[${i}]`);
  uintField(w, SPAN.droppedLinksCount, uint((s.droppedLinksCount ?? s.dropped_links_count), path, 'droppedLinksCount'));
  const status = optionalObject(s.status, path, 'status');
  if (status) {
    const sm = w.beginMessage(SPAN.status);
    stringField(w, TAG.Status.message, str(status.message, `${path}.status`, 'message'));
    uintField(w, TAG.Status.code, enumNumber(status.code, STATUS_CODE_NAMES, 'STATUS_CODE_', `${path}.status`, 'code'));
    w.endMessage(sm);
  }
  fixed32Field(w, SPAN.flags, uint(s.flags, path, 'flags'));
  w.endMessage(m);
}

function event(w: ProtobufWriter, e: JsonObject, path: string): void {
  const m = w.beginMessage(SPAN.events);
  fixed64Field(w, EVENT.timeUnixNano, uint64((e.timeUnixNano ?? e.time_unix_nano), path, 'timeUnixNano'));
  stringField(w, EVENT.name, str(e.name, path, 'name'));
  attributes(w, EVENT.attributes, e.attributes, path, 'attributes', 0);
  uintField(w, EVENT.droppedAttributesCount, uint((e.droppedAttributesCount ?? e.dropped_attributes_count), path, 'droppedAttributesCount'));
  w.endMessage(m);
}

function link(w: ProtobufWriter, l: JsonObject, path: string): void {
  const m = w.beginMessage(SPAN.links);
  idField(w, LINK.traceId, (l.traceId ?? l.trace_id), path, 'traceId');
  idField(w, LINK.spanId, (l.spanId ?? l.span_id), path, 'spanId');
  stringField(w, LINK.traceState, str((l.traceState ?? l.trace_state), path, 'traceState'));
  attributes(w, LINK.attributes, l.attributes, path, 'attributes', 0);
  uintField(w, LINK.droppedAttributesCount, uint((l.droppedAttributesCount ?? l.dropped_attributes_count), path, 'droppedAttributesCount'));
  fixed32Field(w, LINK.flags, uint(l.flags, path, 'flags'));
  w.endMessage(m);
}

/** KeyValue list `parent.key` as repeated field `tag`. */
export function attributes(w: ProtobufWriter, tag: Tag<typeof LEN>, list: Json, parent: string, key: string, depth: number): void {
  const items = array(list, parent, key);
  for (let i = 0; i < items.length; i++) {
    const kv = items[i];
    if (typeof kv !== 'object' || kv === null || Array.isArray(kv)) object(kv, `${parent}.${key}[${i}]`);
    const { key: rawName, value } = kv as JsonObject;
    // A missing or null key is proto3 JSON's default, the empty string.
    const name = typeof rawName === 'string' ? rawName : str(rawName, `${parent}.${key}[${i}]`, 'key');
    const m = w.beginMessage(tag);
    stringField(w, TAG.KeyValue.key, name);
    if (value !== undefined && value !== null) {
      const vm = w.beginMessage(TAG.KeyValue.value);
      anyValue(w, value, `${parent}.${key}[${i}]`, 'value', depth);
      w.endMessage(vm);
    }
    w.endMessage(m);
  }
}

/** The fields of an AnyValue (the caller frames the message). */
export function anyValue(w: ProtobufWriter, v: Json, parent: string, key: string, depth: number): void {
  if (depth > MAX_VALUE_DEPTH) throw new DecodeError(`${parent}.${key}: values nested deeper than ${MAX_VALUE_DEPTH} levels`);
  const o = object(v, parent, key);
  let x: Json;
  if ((x = (o.stringValue ?? o.string_value)) !== undefined) {
    w.tag(ANY_VALUE.stringValue);
    w.string(str(x, `${parent}.${key}`, 'stringValue'));
  } else if ((x = (o.boolValue ?? o.bool_value)) !== undefined) {
    if (typeof x !== 'boolean') throw typeError(`${parent}.${key}.boolValue`, 'a boolean', x);
    w.tag(ANY_VALUE.boolValue);
    w.uint32(x ? 1 : 0);
  } else if ((x = (o.intValue ?? o.int_value)) !== undefined) {
    w.tag(ANY_VALUE.intValue);
    w.int64(int64(x, `${parent}.${key}`, 'intValue'));
  } else if ((x = (o.doubleValue ?? o.double_value)) !== undefined) {
    w.tag(ANY_VALUE.doubleValue);
    w.double(double(x, `${parent}.${key}`, 'doubleValue'));
  } else if ((x = (o.arrayValue ?? o.array_value)) !== undefined) {
    const m = w.beginMessage(ANY_VALUE.arrayValue);
    const av = optionalObject(x, `${parent}.${key}`, 'arrayValue') ?? {};
    const values = array(av.values, `${parent}.${key}.arrayValue`, 'values');
    for (let i = 0; i < values.length; i++) {
      const im = w.beginMessage(TAG.ArrayValue.values);
      if (values[i] !== null && values[i] !== undefined) anyValue(w, values[i], `${parent}.${key}.arrayValue`, `values[${i}]`, depth + 1);
      w.endMessage(im);
    }
    w.endMessage(m);
  } else if ((x = (o.kvlistValue ?? o.kvlist_value)) !== undefined) {
    const m = w.beginMessage(ANY_VALUE.kvlistValue);
    const kv = optionalObject(x, `${parent}.${key}`, 'kvlistValue') ?? {};
    attributes(w, TAG.KeyValueList.values, kv.values, `${parent}.${key}.kvlistValue`, 'values', depth + 1);
    w.endMessage(m);
  } else if ((x = (o.bytesValue ?? o.bytes_value)) !== undefined) {
    if (typeof x !== 'string' || !isBase64(x)) throw typeError(`${parent}.${key}.bytesValue`, 'a base64 string', x);
    w.tag(ANY_VALUE.bytesValue);
    w.bytes(Buffer.from(x, 'base64'));
  }
}

/** Ids are hex in OTLP/JSON; base64 (as older exporters wrote) is accepted when its length says so. */
export function idField(w: ProtobufWriter, tag: Tag<typeof LEN>, v: Json, parent: string, key: string): void {
  const s = str(v, parent, key);
  if (s === '') return;
  if (s.length % 2 === 0 && HEX.test(s)) {
    w.tag(tag);
    w.hex(s);
  } else if ((s.length === 24 || s.length === 12) && /^[A-Za-z0-9+/]+={0,2}$/.test(s)) {
    w.tag(tag);
    w.bytes(Buffer.from(s, 'base64'));
  } else throw new DecodeError(`${parent}.${key}: "${s.slice(0, 64)}" is not a hex id`);
}

export function enumNumber(v: Json, names: readonly string[], prefix: string, parent: string, key: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && names[v] !== undefined) return v;
  if (typeof v === 'string') {
    const index = names.indexOf(v.startsWith(prefix) ? v.slice(prefix.length) : v);
    if (index !== -1) return index;
    const n = exactInteger(v); // a number with an exponent, as parseJsonExactNumbers left it
    if (typeof n === 'bigint' && names[Number(n)] !== undefined) return Number(n);
  }
  throw typeError(`${parent}.${key}`, `one of ${names.map((n, i) => `${i} (${n})`).join(', ')}`, v);
}

/** Standard or URL-safe base64, padded or not (what proto3's JSON mapping accepts for bytes). */
function isBase64(text: string): boolean {
  return text.length % 4 !== 1 && BASE64.test(text);
}
const BASE64 = /^[A-Za-z0-9+/_-]*(?:={1,2})?$/;
