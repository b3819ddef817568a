/**
 * Jaeger JSON → model spans: the query API's answer and the UI's download (`{"data": [trace, …]}`), a single
 * trace object (`{"traceID", "spans", "processes"}`), or an array of traces. Mapped as OpenTelemetry's Jaeger
 * translator maps them: `span.kind`, `otel.status_code`/`otel.status_description`/`error`, `otel.scope.*` and
 * `w3c.tracestate` tags become fields; the first CHILD_OF reference in the trace is the parent and the other
 * references become links (with `opentracing.ref_type`); logs become events named by their `event` field;
 * processes become resources.
 */
import { parseJson } from '../otlp/parse-json';
import { DecodeError, invalidIdReason, parentOrNone } from '../otlp/decode-result';
import { array, object, optionalObject, str, typeError, type Json, type JsonObject } from '../otlp/json-fields';
import { micros, paddedHexId } from './id-time-fields';
import { newAttributes, type AnyValue, type Attributes, type Resource, type Scope, type Span, type SpanKind, type SpanLink, type StatusCode } from '../model/span';

const KINDS = new Map<string, SpanKind>([['client', 'CLIENT'], ['server', 'SERVER'], ['producer', 'PRODUCER'], ['consumer', 'CONSUMER'], ['internal', 'INTERNAL']]);
const FIELD_TAGS = new Set(['span.kind', 'otel.status_code', 'otel.status_description', 'error', 'otel.scope.name', 'otel.scope.version', 'otel.library.name', 'otel.library.version', 'w3c.tracestate']);

/** Decodes a parsed Jaeger JSON document; throws DecodeError naming the path of the first bad value. */
export function decodeJaegerJson(doc: Json): Span[] {
  const traces = Array.isArray(doc)
    ? doc.map((t, i) => [t, `[${i}]`] as const)
    : 'data' in object(doc, '$')
      ? array((doc as JsonObject).data, 'data').map((t, i) => [t, `data[${i}]`] as const)
      : [[doc, '$'] as const];
  return traces.flatMap(([trace, path]) => readTrace(object(trace, path), path));
}

export function decodeJaegerJsonText(text: string): Span[] {
  return decodeJaegerJson(parseJson(text));
}

function readTrace(trace: JsonObject, path: string): Span[] {
  return readSpans(array(trace.spans, `${path}.spans`), path, 0, readProcesses(trace.processes, path), new Map());
}

/** A trace's `processes` (`path` is the trace's) as resources, by process id. */
export function readProcesses(processesValue: Json, path: string): Map<string, Resource> {
  const processes = new Map<string, Resource>();
  const processesObj = optionalObject(processesValue, `${path}.processes`) ?? {};
  for (const id of Object.keys(processesObj)) {
    const p = object(processesObj[id], `${path}.processes.${id}`);
    const attributes = tags(p.tags, `${path}.processes.${id}.tags`);
    const serviceName = str(p.serviceName, `${path}.processes.${id}.serviceName`);
    const withService = newAttributes();
    if (serviceName) withService['service.name'] = serviceName;
    for (const key of Object.keys(attributes)) if (key !== 'service.name' || !serviceName) withService[key] = attributes[key];
    processes.set(id, { attributes: withService, droppedAttributesCount: 0, schemaUrl: '' });
  }
  return processes;
}

/**
 * Spans of a trace (`path` is the trace's), the first at index `firstIndex` of its `spans`; `scopes` is shared by
 * the calls for one trace so each scope is one object.
 */
export function readSpans(spans: Json[], path: string, firstIndex: number, processes: Map<string, Resource>, scopes: Map<string, Scope>): Span[] {
  return spans.map((s, i) => readSpan(object(s, `${path}.spans[${firstIndex + i}]`), `${path}.spans[${firstIndex + i}]`, processes, scopes));
}

function readSpan(s: JsonObject, path: string, processes: Map<string, Resource>, scopes: Map<string, Scope>): Span {
  const traceId = paddedHexId(s.traceID, `${path}.traceID`, 32);
  const spanId = paddedHexId(s.spanID, `${path}.spanID`, 16);
  const refs = array(s.references, `${path}.references`).map((r, i) => {
    const ref = object(r, `${path}.references[${i}]`);
    const refType = str(ref.refType, `${path}.references[${i}].refType`);
    if (refType !== 'CHILD_OF' && refType !== 'FOLLOWS_FROM') throw typeError(`${path}.references[${i}].refType`, 'CHILD_OF or FOLLOWS_FROM', ref.refType);
    return { refType, traceId: paddedHexId(ref.traceID, `${path}.references[${i}].traceID`, 32), spanId: paddedHexId(ref.spanID, `${path}.references[${i}].spanID`, 16) };
  });
  const sameTrace = refs.filter((r) => r.traceId === traceId);
  const parent = sameTrace.find((r) => r.refType === 'CHILD_OF') ?? sameTrace[0];
  const links: SpanLink[] = refs
    .filter((r) => r !== parent)
    .map((r) => ({ traceId: r.traceId, spanId: r.spanId, traceState: '', flags: 0, attributes: Object.assign(newAttributes(), { 'opentracing.ref_type': r.refType === 'CHILD_OF' ? 'child_of' : 'follows_from' }), droppedAttributesCount: 0 }));

  const all = tags(s.tags, `${path}.tags`);
  const attributes = newAttributes();
  for (const key of Object.keys(all)) if (!FIELD_TAGS.has(key)) attributes[key] = all[key];
  const warnings = array(s.warnings, `${path}.warnings`).map((w, i) => str(w, `${path}.warnings[${i}]`));
  if (warnings.length > 0) attributes['jaeger.warnings'] = warnings;

  const processId = str(s.processID, `${path}.processID`);
  const resource = processes.get(processId);
  if (!resource) throw new DecodeError(`${path}.processID: "${processId}" is not among the trace's processes`);
  const startUs = micros(s.startTime, `${path}.startTime`);
  const kindTag = all['span.kind'];
  const span: Span = {
    traceId,
    spanId,
    parentSpanId: parentOrNone(parent?.spanId ?? ''),
    traceState: typeof all['w3c.tracestate'] === 'string' ? all['w3c.tracestate'] : '',
    flags: flags(s.flags, `${path}.flags`),
    name: str(s.operationName, `${path}.operationName`),
    kind: typeof kindTag === 'string' ? (KINDS.get(kindTag.toLowerCase()) ?? 'UNSPECIFIED') : 'UNSPECIFIED',
    startTimeUnixNano: startUs * 1000n,
    endTimeUnixNano: (startUs + micros(s.duration, `${path}.duration`)) * 1000n,
    attributes,
    droppedAttributesCount: 0,
    events: array(s.logs, `${path}.logs`).map((l, i) => readLog(object(l, `${path}.logs[${i}]`), `${path}.logs[${i}]`)),
    droppedEventsCount: 0,
    links,
    droppedLinksCount: 0,
    status: status(all),
    resource,
    scope: scope(all, scopes),
  };
  const reason = invalidIdReason(span.traceId, span.spanId, span.parentSpanId);
  if (reason) throw new DecodeError(`${path}: ${reason}`);
  return span;
}

function readLog(log: JsonObject, path: string) {
  const fields = tags(log.fields, `${path}.fields`);
  const name = typeof fields.event === 'string' ? fields.event : '';
  if (name) delete fields.event;
  return { timeUnixNano: micros(log.timestamp, `${path}.timestamp`) * 1000n, name, attributes: fields, droppedAttributesCount: 0 };
}

function status(all: Attributes): { code: StatusCode; message: string } {
  const code = all['otel.status_code'];
  const message = typeof all['otel.status_description'] === 'string' ? all['otel.status_description'] : '';
  if (code === 'OK') return { code: 'OK', message: '' };
  if (code === 'ERROR' || all.error === true || all.error === 'true') return { code: 'ERROR', message };
  return { code: 'UNSET', message: '' };
}

function scope(all: Attributes, scopes: Map<string, Scope>): Scope {
  const text = (v: AnyValue | undefined) => (typeof v === 'string' ? v : '');
  const name = text(all['otel.scope.name'] ?? all['otel.library.name']);
  const version = text(all['otel.scope.version'] ?? all['otel.library.version']);
  const key = `${name}|${version}`;
  let found = scopes.get(key);
  if (!found) scopes.set(key, (found = { name, version, attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' }));
  return found;
}

/** Jaeger's typed key-values: string, bool, int64 (a number, or a string past 2^53), float64, binary (base64). */
function tags(list: Json, path: string): Attributes {
  const into = newAttributes();
  for (const [i, kv] of array(list, path).entries()) {
    const tag = object(kv, `${path}[${i}]`);
    const key = str(tag.key, `${path}[${i}].key`);
    into[key] = tagValue(tag, `${path}[${i}]`);
  }
  return into;
}

function tagValue(tag: JsonObject, path: string): AnyValue {
  const v = tag.value;
  const type = str(tag.type, `${path}.type`) || 'string';
  switch (type) {
    case 'string':
      if (typeof v === 'string') return v;
      break;
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      break;
    case 'int64':
      if (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63) return BigInt(v);
      if (typeof v === 'string' && /^-?\d{1,19}$/.test(v)) return BigInt.asIntN(64, BigInt(v));
      break;
    case 'float64':
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && (v === 'NaN' || (v.trim() !== '' && !Number.isNaN(Number(v))))) return Number(v);
      break;
    case 'binary':
      if (typeof v === 'string') return new Uint8Array(Buffer.from(v, 'base64'));
      break;
    default:
      throw typeError(`${path}.type`, 'string, bool, int64, float64 or binary', tag.type);
  }
  throw typeError(`${path}.value`, `a ${type} value`, v);
}

function flags(v: Json, path: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) return v;
  throw typeError(path, 'an unsigned 32-bit integer', v);
}
