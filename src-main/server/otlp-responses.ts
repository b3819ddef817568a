/** OTLP export answers in the request's encoding (protobuf or JSON), per the OTLP/HTTP specification. */
import { TAG } from '../otlp/otlp-schema';
import { ProtobufWriter } from '../otlp/protobuf-writer';

export type Encoding = 'protobuf' | 'json';

export const CONTENT_TYPE: Record<Encoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

/** ExportTraceServiceResponse; partial_success only when something was rejected. */
export function exportResponse(encoding: Encoding, rejectedSpans: number, errorMessage: string): Buffer {
  if (encoding === 'json') {
    const doc = rejectedSpans > 0 ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {};
    return Buffer.from(JSON.stringify(doc));
  }
  const w = new ProtobufWriter(64 + errorMessage.length * 3);
  if (rejectedSpans > 0) {
    const mark = w.beginMessage(TAG.ExportTraceServiceResponse.partialSuccess);
    w.tag(TAG.ExportTracePartialSuccess.rejectedSpans);
    w.int64(BigInt(rejectedSpans));
    w.tag(TAG.ExportTracePartialSuccess.errorMessage);
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
