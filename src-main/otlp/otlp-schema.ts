/**
 * The one table of protobuf field layouts: OTLP's trace and logs messages (opentelemetry/proto/collector/trace/v1,
 * collector/logs/v1, trace/v1, logs/v1, common/v1, resource/v1), google.rpc.Status, and the store's own body messages. Every reader and
 * writer names fields through TAG, the precomputed key (field number << 3 | wire type) of each field, and
 * dispatches on the whole key: a known field that arrives with another wire type matches no case and is skipped
 * as an unknown field, as protobuf's reference implementations do, never misread.
 */

export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
export const FIXED32 = 5;
export type WireType = typeof VARINT | typeof FIXED64 | typeof LEN | typeof FIXED32;

/** message → field → [number, wire type]. Field names are the proto names in lowerCamelCase (OTLP/JSON's). */
export const SCHEMA = {
  ExportTraceServiceRequest: { resourceSpans: [1, LEN] },
  ResourceSpans: { resource: [1, LEN], scopeSpans: [2, LEN], schemaUrl: [3, LEN], instrumentationLibrarySpans: [1000, LEN] }, // 1000: OTLP < 0.19, the layout of ScopeSpans
  Resource: { attributes: [1, LEN], droppedAttributesCount: [2, VARINT] },
  ScopeSpans: { scope: [1, LEN], spans: [2, LEN], schemaUrl: [3, LEN] },
  InstrumentationScope: { name: [1, LEN], version: [2, LEN], attributes: [3, LEN], droppedAttributesCount: [4, VARINT] },
  Span: {
    traceId: [1, LEN],
    spanId: [2, LEN],
    traceState: [3, LEN],
    parentSpanId: [4, LEN],
    name: [5, LEN],
    kind: [6, VARINT],
    startTimeUnixNano: [7, FIXED64],
    endTimeUnixNano: [8, FIXED64],
    attributes: [9, LEN],
    droppedAttributesCount: [10, VARINT],
    events: [11, LEN],
    droppedEventsCount: [12, VARINT],
    links: [13, LEN],
    droppedLinksCount: [14, VARINT],
    status: [15, LEN],
    flags: [16, FIXED32],
  },
  Event: { timeUnixNano: [1, FIXED64], name: [2, LEN], attributes: [3, LEN], droppedAttributesCount: [4, VARINT] },
  Link: { traceId: [1, LEN], spanId: [2, LEN], traceState: [3, LEN], attributes: [4, LEN], droppedAttributesCount: [5, VARINT], flags: [6, FIXED32] },
  Status: { message: [2, LEN], code: [3, VARINT] },
  KeyValue: { key: [1, LEN], value: [2, LEN] },
  AnyValue: { stringValue: [1, LEN], boolValue: [2, VARINT], intValue: [3, VARINT], doubleValue: [4, FIXED64], arrayValue: [5, LEN], kvlistValue: [6, LEN], bytesValue: [7, LEN] },
  ArrayValue: { values: [1, LEN] },
  KeyValueList: { values: [1, LEN] },
  ExportTraceServiceResponse: { partialSuccess: [1, LEN] },
  ExportTracePartialSuccess: { rejectedSpans: [1, VARINT], errorMessage: [2, LEN] },
  RpcStatus: { code: [1, VARINT], message: [2, LEN], details: [3, LEN] },
  /** google.protobuf.Any, google.rpc.RetryInfo and google.protobuf.Duration: how long a gRPC upstream asks to wait. */
  Any: { typeUrl: [1, LEN], value: [2, LEN] },
  RetryInfo: { retryDelay: [1, LEN] },
  Duration: { seconds: [1, VARINT], nanos: [2, VARINT] },
  ExportLogsServiceRequest: { resourceLogs: [1, LEN] },
  ResourceLogs: { resource: [1, LEN], scopeLogs: [2, LEN], schemaUrl: [3, LEN], instrumentationLibraryLogs: [1000, LEN] }, // 1000: OTLP < 0.19
  ScopeLogs: { scope: [1, LEN], logRecords: [2, LEN], schemaUrl: [3, LEN] },
  LogRecord: {
    timeUnixNano: [1, FIXED64],
    severityNumber: [2, VARINT],
    severityText: [3, LEN],
    body: [5, LEN],
    attributes: [6, LEN],
    droppedAttributesCount: [7, VARINT],
    flags: [8, FIXED32],
    traceId: [9, LEN],
    spanId: [10, LEN],
    observedTimeUnixNano: [11, FIXED64],
    eventName: [12, LEN],
  },
  ExportLogsServiceResponse: { partialSuccess: [1, LEN] },
  ExportLogsPartialSuccess: { rejectedLogRecords: [1, VARINT], errorMessage: [2, LEN] },
  /** A stored span's body (span-body-codec.ts); `attributes` is one block of (key id varint, AnyValue) pairs. */
  SpanBody: {
    flags: [1, VARINT],
    traceState: [2, LEN],
    droppedAttributesCount: [3, VARINT],
    droppedEventsCount: [4, VARINT],
    droppedLinksCount: [5, VARINT],
    statusMessage: [6, LEN],
    attributes: [7, LEN],
    event: [8, LEN],
    link: [9, LEN],
  },
  /**
   * A stored log record's body (log-body-codec.ts): what its row does not hold. The observed time only when it is
   * not the record's time; `attributes` as in SpanBody, under the same number.
   */
  LogBody: {
    observedTimeUnixNano: [1, FIXED64],
    severityText: [2, LEN],
    body: [3, LEN],
    droppedAttributesCount: [4, VARINT],
    flags: [5, VARINT],
    eventName: [6, LEN],
    attributes: [7, LEN],
  },
  ResourceBody: { resource: [1, LEN], schemaUrl: [3, LEN] },
  ScopeBody: { scope: [1, LEN], schemaUrl: [3, LEN] },
  /**
   * Grafana Tempo's answers to a trace by id (grafana/tempo pkg/tempopb/tempo.proto): `/api/traces/ID` is a Trace,
   * `/api/v2/traces/ID` a TraceByIDResponse holding one. Trace has ExportTraceServiceRequest's layout.
   */
  TempoTrace: { resourceSpans: [1, LEN] },
  TempoTraceByIDResponse: { trace: [1, LEN] },
} as const satisfies Record<string, Record<string, readonly [number, WireType]>>;

/** A field's key; the wire type in its type lets writers check they write what the schema says. */
export type Tag<W extends WireType = WireType> = number & { readonly wire?: W };

type Schema = typeof SCHEMA;
type WireOf<M extends keyof Schema, F extends keyof Schema[M]> = Schema[M][F] extends readonly [number, infer W extends WireType] ? W : never;
type Tags = { readonly [M in keyof Schema]: { readonly [F in keyof Schema[M]]: Tag<WireOf<M, F>> } };

export const TAG = Object.fromEntries(
  Object.entries(SCHEMA).map(([message, fields]) => [message, Object.fromEntries(Object.entries(fields).map(([name, [number, wire]]) => [name, (number << 3) | wire]))]),
) as unknown as Tags;
