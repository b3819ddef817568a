/**
 * A trace as Grafana Tempo answers a lookup by id: `/api/v2/traces/ID` a TraceByIDResponse `{"trace": {"resourceSpans"}}`,
 * `/api/traces/ID` a Trace `{"batches"}`; protobuf when the asker accepts `application/protobuf` (Grafana always does).
 */
import type { Span } from '../model/span';
import { encodeTraceRequestJson } from './encode-json';
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

export function encodeTempoTraceJson(spans: Span[], version: TempoTraceVersion): Record<string, unknown> {
  const { resourceSpans } = encodeTraceRequestJson(spans);
  return version === 'v1' ? { batches: resourceSpans } : { trace: { resourceSpans } };
}
