/**
 * The ApiSpan document (../shared/API.md) a model span reads back as, written out here on its own so that the one
 * path the server takes (query/trace-json.ts: stored rows straight to JSON) is checked against an independent one.
 */
import type { ApiAttributes, ApiSpan } from '../../src-main/model/api';
import { toJsonValue } from '../../src-main/model/any-value-text';
import { serviceOf, type Attributes, type Span } from '../../src-main/model/span';

const attributes = (a: Attributes) => toJsonValue(a) as ApiAttributes;

export function expectedApiSpan(span: Span): ApiSpan {
  const { resource, scope } = span;
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    traceState: span.traceState,
    flags: span.flags,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: String(span.startTimeUnixNano),
    endTimeUnixNano: String(span.endTimeUnixNano),
    status: { code: span.status.code, message: span.status.message },
    service: serviceOf(resource),
    attributes: attributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    resource: { attributes: attributes(resource.attributes), droppedAttributesCount: resource.droppedAttributesCount, schemaUrl: resource.schemaUrl },
    scope: { name: scope.name, version: scope.version, attributes: attributes(scope.attributes), droppedAttributesCount: scope.droppedAttributesCount, schemaUrl: scope.schemaUrl },
    events: span.events.map((e) => ({ name: e.name, timeUnixNano: String(e.timeUnixNano), attributes: attributes(e.attributes), droppedAttributesCount: e.droppedAttributesCount })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, traceState: l.traceState, flags: l.flags, attributes: attributes(l.attributes), droppedAttributesCount: l.droppedAttributesCount })),
    droppedLinksCount: span.droppedLinksCount,
  };
}

/** What the compact waterfall (waterfallSpans of ApiWaterfall) should say of these spans, sorted by span id. */
export function expectedWaterfallRows(spans: ApiSpan[], startTimeUnixNano: string) {
  const offset = (ns: string) => Number(BigInt(ns) - BigInt(startTimeUnixNano));
  return spans
    .map((s) => ({
      spanId: s.spanId,
      parentSpanId: s.parentSpanId,
      service: s.service,
      name: s.name,
      kind: s.kind,
      status: s.status.code,
      start: offset(s.startTimeUnixNano),
      end: offset(s.endTimeUnixNano),
      events: s.events.map((e) => offset(e.timeUnixNano)),
    }))
    .sort(bySpanId);
}

export const bySpanId = (a: { spanId: string }, b: { spanId: string }) => a.spanId.localeCompare(b.spanId);
