/**
 * What an upstream OTLP receiver answered an export: the partial success of an Export{Trace,Logs}ServiceResponse,
 * the sentence of a google.rpc.Status, and the wait a google.rpc.RetryInfo asks for. Unreadable answers read as
 * empty ones: the answer's status code already said whether the export was taken.
 */
import { ProtobufReader } from './protobuf-reader';
import { TAG } from './otlp-schema';

export interface PartialSuccess {
  rejected: number;
  errorMessage: string;
}

const PARTIAL = {
  traces: { field: TAG.ExportTraceServiceResponse.partialSuccess, rejected: TAG.ExportTracePartialSuccess.rejectedSpans, errorMessage: TAG.ExportTracePartialSuccess.errorMessage },
  logs: { field: TAG.ExportLogsServiceResponse.partialSuccess, rejected: TAG.ExportLogsPartialSuccess.rejectedLogRecords, errorMessage: TAG.ExportLogsPartialSuccess.errorMessage },
} as const;

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

export function decodePartialSuccess(body: Uint8Array, signal: 'traces' | 'logs'): PartialSuccess {
  const tags = PARTIAL[signal];
  const result: PartialSuccess = { rejected: 0, errorMessage: '' };
  readFields(body, (r, tag) => {
    if (tag !== tags.field) return false;
    readFields(r.message(), (p, field) => {
      if (field === tags.rejected) result.rejected = Number(p.int64());
      else if (field === tags.errorMessage) result.errorMessage = p.string();
      else return false;
      return true;
    });
    return true;
  });
  return result;
}

/** google.rpc.Status's message (an OTLP/HTTP error answer's body); '' when there is none. */
export function decodeStatusMessage(body: Uint8Array): string {
  let message = '';
  readFields(body, (r, tag) => {
    if (tag !== TAG.RpcStatus.message) return false;
    message = r.string();
    return true;
  });
  return message;
}

/** The milliseconds a google.rpc.Status's RetryInfo detail asks to wait (gRPC's grpc-status-details-bin). */
export function decodeRetryDelayMs(status: Uint8Array): number | undefined {
  let delay: number | undefined;
  readFields(status, (r, tag) => {
    if (tag !== TAG.RpcStatus.details) return false;
    let typeUrl = '';
    let value: ProtobufReader | undefined;
    readFields(r.message(), (any, field) => {
      if (field === TAG.Any.typeUrl) typeUrl = any.string();
      else if (field === TAG.Any.value) value = any.message();
      else return false;
      return true;
    });
    if (typeUrl === RETRY_INFO_TYPE && value) delay = retryInfoDelay(value);
    return true;
  });
  return delay;
}

function retryInfoDelay(info: ProtobufReader): number | undefined {
  let ms: number | undefined;
  readFields(info, (r, tag) => {
    if (tag !== TAG.RetryInfo.retryDelay) return false;
    let seconds = 0;
    let nanos = 0;
    readFields(r.message(), (d, field) => {
      if (field === TAG.Duration.seconds) seconds = Number(d.int64());
      else if (field === TAG.Duration.nanos) nanos = d.uint32();
      else return false;
      return true;
    });
    ms = seconds * 1000 + Math.round(nanos / 1e6);
    return true;
  });
  return ms;
}

/** Calls `read` per field (it answers whether it read the value; else the value is skipped); stops quietly at damage. */
function readFields(source: Uint8Array | ProtobufReader, read: (reader: ProtobufReader, tag: number) => boolean): void {
  const reader = source instanceof ProtobufReader ? source : new ProtobufReader(Buffer.from(source.buffer, source.byteOffset, source.byteLength));
  try {
    while (!reader.done()) {
      const tag = reader.tag();
      if (!read(reader, tag)) reader.skip();
    }
  } catch {
    // A damaged answer tells no more than its status code.
  }
}
