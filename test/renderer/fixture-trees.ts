/** Trees of the fixture traces, as the waterfall builds them. */
import { readFileSync } from 'node:fs';
import { decodeZipkinJsonText } from '../../src-main/formats/zipkin-decode';
import type { WaterfallSpan } from '../../src-main/model/api';
import { serviceOf, type SpanKind } from '../../src-main/model/span';
import { buildTraceTree, type TraceTree } from '../../src-main/model/trace-tree';

const MS = 1_000_000;
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

/** The 8-span shop trace (test/fixtures/waterfall/shop-8-spans.json). */
export function shopTree(): TraceTree {
  const rows = JSON.parse(fixture('waterfall/shop-8-spans.json')) as { spanId: string; parentSpanId: string; service: string; name: string; kind: SpanKind; startMs: number; endMs: number }[];
  const spans = rows.map(({ startMs, endMs, ...s }): WaterfallSpan => ({ ...s, status: 'UNSET', start: Math.round(startMs * MS), end: Math.round(endMs * MS), events: [] }));
  return buildTraceTree(spans, '0');
}

/** A zipkin-lens fixture's first trace. */
export function zipkinTree(name: string): TraceTree {
  const spans = decodeZipkinJsonText(fixture(`zipkin-lens/${name}`));
  const traceId = spans[0].traceId;
  const ofTrace = spans.filter((s) => s.traceId === traceId);
  const origin = ofTrace.reduce((min, s) => (s.startTimeUnixNano < min ? s.startTimeUnixNano : min), ofTrace[0].startTimeUnixNano);
  const offset = (ns: bigint) => Number(ns - origin);
  return buildTraceTree(
    ofTrace.map((s) => ({ spanId: s.spanId, parentSpanId: s.parentSpanId, service: serviceOf(s.resource), name: s.name, kind: s.kind, status: s.status.code, start: offset(s.startTimeUnixNano), end: offset(s.endTimeUnixNano), events: [] })),
    origin.toString(),
  );
}
