/** Two stored traces compared (diff/diff-traces.ts); each may come from its own store (live, or an opened file). */
import { diffTraces, type DiffSide, type DiffSpan } from '../diff/diff-traces';
import { anyValueText } from '../model/any-value-text';
import type { Diff } from '../model/api';
import { serviceOf } from '../model/span';
import type { StoreReader } from '../store/store-reader';
import { loadTraceSpans } from './trace-query';

/** A trace as the comparison reads it, times as offsets from its first span; undefined when the store lacks it. */
export function diffSide(reader: StoreReader, traceId: string): DiffSide | undefined {
  const spans = loadTraceSpans(reader, traceId);
  if (!spans) return undefined;
  const origin = spans.reduce((min, s) => (s.startTimeUnixNano < min ? s.startTimeUnixNano : min), spans[0]?.startTimeUnixNano ?? 0n);
  return {
    traceId,
    spans: spans.map((s): DiffSpan => {
      const attributes: Record<string, string> = {};
      for (const key of Object.keys(s.attributes)) attributes[key] = anyValueText(s.attributes[key]);
      return {
        spanId: s.spanId,
        parentSpanId: s.parentSpanId,
        service: serviceOf(s.resource),
        name: s.name,
        kind: s.kind,
        status: s.status.code,
        start: Number(s.startTimeUnixNano - origin),
        end: Number(s.endTimeUnixNano - origin),
        events: [],
        attributes,
      };
    }),
  };
}

export function getDiff(readerA: StoreReader, a: string, readerB: StoreReader, b: string): Diff | { missing: string } {
  const sideA = diffSide(readerA, a);
  if (!sideA) return { missing: a };
  const sideB = diffSide(readerB, b);
  if (!sideB) return { missing: b };
  return diffTraces(sideA, sideB);
}
