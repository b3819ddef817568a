/**
 * The ApiSpan document (../shared/API.md) a model span reads back as, written out here on its own so that the one
 * path the server takes (query/trace-json.ts: stored rows straight to JSON) is checked against an independent one.
 */
import type { ApiAttributes, ApiSpan, SpanCategory } from '../../src-main/model/api';
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

/**
 * What the compact waterfall (waterfallSpans of ApiWaterfall) should say of these spans, sorted by span id. An
 * operation's category: db when a client or producer span of it has db.system, else messaging when one has
 * messaging.system or is a producer naming its peer (server.address, peer.service, net.peer.name).
 */
export function expectedWaterfallRows(spans: ApiSpan[], startTimeUnixNano: string) {
  const offset = (ns: string) => Number(BigInt(ns) - BigInt(startTimeUnixNano));
  const operation = (s: ApiSpan) => `${s.service}\0${s.name}\0${s.kind}`;
  const categories = new Map<string, SpanCategory>();
  for (const s of spans) {
    if (s.kind !== 'CLIENT' && s.kind !== 'PRODUCER') continue;
    const named = (key: string) => typeof s.attributes[key] === 'string' && s.attributes[key] !== '';
    const peer = ['server.address', 'peer.service', 'net.peer.name'].some(named);
    const category = named('db.system') ? 'db' : named('messaging.system') || (peer && s.kind === 'PRODUCER') ? 'messaging' : undefined;
    if (category && categories.get(operation(s)) !== 'db') categories.set(operation(s), category);
  }
  return spans
    .map((s) => ({
      category: categories.get(operation(s)),
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
