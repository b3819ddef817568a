/** A trace past the per-trace limit is kept truncated and marked; the spans past it are refused, the others stored. */
import { describe, expect, it } from 'vitest';
import type { ApiWaterfall } from '../../src-main/model/api';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { getTraceSummary, getWaterfallJson } from '../../src-main/query/trace-query';
import { memoryStore } from '../helpers/memory-store';
import { hexId, span } from '../helpers/spans';

const limits = { maxAttributes: 128, maxValueBytes: 65_536, maxValueEntries: 1000, maxSpansPerTrace: 5 };
const spansOf = (traceId: string, count: number) => Array.from({ length: count }, () => span({ traceId, spanId: hexId(8) }));

describe('spans per trace', () => {
  it('stores a trace up to the limit, refuses the rest naming the trace, and stores the other traces of the request', async () => {
    const store = await memoryStore(100, limits);
    const big = hexId(16);
    const small = hexId(16);
    const { committed } = store.writeOtlpProtobuf(encodeTraceRequestProtobuf([...spansOf(big, 8), ...spansOf(small, 2)]));
    const refused = await committed;
    expect(refused.spans).toBe(3);
    expect(refused.reasons).toEqual([`trace ${big} has reached the limit of 5 spans per trace; its later spans are not stored`]);
    expect(getTraceSummary(store.reader, big)).toMatchObject({ spanCount: 5, refusedSpanCount: 3 });
    expect(getTraceSummary(store.reader, small)).toMatchObject({ spanCount: 2, refusedSpanCount: 0 });
    const waterfall = JSON.parse(getWaterfallJson(store.reader, big)!.toString()) as ApiWaterfall;
    expect(waterfall.refusedSpanCount).toBe(3);
    expect(waterfall.spans).toHaveLength(5);
    await store.close();
  });

  it('refuses later requests for a full trace, but not repeats of spans it already has', async () => {
    const store = await memoryStore(100, limits);
    const traceId = hexId(16);
    const first = spansOf(traceId, 5);
    expect((await store.write(first)).spans).toBe(0);
    expect((await store.write([...first.slice(0, 2), ...spansOf(traceId, 1)])).spans).toBe(1);
    expect(getTraceSummary(store.reader, traceId)).toMatchObject({ spanCount: 5, refusedSpanCount: 1 });
    await store.close();
  });
});
