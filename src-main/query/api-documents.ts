/** Model → the parts of the HTTP API's documents that query/trace-json.ts writes from model objects (resource, scope, events, links), and trace summaries. */
import type { ApiAttributes, ApiSpan, ApiValue, TraceSummary } from '../model/api';
import { anyValueText, toJsonValue } from '../model/any-value-text';
import { serviceOf, type AnyValue, type Attributes, type Resource, type Scope, type SpanEvent, type SpanLink } from '../model/span';
import { parseServiceCounts } from '../store/span-writer';
import type { StoreReader, TraceRow } from '../store/store-reader';

export function toApiEvent(e: SpanEvent): ApiSpan['events'][number] {
  return { name: e.name, timeUnixNano: e.timeUnixNano.toString(), attributes: toApiAttributes(e.attributes), droppedAttributesCount: e.droppedAttributesCount };
}

export function toApiLink(l: SpanLink): ApiSpan['links'][number] {
  return { traceId: l.traceId, spanId: l.spanId, traceState: l.traceState, flags: l.flags, attributes: toApiAttributes(l.attributes), droppedAttributesCount: l.droppedAttributesCount };
}

// Spans share their resource and scope objects: each is converted (and serialized) once.
const apiResources = new WeakMap<Resource, ApiSpan['resource']>();
const apiScopes = new WeakMap<Scope, ApiSpan['scope']>();
const resourceJson = new WeakMap<Resource, { service: string; resource: string }>();
const scopeJson = new WeakMap<Scope, string>();

/** The JSON texts of a resource's `service` and `resource` fields, made once per resource object. */
export function resourceJsonOf(resource: Resource): { service: string; resource: string } {
  let json = resourceJson.get(resource);
  if (json === undefined) {
    json = { service: JSON.stringify(serviceOf(resource)), resource: JSON.stringify(apiResource(resource)) };
    resourceJson.set(resource, json);
  }
  return json;
}

export function scopeJsonOf(scope: Scope): string {
  let json = scopeJson.get(scope);
  if (json === undefined) scopeJson.set(scope, (json = JSON.stringify(apiScope(scope))));
  return json;
}

export function apiResource(resource: Resource): ApiSpan['resource'] {
  let converted = apiResources.get(resource);
  if (!converted) {
    converted = { attributes: toApiAttributes(resource.attributes), droppedAttributesCount: resource.droppedAttributesCount, schemaUrl: resource.schemaUrl };
    apiResources.set(resource, converted);
  }
  return converted;
}

export function apiScope(scope: Scope): ApiSpan['scope'] {
  let converted = apiScopes.get(scope);
  if (!converted) {
    converted = { name: scope.name, version: scope.version, attributes: toApiAttributes(scope.attributes), droppedAttributesCount: scope.droppedAttributesCount, schemaUrl: scope.schemaUrl };
    apiScopes.set(scope, converted);
  }
  return converted;
}

export function toApiAttributes(attributes: Attributes): ApiAttributes {
  return toJsonValue(attributes) as ApiAttributes;
}

export function toApiValue(value: AnyValue): ApiValue {
  return toJsonValue(value) as ApiValue;
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
    lastReceivedMs: row.updatedMs,
    refusedSpanCount: row.refusedSpans,
    ...rootHttp(reader, row),
  };
}

/** Each field's attribute names, current semantic conventions first. */
const HTTP_FIELDS = {
  httpMethod: ['http.request.method', 'http.method'],
  httpRoute: ['http.route', 'url.path', 'http.target'],
  httpStatusCode: ['http.response.status_code', 'http.status_code'],
} as const;

/** What the result list shows beside the root operation: one indexed read of the root span. */
function rootHttp(reader: StoreReader, row: TraceRow): Pick<TraceSummary, keyof typeof HTTP_FIELDS> {
  const rootRow = reader.rootSpanRow(row.traceNo);
  if (!rootRow) return {};
  const { attributes } = reader.toSpan(row.traceId, rootRow);
  const found: Pick<TraceSummary, keyof typeof HTTP_FIELDS> = {};
  for (const [field, keys] of Object.entries(HTTP_FIELDS) as [keyof typeof HTTP_FIELDS, readonly string[]][]) {
    const key = keys.find((k) => k in attributes);
    if (key !== undefined) found[field] = anyValueText(attributes[key]);
  }
  return found;
}
