/**
 * Model spans → Jaeger JSON as the query API answers and the UI downloads it (`{"data": [trace, …]}`), the
 * inverse of jaeger-decode.ts. Links become references (FOLLOWS_FROM unless `opentracing.ref_type` says
 * child_of); what Jaeger cannot hold (scope and link attributes, arrays and key-value lists as values,
 * sub-µs times, dropped counts) is counted in the notes.
 */
import { toJsonValue } from '../model/any-value-text';
import { serviceOf, type AnyValue, type Attributes, type Resource, type Span } from '../model/span';
import { ConversionNotes, type Converted } from './conversion-notes';

type JaegerTag = { key: string; type: string; value: unknown };

export function encodeJaegerJson(spans: Span[]): Converted {
  const notes = new ConversionNotes();
  const byTrace = new Map<string, Span[]>();
  for (const span of spans) {
    let list = byTrace.get(span.traceId);
    if (!list) byTrace.set(span.traceId, (list = []));
    list.push(span);
  }
  const data = [...byTrace].map(([traceId, list]) => {
    const processIds = new Map<Resource, string>();
    const processes: Record<string, unknown> = {};
    for (const span of list) {
      if (processIds.has(span.resource)) continue;
      const id = `p${processIds.size + 1}`;
      processIds.set(span.resource, id);
      const { 'service.name': _serviceName, ...rest } = span.resource.attributes;
      processes[id] = { serviceName: serviceOf(span.resource), tags: jaegerTags(rest, notes) };
    }
    const spansJson = list.map((span) => {
      const json = spanJson(span, processIds.get(span.resource)!, notes);
      notes.endSpan();
      return json;
    });
    return { traceID: shortTraceId(traceId), spans: spansJson, processes, warnings: null };
  });
  return { text: JSON.stringify({ data, total: 0, limit: 0, offset: 0, errors: null }), notes: notes.sentences() };
}

/** Jaeger writes 64-bit trace ids in 16 digits. */
const shortTraceId = (traceId: string) => (traceId.startsWith('0'.repeat(16)) ? traceId.slice(16) : traceId);

function spanJson(span: Span, processID: string, notes: ConversionNotes) {
  const references = [
    ...(span.parentSpanId ? [{ refType: 'CHILD_OF', traceID: shortTraceId(span.traceId), spanID: span.parentSpanId }] : []),
    ...span.links.map((link) => {
      const { 'opentracing.ref_type': refType, ...rest } = link.attributes;
      if (Object.keys(rest).length > 0 || link.traceState) notes.add('link attributes and trace state dropped (Jaeger references have none)');
      return { refType: refType === 'child_of' ? 'CHILD_OF' : 'FOLLOWS_FROM', traceID: shortTraceId(link.traceId), spanID: link.spanId };
    }),
  ];
  if (span.startTimeUnixNano % 1000n !== 0n || span.endTimeUnixNano % 1000n !== 0n) notes.add("times rounded down to microseconds, Jaeger's unit");
  if (Object.keys(span.scope.attributes).length > 0) notes.add('scope attributes dropped (Jaeger has no scope)');
  if (span.droppedAttributesCount || span.droppedEventsCount || span.droppedLinksCount) notes.add('dropped-item counts dropped');
  const { 'jaeger.warnings': warnings, ...attributes } = span.attributes;
  const fieldTags: JaegerTag[] = [];
  if (span.kind !== 'UNSPECIFIED') fieldTags.push({ key: 'span.kind', type: 'string', value: span.kind.toLowerCase() });
  if (span.status.code !== 'UNSET') fieldTags.push({ key: 'otel.status_code', type: 'string', value: span.status.code });
  if (span.status.code === 'ERROR') {
    fieldTags.push({ key: 'error', type: 'bool', value: true });
    if (span.status.message) fieldTags.push({ key: 'otel.status_description', type: 'string', value: span.status.message });
  }
  if (span.scope.name) fieldTags.push({ key: 'otel.scope.name', type: 'string', value: span.scope.name });
  if (span.scope.version) fieldTags.push({ key: 'otel.scope.version', type: 'string', value: span.scope.version });
  if (span.traceState) fieldTags.push({ key: 'w3c.tracestate', type: 'string', value: span.traceState });
  return {
    traceID: shortTraceId(span.traceId),
    spanID: span.spanId,
    ...(span.flags ? { flags: span.flags } : {}),
    operationName: span.name,
    references,
    startTime: Number(span.startTimeUnixNano / 1000n),
    duration: Number((span.endTimeUnixNano - span.startTimeUnixNano) / 1000n),
    tags: [...jaegerTags(attributes, notes), ...fieldTags],
    logs: span.events.map((e) => ({
      timestamp: Number(e.timeUnixNano / 1000n),
      fields: [...(e.name ? [{ key: 'event', type: 'string', value: e.name }] : []), ...jaegerTags(e.attributes, notes)],
    })),
    processID,
    warnings: Array.isArray(warnings) ? warnings.map(String) : null,
  };
}

function jaegerTags(attributes: Attributes, notes: ConversionNotes): JaegerTag[] {
  return Object.keys(attributes).map((key) => ({ key, ...typedValue(attributes[key], notes) }));
}

function typedValue(value: AnyValue, notes: ConversionNotes): { type: string; value: unknown } {
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'boolean') return { type: 'bool', value };
  // Past 2^53 a JSON number loses digits: such int64 values go as decimal strings, which Jaeger's reader takes.
  if (typeof value === 'bigint') return { type: 'int64', value: value >= -(2n ** 53n) && value <= 2n ** 53n ? Number(value) : value.toString() };
  if (typeof value === 'number') return { type: 'float64', value: Number.isFinite(value) ? value : String(value) };
  if (value instanceof Uint8Array) return { type: 'binary', value: Buffer.from(value).toString('base64') };
  notes.add('array, key-value list and empty values written as JSON text (Jaeger has no such types)');
  return { type: 'string', value: JSON.stringify(toJsonValue(value)) };
}
