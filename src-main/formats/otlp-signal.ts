/**
 * Whether an OTLP protobuf request holds spans or log records. Both requests start with field 1 LEN and their
 * resource and scope groups share one layout (resource = 1, scope group = 2; scope = 1, records = 2), so only a
 * record tells: the first field of it whose key is in one of Span and LogRecord but not the other (a span's
 * `trace_id`, tag 0x0a; a record's `time_unix_nano`, tag 0x09, or `severity_number`, …). Keys both have (3, 5 and 9
 * as LEN) and unknown ones are passed over. Reads as far as the bytes go, so a file's first bytes are enough.
 */
import { FIXED32, FIXED64, LEN, SCHEMA, TAG, VARINT } from '../otlp/otlp-schema';

export type OtlpSignal = 'traces' | 'logs';

const SPAN_KEYS = new Set<number>(Object.values(TAG.Span));
const LOG_KEYS = new Set<number>(Object.values(TAG.LogRecord));
const RESOURCE_GROUP = TAG.ExportTraceServiceRequest.resourceSpans;
const SCOPE_GROUPS = new Set<number>([TAG.ResourceSpans.scopeSpans, TAG.ResourceSpans.instrumentationLibrarySpans]);
const RECORD = TAG.ScopeSpans.spans;

// The walk below leans on the two layouts being the same; a schema change that breaks this fails at load.
if (
  TAG.ExportLogsServiceRequest.resourceLogs !== RESOURCE_GROUP ||
  TAG.ResourceLogs.scopeLogs !== TAG.ResourceSpans.scopeSpans ||
  TAG.ResourceLogs.instrumentationLibraryLogs !== TAG.ResourceSpans.instrumentationLibrarySpans ||
  TAG.ScopeLogs.logRecords !== RECORD ||
  SCHEMA.ScopeLogs.scope[0] !== SCHEMA.ScopeSpans.scope[0]
) {
  throw new Error('otlp-signal.ts: the trace and logs requests no longer share their group layout');
}

/** 'traces' or 'logs'; undefined when the bytes end before a record that tells (or hold none: an empty request). */
export function protobufSignal(bytes: Uint8Array): OtlpSignal | undefined {
  return eachField(bytes, 0, bytes.length, (tag, start, end) => {
    if (tag !== RESOURCE_GROUP) return undefined;
    return eachField(bytes, start, end, (tag, start, end) => {
      if (!SCOPE_GROUPS.has(tag)) return undefined;
      return eachField(bytes, start, end, (tag, start, end) => (tag === RECORD ? recordSignal(bytes, start, end) : undefined));
    });
  });
}

function recordSignal(bytes: Uint8Array, start: number, end: number): OtlpSignal | undefined {
  return eachField(bytes, start, end, (tag) => {
    const span = SPAN_KEYS.has(tag);
    const log = LOG_KEYS.has(tag);
    return span && !log ? 'traces' : log && !span ? 'logs' : undefined;
  });
}

/**
 * Calls `visit` with each field's key and the bounds of its value (a LEN value cut at the end of the bytes) until
 * it returns a signal; stops quietly at bytes that end early or are not protobuf.
 */
function eachField(bytes: Uint8Array, start: number, end: number, visit: (tag: number, start: number, end: number) => OtlpSignal | undefined): OtlpSignal | undefined {
  let pos = start;
  const varint = (): number | undefined => {
    let value = 0;
    for (let i = 0; i < 10 && pos < end; i++) {
      const byte = bytes[pos++];
      value += (byte & 0x7f) * 2 ** (7 * i);
      if (byte < 0x80) return value;
    }
    return undefined;
  };
  while (pos < end) {
    const tag = varint();
    if (tag === undefined || tag >>> 3 === 0) return undefined;
    let valueEnd: number;
    const wireType = tag & 7;
    if (wireType === LEN) {
      const length = varint();
      if (length === undefined) return undefined;
      valueEnd = Math.min(end, pos + length);
    } else if (wireType === VARINT) {
      if (varint() === undefined) return undefined;
      valueEnd = pos;
    } else if (wireType === FIXED64) valueEnd = pos + 8;
    else if (wireType === FIXED32) valueEnd = pos + 4;
    else return undefined;
    const found = visit(tag, wireType === LEN ? pos : valueEnd, valueEnd);
    if (found) return found;
    pos = valueEnd;
  }
  return undefined;
}

/** Whether a parsed OTLP/JSON request holds log records (`resourceLogs`, `resource_logs`) or spans (anything else). */
export function jsonSignal(doc: unknown): OtlpSignal {
  return typeof doc === 'object' && doc !== null && ('resourceLogs' in doc || 'resource_logs' in doc) ? 'logs' : 'traces';
}
