/** Spans → an OTLP/JSON ExportTraceServiceRequest (hex ids, int64 as strings, enums as numbers). */
import type { AnyValue, Attributes, Span } from '../model/span';
import { SPAN_KINDS, STATUS_CODES } from '../model/span';
import { groupByResourceAndScope } from './group-spans';

type Json = Record<string, unknown>;

export function encodeTraceRequestJson(spans: Span[]): Json {
  const byResource = groupByResourceAndScope(spans);
  return {
    resourceSpans: [...byResource].map(([resource, scopes]) => ({
      resource: { attributes: keyValues(resource.attributes), droppedAttributesCount: resource.droppedAttributesCount },
      scopeSpans: [...scopes].map(([scope, list]) => ({
        scope: { name: scope.name, version: scope.version, attributes: keyValues(scope.attributes), droppedAttributesCount: scope.droppedAttributesCount },
        spans: list.map(spanJson),
        schemaUrl: scope.schemaUrl,
      })),
      schemaUrl: resource.schemaUrl,
    })),
  };
}

function spanJson(s: Span): Json {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    traceState: s.traceState,
    parentSpanId: s.parentSpanId,
    flags: s.flags,
    name: s.name,
    kind: SPAN_KINDS.indexOf(s.kind),
    startTimeUnixNano: s.startTimeUnixNano.toString(),
    endTimeUnixNano: s.endTimeUnixNano.toString(),
    attributes: keyValues(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount,
    events: s.events.map((e) => ({ timeUnixNano: e.timeUnixNano.toString(), name: e.name, attributes: keyValues(e.attributes), droppedAttributesCount: e.droppedAttributesCount })),
    droppedEventsCount: s.droppedEventsCount,
    links: s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, traceState: l.traceState, attributes: keyValues(l.attributes), droppedAttributesCount: l.droppedAttributesCount, flags: l.flags })),
    droppedLinksCount: s.droppedLinksCount,
    status: { message: s.status.message, code: STATUS_CODES.indexOf(s.status.code) },
  };
}

function keyValues(attributes: Attributes): Json[] {
  return Object.keys(attributes).map((key) => ({ key, value: anyValue(attributes[key]) }));
}

function anyValue(value: AnyValue): Json {
  if (value === null) return {};
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'bigint') return { intValue: value.toString() };
  if (typeof value === 'number') return { doubleValue: Number.isFinite(value) ? value : String(value) };
  if (value instanceof Uint8Array) return { bytesValue: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { kvlistValue: { values: keyValues(value) } };
}
