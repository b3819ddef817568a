/**
 * Jaeger's query service answers read into Spanscope's shapes: API v3 (jaegertracing/jaeger
 * `cmd/query/app/apiv3/http_gateway.go`, its `snapshots/`) and the classic `/api` the UI uses. Pure.
 */
import type { Operation } from '../model/api';
import { SPAN_KINDS, type Span, type SpanKind } from '../model/span';
import { decodeJaegerJson } from '../formats/jaeger-decode';
import { decodeTraceRequestJson } from '../otlp/decode-json';
import { isObject } from './remote-backend';

/** API v3's traces: OTLP/JSON `TracesData`, under `result` (the gateway's stream wrapper) or bare in older versions. */
export function jaegerV3Spans(body: unknown): Span[] | string {
  if (!isObject(body)) return 'it is not a JSON object';
  const data = isObject(body.result) ? body.result : body;
  if (data.resourceSpans === undefined) return data === body && Object.keys(body).length > 0 ? 'it has neither "result" nor "resourceSpans"' : [];
  return decodeTraceRequestJson(data).spans;
}

/** API v3's `/api/v3/services` (`{"services": [...]}`), or the classic `/api/services` (`{"data": [...]}`). */
export function jaegerServices(body: unknown, key: 'services' | 'data'): string[] | string {
  if (!isObject(body) || !Array.isArray(body[key])) return `it has no "${key}" array`;
  return (body[key] as unknown[]).filter((name): name is string => typeof name === 'string').sort();
}

/** API v3's `/api/v3/operations` (`{"operations": [{"name", "spanKind"}]}`). */
export function jaegerV3Operations(body: unknown): Operation[] | string {
  if (!isObject(body) || !Array.isArray(body.operations)) return 'it has no "operations" array';
  return body.operations.flatMap((op) => (isObject(op) && typeof op.name === 'string' ? [{ name: op.name, kind: spanKindOf(op.spanKind) }] : []));
}

/** The classic `/api/services/NAME/operations` (`{"data": ["name", ...]}`). */
export function jaegerClassicOperations(body: unknown): Operation[] | string {
  const names = jaegerServices(body, 'data');
  return typeof names === 'string' ? names : names.map((name) => ({ name, kind: 'UNSPECIFIED' }));
}

/** The classic `/api/traces` and `/api/traces/ID`: `{"data": [trace, ...]}`, the format the archives read. */
export function jaegerClassicSpans(body: unknown): Span[] | string {
  if (!isObject(body) || !Array.isArray(body.data)) return 'it has no "data" array';
  return decodeJaegerJson(body);
}

function spanKindOf(kind: unknown): SpanKind {
  const upper = typeof kind === 'string' ? kind.toUpperCase() : '';
  return (SPAN_KINDS as readonly string[]).includes(upper) ? (upper as SpanKind) : 'UNSPECIFIED';
}
