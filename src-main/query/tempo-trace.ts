/** A stored trace as Tempo's `/api/traces/ID` (v1) and `/api/v2/traces/ID` answer it, in protobuf or JSON. */
import { encodeTempoTraceJson, encodeTempoTraceProtobuf, type TempoTraceVersion } from '../otlp/encode-tempo-trace';
import type { StoreReader } from '../store/store-reader';
import type { TimeWindow } from './newest-traces';
import { loadTraceSpans } from './trace-query';

export interface TempoTraceRequest extends TimeWindow {
  traceId: string;
  version: TempoTraceVersion;
  protobuf: boolean;
}

/** The answer's bytes and type, or undefined when the store has no such trace (or none of it in the window given, as Tempo searches only the blocks of that window). */
export function tempoTrace(reader: StoreReader, request: TempoTraceRequest): { body: Buffer; contentType: string } | undefined {
  const spans = loadTraceSpans(reader, request.traceId);
  if (spans === undefined) return undefined;
  const { startNs, endNs } = request;
  const inWindow = spans.some((span) => (startNs === undefined || span.endTimeUnixNano >= startNs) && (endNs === undefined || span.startTimeUnixNano <= endNs));
  if (!inWindow) return undefined;
  if (request.protobuf) return { body: encodeTempoTraceProtobuf(spans, request.version), contentType: 'application/protobuf' };
  return { body: Buffer.from(JSON.stringify(encodeTempoTraceJson(spans, request.version))), contentType: 'application/json' };
}
