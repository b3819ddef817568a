/** Decode an OTLP export body and store its spans: the step the HTTP and gRPC receivers share. */
import type { DecodeResult } from '../otlp/decode-result';
import { decodeTraceRequestJsonText } from '../otlp/decode-json';
import { decodeTraceRequestProtobuf } from '../otlp/decode-protobuf';
import type { Store } from '../store/store';
import type { Encoding } from './otlp-responses';

export interface IngestResult {
  acceptedSpans: number;
  rejectedSpans: number;
  errorMessage: string;
}

/** Resolves once the accepted spans are committed; throws DecodeError, QueueFullError or a write failure. */
export async function ingestTraces(store: Store, body: Buffer, encoding: Encoding): Promise<IngestResult> {
  const decoded: DecodeResult = encoding === 'json' ? decodeTraceRequestJsonText(body.toString('utf8')) : decodeTraceRequestProtobuf(body);
  await store.write(decoded.spans);
  return {
    acceptedSpans: decoded.spans.length,
    rejectedSpans: decoded.rejectedSpans,
    errorMessage: decoded.rejectionReasons.join('; '),
  };
}
