/** Model → the JSON documents of the HTTP API. */
import type { ApiAttributes, ApiSpan, TraceSummary } from '../model/api';
import { toJsonValue } from '../model/any-value-text';
import { serviceOf, type Attributes, type Resource, type Scope, type Span } from '../model/span';
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
    resource: apiResource(span.resource),
    scope: apiScope(span.scope),
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

// Spans share their resource and scope objects: each is converted (and serialized) once.
const apiResources = new WeakMap<Resource, ApiSpan['resource']>();
const apiScopes = new WeakMap<Scope, ApiSpan['scope']>();
const resourceJson = new WeakMap<Resource, string>();
const scopeJson = new WeakMap<Scope, string>();

/**
 * The JSON text of an ApiTrace, written without building every span's resource and scope again: the same
 * document as JSON.stringify({ traceId, spans: spans.map(toApiSpan) }), with resource and scope last.
 */
export function traceJson(traceId: string, spans: Span[]): string {
  const parts = new Array<string>(spans.length);
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    const { resource, scope, ...own } = toApiSpan(span);
    let r = resourceJson.get(span.resource);
    if (r === undefined) resourceJson.set(span.resource, (r = JSON.stringify(resource)));
    let sc = scopeJson.get(span.scope);
    if (sc === undefined) scopeJson.set(span.scope, (sc = JSON.stringify(scope)));
    const text = JSON.stringify(own);
    parts[i] = `${text.slice(0, -1)},"resource":${r},"scope":${sc}}`;
  }
  return `{"traceId":${JSON.stringify(traceId)},"spans":[${parts.join(',')}]}`;
}

function apiResource(resource: Resource): ApiSpan['resource'] {
  let converted = apiResources.get(resource);
  if (!converted) {
    converted = { attributes: toApiAttributes(resource.attributes), droppedAttributesCount: resource.droppedAttributesCount, schemaUrl: resource.schemaUrl };
    apiResources.set(resource, converted);
  }
  return converted;
}

function apiScope(scope: Scope): ApiSpan['scope'] {
  let converted = apiScopes.get(scope);
  if (!converted) {
    converted = { name: scope.name, version: scope.version, attributes: toApiAttributes(scope.attributes), droppedAttributesCount: scope.droppedAttributesCount, schemaUrl: scope.schemaUrl };
    apiScopes.set(scope, converted);
  }
  return converted;
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
