/** Span data as the core holds it: OTLP's data model with ids as lowercase hex and times as bigint nanoseconds. */

/** OTLP's enum order: the index is the wire number. */
export const SPAN_KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export const STATUS_CODES = ['UNSET', 'OK', 'ERROR'] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

/**
 * An OTLP AnyValue, each kind kept distinct: string, boolean, double (number), int64 (bigint),
 * bytes (Uint8Array), array, key-value list (Attributes), or null for an empty value.
 */
export type AnyValue = string | boolean | number | bigint | Uint8Array | AnyValue[] | Attributes | null;

/** Key-value pairs; objects made with a null prototype so any key (even `__proto__`) is plain data. */
export interface Attributes {
  [key: string]: AnyValue;
}

export interface Resource {
  attributes: Attributes;
  droppedAttributesCount: number;
  schemaUrl: string;
}

export interface Scope {
  name: string;
  version: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  schemaUrl: string;
}

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  flags: number;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface SpanStatus {
  code: StatusCode;
  message: string;
}

export interface Span {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  kind: SpanKind;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  status: SpanStatus;
  /** Shared by every span of one ResourceSpans / ScopeSpans: the same object, not a copy. */
  resource: Resource;
  scope: Scope;
}

export const UNKNOWN_SERVICE = 'unknown_service';

export function serviceOf(resource: Resource): string {
  const name = resource.attributes['service.name'];
  return typeof name === 'string' && name !== '' ? name : UNKNOWN_SERVICE;
}

export function newAttributes(): Attributes {
  return Object.create(null) as Attributes;
}
