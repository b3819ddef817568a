/** What every decoded span must satisfy, whatever bytes it came from: the promises of src-main/model/span.ts. */
import { expect } from 'vitest';
import { SPAN_KINDS, STATUS_CODES, type AnyValue, type Attributes, type Resource, type Scope, type Span } from '../../src-main/model/span';
import type { DecodeResult } from '../../src-main/otlp/decode-result';

const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;
const SPAN_ID = /^(?!0{16})[0-9a-f]{16}$/;
const HEX = /^(?:[0-9a-f]{2})*$/;
const UINT64_END = 2n ** 64n;
const INT64_MIN = -(2n ** 63n);
const INT64_END = 2n ** 63n;

export interface SpanRules {
  /** Formats that carry a duration (Zipkin, Jaeger) cannot give an end before the start; OTLP carries both times. */
  endNotBeforeStart: boolean;
}

export function expectValidResult(result: DecodeResult): void {
  expectValidSpans(result.spans, { endNotBeforeStart: false });
  expect(Number.isInteger(result.rejectedSpans) && result.rejectedSpans >= 0).toBe(true);
  expect(result.rejectionReasons.length).toBeLessThanOrEqual(Math.min(10, result.rejectedSpans));
  expect(new Set(result.rejectionReasons).size).toBe(result.rejectionReasons.length);
}

export function expectValidSpans(spans: Span[], rules: SpanRules): void {
  for (const span of spans) expectValidSpan(span, rules);
}

function expectValidSpan(span: Span, rules: SpanRules): void {
  const where = `span ${span.traceId}/${span.spanId}`;
  expect(span.traceId, where).toMatch(TRACE_ID);
  expect(span.spanId, where).toMatch(SPAN_ID);
  if (span.parentSpanId !== '') expect(span.parentSpanId, `${where}: a parent is none or a valid span id`).toMatch(SPAN_ID);
  expectText(span.traceState, span.name, span.status.message);
  expectUint32(span.flags, span.droppedAttributesCount, span.droppedEventsCount, span.droppedLinksCount);
  expect(SPAN_KINDS).toContain(span.kind);
  expect(STATUS_CODES).toContain(span.status.code);
  expectUint64(span.startTimeUnixNano, span.endTimeUnixNano);
  if (rules.endNotBeforeStart) expect(span.endTimeUnixNano >= span.startTimeUnixNano, `${where} ends before it starts`).toBe(true);
  expectAttributes(span.attributes);
  for (const event of span.events) {
    expectUint64(event.timeUnixNano);
    expectText(event.name);
    expectUint32(event.droppedAttributesCount);
    expectAttributes(event.attributes);
  }
  for (const link of span.links) {
    expect(link.traceId).toMatch(HEX);
    expect(link.spanId).toMatch(HEX);
    expectText(link.traceState);
    expectUint32(link.flags, link.droppedAttributesCount);
    expectAttributes(link.attributes);
  }
  expectResource(span.resource);
  expectScope(span.scope);
}

function expectResource(resource: Resource): void {
  expectAttributes(resource.attributes);
  expectUint32(resource.droppedAttributesCount);
  expectText(resource.schemaUrl);
}

function expectScope(scope: Scope): void {
  expectText(scope.name, scope.version, scope.schemaUrl);
  expectAttributes(scope.attributes);
  expectUint32(scope.droppedAttributesCount);
}

/** Null-prototype objects (any key is plain data) holding only the AnyValue kinds, int64 in its range. */
function expectAttributes(attributes: Attributes): void {
  expect(Object.getPrototypeOf(attributes)).toBeNull();
  for (const key of Object.keys(attributes)) expectAnyValue(attributes[key]);
}

function expectAnyValue(value: AnyValue): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number' || value instanceof Uint8Array) return;
  if (typeof value === 'bigint') expect(value >= INT64_MIN && value < INT64_END, `int64 value ${value}`).toBe(true);
  else if (Array.isArray(value)) value.forEach(expectAnyValue);
  else expectAttributes(value);
}

function expectText(...values: string[]): void {
  for (const v of values) expect(typeof v).toBe('string');
}

function expectUint32(...values: number[]): void {
  for (const v of values) expect(Number.isInteger(v) && v >= 0 && v <= 0xffffffff, `uint32 ${v}`).toBe(true);
}

function expectUint64(...values: bigint[]): void {
  for (const v of values) expect(typeof v === 'bigint' && v >= 0n && v < UINT64_END, `time ${v} is not an unsigned 64-bit integer`).toBe(true);
}
