/** Spans → an OTLP/JSON ExportTraceServiceRequest (hex ids, int64 as strings, enums as numbers). */
import type { AnyValue, Attributes, Resource, Scope, Span } from '../model/span';
import { SPAN_KINDS, STATUS_CODES } from '../model/span';
import { groupByResourceAndScope } from './group-spans';

export type Json = Record<string, unknown>;

export function encodeTraceRequestJson(spans: Span[]): Json {
  return encodeGroupedJson(spans, ['resourceSpans', 'scopeSpans', 'spans'], spanJson);
}

/** An Export{Trace,Logs}ServiceRequest in OTLP/JSON: the items grouped by their shared resource and scope objects, under the signal's names of its three lists. */
export function encodeGroupedJson<T extends { resource: Resource; scope: Scope }>(items: T[], [resources, scopes, records]: readonly [string, string, string], itemJson: (item: T) => Json): Json {
  return {
    [resources]: [...groupByResourceAndScope(items)].map(([resource, byScope]) => ({
      resource: { attributes: keyValues(resource.attributes), droppedAttributesCount: resource.droppedAttributesCount },
      [scopes]: [...byScope].map(([scope, list]) => ({
        scope: { name: scope.name, version: scope.version, attributes: keyValues(scope.attributes), droppedAttributesCount: scope.droppedAttributesCount },
        [records]: list.map(itemJson),
        schemaUrl: scope.schemaUrl,
      })),
      schemaUrl: resource.schemaUrl,
    })),
  };
}

export function spanJson(s: Span): Json {
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

export function keyValues(attributes: Attributes): Json[] {
  return Object.keys(attributes).map((key) => ({ key, value: anyValue(attributes[key]) }));
}

export function anyValue(value: AnyValue): Json {
  if (value === null) return {};
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'bigint') return { intValue: value.toString() };
  if (typeof value === 'number') return { doubleValue: Number.isFinite(value) ? value : String(value) };
  if (value instanceof Uint8Array) return { bytesValue: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { kvlistValue: { values: keyValues(value) } };
}
