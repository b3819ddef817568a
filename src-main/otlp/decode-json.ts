/** OTLP/JSON ExportTraceServiceRequest (the protobuf JSON mapping: hex ids, int64 as strings, enum numbers) → spans. */
import { parseJson } from './parse-json';
import {
  newAttributes,
  SPAN_KINDS,
  STATUS_CODES,
  type AnyValue,
  type Attributes,
  type Resource,
  type Scope,
  type Span,
  type SpanEvent,
  type SpanLink,
} from '../model/span';
import { DecodeError, DecodeResultBuilder, type DecodeResult } from './decode-result';
import { array, double, field, int64, object, optionalObject, str, typeError, uint, uint64, type Json, type JsonObject } from './json-fields';

const MAX_VALUE_DEPTH = 64;

/** Decodes a parsed OTLP/JSON document; throws DecodeError naming the path of the first malformed field. */
export function decodeTraceRequestJson(doc: Json): DecodeResult {
  const out = new DecodeResultBuilder();
  const root = object(doc, '$');
  for (const [i, rs] of array(field(root, 'resourceSpans', 'resource_spans'), 'resourceSpans').entries()) {
    readResourceSpans(object(rs, `resourceSpans[${i}]`), `resourceSpans[${i}]`, out);
  }
  return out.build();
}

/** Parses then decodes; the error names the byte where the JSON broke. */
export function decodeTraceRequestJsonText(text: string): DecodeResult {
  return decodeTraceRequestJson(parseJson(text));
}

function readResourceSpans(rs: JsonObject, path: string, out: DecodeResultBuilder): void {
  const res = optionalObject(rs.resource, `${path}.resource`);
  const resource: Resource = {
    attributes: attributes(res?.attributes, `${path}.resource.attributes`),
    droppedAttributesCount: uint(field(res ?? {}, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.resource.droppedAttributesCount`),
    schemaUrl: str(field(rs, 'schemaUrl', 'schema_url'), `${path}.schemaUrl`),
  };
  const scopeSpansList = field(rs, 'scopeSpans', 'scope_spans') ?? field(rs, 'instrumentationLibrarySpans', 'instrumentation_library_spans');
  for (const [i, ss] of array(scopeSpansList, `${path}.scopeSpans`).entries()) {
    const ssPath = `${path}.scopeSpans[${i}]`;
    const ssObj = object(ss, ssPath);
    const sc = optionalObject(ssObj.scope ?? field(ssObj, 'instrumentationLibrary', 'instrumentation_library'), `${ssPath}.scope`) ?? {};
    const scope: Scope = {
      name: str(sc.name, `${ssPath}.scope.name`),
      version: str(sc.version, `${ssPath}.scope.version`),
      attributes: attributes(sc.attributes, `${ssPath}.scope.attributes`),
      droppedAttributesCount: uint(field(sc, 'droppedAttributesCount', 'dropped_attributes_count'), `${ssPath}.scope.droppedAttributesCount`),
      schemaUrl: str(field(ssObj, 'schemaUrl', 'schema_url'), `${ssPath}.schemaUrl`),
    };
    for (const [j, sp] of array(ssObj.spans, `${ssPath}.spans`).entries()) {
      out.add(readSpan(object(sp, `${ssPath}.spans[${j}]`), `${ssPath}.spans[${j}]`, resource, scope));
    }
  }
}

function readSpan(s: JsonObject, path: string, resource: Resource, scope: Scope): Span {
  const status = optionalObject(s.status, `${path}.status`) ?? {};
  return {
    traceId: id(field(s, 'traceId', 'trace_id'), `${path}.traceId`),
    spanId: id(field(s, 'spanId', 'span_id'), `${path}.spanId`),
    parentSpanId: id(field(s, 'parentSpanId', 'parent_span_id'), `${path}.parentSpanId`),
    traceState: str(field(s, 'traceState', 'trace_state'), `${path}.traceState`),
    flags: uint(s.flags, `${path}.flags`),
    name: str(s.name, `${path}.name`),
    kind: enumValue(s.kind, SPAN_KINDS, 'SPAN_KIND_', `${path}.kind`),
    startTimeUnixNano: uint64(field(s, 'startTimeUnixNano', 'start_time_unix_nano'), `${path}.startTimeUnixNano`),
    endTimeUnixNano: uint64(field(s, 'endTimeUnixNano', 'end_time_unix_nano'), `${path}.endTimeUnixNano`),
    attributes: attributes(s.attributes, `${path}.attributes`),
    droppedAttributesCount: uint(field(s, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
    events: array(s.events, `${path}.events`).map((e, i) => readEvent(object(e, `${path}.events[${i}]`), `${path}.events[${i}]`)),
    droppedEventsCount: uint(field(s, 'droppedEventsCount', 'dropped_events_count'), `${path}.droppedEventsCount`),
    links: array(s.links, `${path}.links`).map((l, i) => readLink(object(l, `${path}.links[${i}]`), `${path}.links[${i}]`)),
    droppedLinksCount: uint(field(s, 'droppedLinksCount', 'dropped_links_count'), `${path}.droppedLinksCount`),
    status: {
      code: enumValue(status.code, STATUS_CODES, 'STATUS_CODE_', `${path}.status.code`),
      message: str(status.message, `${path}.status.message`),
    },
    resource,
    scope,
  };
}

function readEvent(e: JsonObject, path: string): SpanEvent {
  return {
    timeUnixNano: uint64(field(e, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`),
    name: str(e.name, `${path}.name`),
    attributes: attributes(e.attributes, `${path}.attributes`),
    droppedAttributesCount: uint(field(e, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
  };
}

function readLink(l: JsonObject, path: string): SpanLink {
  return {
    traceId: id(field(l, 'traceId', 'trace_id'), `${path}.traceId`),
    spanId: id(field(l, 'spanId', 'span_id'), `${path}.spanId`),
    traceState: str(field(l, 'traceState', 'trace_state'), `${path}.traceState`),
    flags: uint(l.flags, `${path}.flags`),
    attributes: attributes(l.attributes, `${path}.attributes`),
    droppedAttributesCount: uint(field(l, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
  };
}

function attributes(list: Json, path: string, depth = 0): Attributes {
  const into = newAttributes();
  for (const [i, kv] of array(list, path).entries()) {
    const kvObj = object(kv, `${path}[${i}]`);
    const key = str(kvObj.key, `${path}[${i}].key`);
    into[key] = anyValue(kvObj.value, `${path}[${i}].value`, depth);
  }
  return into;
}

function anyValue(v: Json, path: string, depth: number): AnyValue {
  if (depth > MAX_VALUE_DEPTH) throw new DecodeError(`${path}: values nested deeper than ${MAX_VALUE_DEPTH} levels`);
  if (v === undefined || v === null) return null;
  const o = object(v, path);
  if ('stringValue' in o || 'string_value' in o) return str(field(o, 'stringValue', 'string_value'), `${path}.stringValue`);
  if ('boolValue' in o || 'bool_value' in o) {
    const b = field(o, 'boolValue', 'bool_value');
    if (typeof b !== 'boolean') throw typeError(`${path}.boolValue`, 'a boolean', b);
    return b;
  }
  if ('intValue' in o || 'int_value' in o) return int64(field(o, 'intValue', 'int_value'), `${path}.intValue`);
  if ('doubleValue' in o || 'double_value' in o) return double(field(o, 'doubleValue', 'double_value'), `${path}.doubleValue`);
  if ('arrayValue' in o || 'array_value' in o) {
    const av = optionalObject(field(o, 'arrayValue', 'array_value'), `${path}.arrayValue`) ?? {};
    return array(av.values, `${path}.arrayValue.values`).map((item, i) => anyValue(item, `${path}.arrayValue.values[${i}]`, depth + 1));
  }
  if ('kvlistValue' in o || 'kvlist_value' in o) {
    const kv = optionalObject(field(o, 'kvlistValue', 'kvlist_value'), `${path}.kvlistValue`) ?? {};
    return attributes(kv.values, `${path}.kvlistValue.values`, depth + 1);
  }
  if ('bytesValue' in o || 'bytes_value' in o) {
    const b = field(o, 'bytesValue', 'bytes_value');
    if (typeof b !== 'string') throw typeError(`${path}.bytesValue`, 'a base64 string', b);
    return new Uint8Array(Buffer.from(b, 'base64'));
  }
  return null;
}

function enumValue<T extends string>(v: Json, names: readonly T[], prefix: string, path: string): T {
  if (v === undefined || v === null) return names[0];
  if (typeof v === 'number' && names[v] !== undefined) return names[v];
  if (typeof v === 'string') {
    const name = v.startsWith(prefix) ? v.slice(prefix.length) : v;
    const found = names.find((n) => n === name);
    if (found) return found;
  }
  throw typeError(path, `one of ${names.map((n, i) => `${i} (${n})`).join(', ')}`, v);
}

const HEX = /^[0-9a-fA-F]*$/;

/** Ids are hex in OTLP/JSON; base64 (as older exporters wrote) is accepted when its length says so. */
function id(v: Json, path: string): string {
  const s = str(v, path);
  if (HEX.test(s) && s.length % 2 === 0) return s.toLowerCase();
  if ((s.length === 24 || s.length === 12) && /^[A-Za-z0-9+/]+={0,2}$/.test(s)) return Buffer.from(s, 'base64').toString('hex');
  throw new DecodeError(`${path}: "${s.slice(0, 64)}" is not a hex id`);
}
