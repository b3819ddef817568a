/** Decode an OTLP export body and store its spans or log records: the step the HTTP and gRPC receivers share. */
import { transcodeLogsRequestJsonText } from '../otlp/transcode-logs-json';
import { transcodeTraceRequestJsonText } from '../otlp/transcode-json';
import type { Store } from '../store/store';
import type { Encoding } from './otlp-responses';

export interface IngestResult {
  rejectedSpans: number;
  errorMessage: string;
}

/**
 * Resolves once the accepted spans are committed, counting as rejected both the spans that could not be read and
 * those of traces already at the per-trace limit; throws DecodeError, QueueFullError or a write failure.
 */
export async function ingestTraces(store: Store, body: Buffer, encoding: Encoding): Promise<IngestResult> {
  // JSON is transcoded to the same protobuf and takes the protobuf fast path.
  const protobuf = encoding === 'protobuf' ? body : transcodeTraceRequestJsonText(body.toString('utf8'));
  const { rejectedSpans, rejectionReasons, committed } = store.writeOtlpProtobuf(protobuf);
  const refused = await committed;
  return { rejectedSpans: rejectedSpans + refused.spans, errorMessage: [...rejectionReasons, ...refused.reasons].join('; ') };
}

/** Resolves once the accepted log records are committed, with those that could not be read as rejected. */
export async function ingestLogs(store: Store, body: Buffer, encoding: Encoding): Promise<{ rejectedRecords: number; errorMessage: string }> {
  const protobuf = encoding === 'protobuf' ? body : transcodeLogsRequestJsonText(body.toString('utf8'));
  const { rejectedRecords, rejectionReasons, committed } = store.writeOtlpLogs(protobuf);
  await committed;
  return { rejectedRecords, errorMessage: rejectionReasons.join('; ') };
}
