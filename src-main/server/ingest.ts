/** Decode an OTLP export body and store its spans: the step the HTTP and gRPC receivers share. */
import { decodeTraceRequestJsonText } from '../otlp/decode-json';
import type { Store } from '../store/store';
import type { Encoding } from './otlp-responses';

export interface IngestResult {
  rejectedSpans: number;
  errorMessage: string;
}

/** Resolves once the accepted spans are committed; throws DecodeError, QueueFullError or a write failure. */
export async function ingestTraces(store: Store, body: Buffer, encoding: Encoding): Promise<IngestResult> {
  if (encoding === 'protobuf') {
    const { rejectedSpans, rejectionReasons, committed } = store.writeOtlpProtobuf(body);
    await committed;
    return { rejectedSpans, errorMessage: rejectionReasons.join('; ') };
  }
  const decoded = decodeTraceRequestJsonText(body.toString('utf8'));
  await store.write(decoded.spans);
  return { rejectedSpans: decoded.rejectedSpans, errorMessage: decoded.rejectionReasons.join('; ') };
}
