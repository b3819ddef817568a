/**
 * A trace as Grafana Tempo answers a lookup by id: `/api/v2/traces/ID` a TraceByIDResponse `{"trace": {"resourceSpans"}}`,
 * `/api/traces/ID` a Trace `{"batches"}`; protobuf when the asker accepts `application/protobuf` (Grafana always does).
 * Tempo's JSON is its protobuf messages as Go's jsonpb writes them: ids in base64, enums by name (its documentation's
 * example in docs/sources/tempo/api_docs/pushing-spans-with-http.md), unlike OTLP/JSON's hex ids and numbers.
 */
import type { Span } from '../model/span';
import { encodeGroupedJson, spanJson, type Json } from './encode-json';
import { encodeTraceRequestProtobuf } from './encode-protobuf';
import { TAG } from './otlp-schema';
import { ProtobufWriter } from './protobuf-writer';

export type TempoTraceVersion = 'v1' | 'v2';

export function encodeTempoTraceProtobuf(spans: Span[], version: TempoTraceVersion): Buffer {
  const trace = encodeTraceRequestProtobuf(spans, TAG.TempoTrace.resourceSpans);
  if (version === 'v1') return trace;
  const w = new ProtobufWriter(trace.length + 16);
  w.tag(TAG.TempoTraceByIDResponse.trace);
  w.bytes(trace);
  return Buffer.from(w.view());
}

export function encodeTempoTraceJson(spans: Span[], version: TempoTraceVersion): Json {
  const { resourceSpans } = encodeGroupedJson(spans, ['resourceSpans', 'scopeSpans', 'spans'], tempoSpanJson);
  return version === 'v1' ? { batches: resourceSpans } : { trace: { resourceSpans } };
}

function tempoSpanJson(span: Span): Json {
  const json = spanJson(span);
  return {
    ...json,
    traceId: base64(span.traceId),
    spanId: base64(span.spanId),
    parentSpanId: base64(span.parentSpanId),
    kind: `SPAN_KIND_${span.kind}`,
    links: (json.links as Json[]).map((link, i) => ({ ...link, traceId: base64(span.links[i].traceId), spanId: base64(span.links[i].spanId) })),
    status: { message: span.status.message, code: `STATUS_CODE_${span.status.code}` },
  };
}

const base64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
