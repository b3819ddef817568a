/** OTLP export answers in the request's encoding (protobuf or JSON), per the OTLP/HTTP specification. */
import { TAG } from '../otlp/otlp-schema';
import { ProtobufWriter } from '../otlp/protobuf-writer';

export type Encoding = 'protobuf' | 'json';

export const CONTENT_TYPE: Record<Encoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

export type Signal = 'traces' | 'logs';

/** The partial_success fields of each signal's export answer. */
const PARTIAL_SUCCESS = {
  traces: { field: TAG.ExportTraceServiceResponse.partialSuccess, rejected: TAG.ExportTracePartialSuccess.rejectedSpans, errorMessage: TAG.ExportTracePartialSuccess.errorMessage, jsonName: 'rejectedSpans' },
  logs: { field: TAG.ExportLogsServiceResponse.partialSuccess, rejected: TAG.ExportLogsPartialSuccess.rejectedLogRecords, errorMessage: TAG.ExportLogsPartialSuccess.errorMessage, jsonName: 'rejectedLogRecords' },
} as const;

/** Export{Trace,Logs}ServiceResponse; partial_success only when something was rejected. */
export function exportResponse(encoding: Encoding, rejected: number, errorMessage: string, signal: Signal = 'traces'): Buffer {
  const fields = PARTIAL_SUCCESS[signal];
  if (encoding === 'json') {
    const doc = rejected > 0 ? { partialSuccess: { [fields.jsonName]: String(rejected), errorMessage } } : {};
    return Buffer.from(JSON.stringify(doc));
  }
  const w = new ProtobufWriter(64 + errorMessage.length * 3);
  if (rejected > 0) {
    const mark = w.beginMessage(fields.field);
    w.tag(fields.rejected);
    w.int64(BigInt(rejected));
    w.tag(fields.errorMessage);
    w.string(errorMessage);
    w.endMessage(mark);
  }
  return Buffer.from(w.view());
}

/** google.rpc.Status, the body of an OTLP/HTTP error answer. */
export function statusResponse(encoding: Encoding, grpcCode: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code: grpcCode, message }));
  const w = new ProtobufWriter(64 + message.length * 3);
  w.tag(TAG.RpcStatus.code);
  w.uint32(grpcCode);
  w.tag(TAG.RpcStatus.message);
  w.string(message);
  return Buffer.from(w.view());
}

export const GRPC_INVALID_ARGUMENT = 3;
export const GRPC_RESOURCE_EXHAUSTED = 8;
export const GRPC_UNAVAILABLE = 14;
export const GRPC_INTERNAL = 13;
