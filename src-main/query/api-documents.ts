/** Model → the JSON documents of the HTTP API. */
import type { ApiAttributes, ApiSpan, TraceSummary } from '../model/api';
import { toJsonValue } from '../model/any-value-text';
import { serviceOf, type Attributes, type Span } from '../model/span';
import { parseServiceCounts } from '../store/span-writer';
import type { StoreReader, TraceRow } from '../store/store-reader';

export function toApiSpan(span: Span): ApiSpan {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    traceState: span.traceState,
    flags: span.flags,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: span.startTimeUnixNano.toString(),
    endTimeUnixNano: span.endTimeUnixNano.toString(),
    status: { code: span.status.code, message: span.status.message },
    service: serviceOf(span.resource),
    attributes: toApiAttributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    resource: {
      attributes: toApiAttributes(span.resource.attributes),
      droppedAttributesCount: span.resource.droppedAttributesCount,
      schemaUrl: span.resource.schemaUrl,
    },
    scope: {
      name: span.scope.name,
      version: span.scope.version,
      attributes: toApiAttributes(span.scope.attributes),
      droppedAttributesCount: span.scope.droppedAttributesCount,
      schemaUrl: span.scope.schemaUrl,
    },
    events: span.events.map((e) => ({
      name: e.name,
      timeUnixNano: e.timeUnixNano.toString(),
      attributes: toApiAttributes(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount,
    })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      traceState: l.traceState,
      flags: l.flags,
      attributes: toApiAttributes(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount,
    })),
    droppedLinksCount: span.droppedLinksCount,
  };
}

function toApiAttributes(attributes: Attributes): ApiAttributes {
  return toJsonValue(attributes) as ApiAttributes;
}

export function toTraceSummary(reader: StoreReader, row: TraceRow): TraceSummary {
  const root = reader.operation(row.rootOpId);
  const services = [...parseServiceCounts(row.services)]
    .map(([id, spanCount]) => ({ name: reader.serviceName(id), spanCount }))
    .sort((a, b) => b.spanCount - a.spanCount || a.name.localeCompare(b.name));
  return {
    traceId: row.traceId,
    rootService: reader.serviceName(root.serviceId),
    rootName: root.name,
    startTimeUnixNano: row.startNs.toString(),
    durationNano: (row.endNs - row.startNs).toString(),
    spanCount: row.spanCount,
    errorCount: row.errorCount,
    services,
  };
}
