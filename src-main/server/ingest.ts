/** Decode an OTLP export body and store its spans or log records: the step the HTTP and gRPC receivers share. */
import { transcodeLogsRequestJsonText } from '../otlp/transcode-logs-json';
import { transcodeTraceRequestJsonText } from '../otlp/transcode-json';
import type { ForwardBatch } from '../forward/forwarder';
import type { Store } from '../store/store';
import type { Encoding } from './otlp-responses';

export interface IngestResult {
  rejectedSpans: number;
  errorMessage: string;
}

/**
 * Resolves once the accepted spans are committed, counting as rejected both the spans that could not be read and
 * those of traces already at the per-trace limit; throws DecodeError, QueueFullError or a write failure. With
 * --forward, the request as received (JSON as its protobuf) is handed on once committed; the upstream judges it.
 */
export async function ingestTraces(store: Store, body: Buffer, encoding: Encoding, forward?: ForwardBatch): Promise<IngestResult> {
  // JSON is transcoded to the same protobuf and takes the protobuf fast path.
  const protobuf = encoding === 'protobuf' ? body : transcodeTraceRequestJsonText(body.toString('utf8'));
  const { acceptedSpans, rejectedSpans, rejectionReasons, committed } = store.writeOtlpProtobuf(protobuf);
  const refused = await committed;
  forward?.('traces', protobuf, acceptedSpans);
  return { rejectedSpans: rejectedSpans + refused.spans, errorMessage: [...rejectionReasons, ...refused.reasons].join('; ') };
}

/** Resolves once the accepted log records are committed, with those that could not be read as rejected. */
export async function ingestLogs(store: Store, body: Buffer, encoding: Encoding, forward?: ForwardBatch): Promise<{ rejectedRecords: number; errorMessage: string }> {
  const protobuf = encoding === 'protobuf' ? body : transcodeLogsRequestJsonText(body.toString('utf8'));
  const { acceptedRecords, rejectedRecords, rejectionReasons, committed } = store.writeOtlpLogs(protobuf);
  await committed;
  forward?.('logs', protobuf, acceptedRecords);
  return { rejectedRecords, errorMessage: rejectionReasons.join('; ') };
}
