import { describe, expect, it } from 'vitest';
import { findSpans, getSpanJson, getTraceJson, getTraceSummary, getWaterfallJson, loadTraceSpans } from '../../src-main/query/trace-query';
import type { ApiWaterfall } from '../../src-main/model/api';
import { QueueFullError } from '../../src-main/store/store';
import { waterfallSpans } from '../../src-renderer/lib/trace/waterfall-spans';
import { bySpanId, expectedApiSpan, expectedWaterfallRows } from '../helpers/api-span';
import { memoryStore } from '../helpers/memory-store';
import { attrs, hexId, resource, richSpan, span } from '../helpers/spans';

describe('store', () => {
  it('gives back every field it was given', async () => {
    const store = await memoryStore();
    const traceId = hexId(16);
    const root = richSpan(traceId, hexId(8));
    const child = { ...richSpan(traceId, hexId(8), root.spanId), startTimeUnixNano: root.startTimeUnixNano + 1000n };
    await store.write([root, child]);
    expect(loadTraceSpans(store.reader, traceId)).toEqual([root, child]);
    await store.close();
  });

  it('keeps one copy of a span sent twice and counts it once', async () => {
    const store = await memoryStore();
    const traceId = hexId(16);
    const spans = [span({ traceId, spanId: hexId(8) }), span({ traceId, spanId: hexId(8), parentSpanId: 'aa'.repeat(8) })];
    await store.write(spans);
    await store.write(spans);
    await store.write([spans[1]]);
    expect(loadTraceSpans(store.reader, traceId)).toHaveLength(2);
    expect(getTraceSummary(store.reader, traceId)?.spanCount).toBe(2);
    await store.close();
  });

  it('assembles a trace whose spans arrive in several requests, the root last', async () => {
    const store = await memoryStore();
    const traceId = hexId(16);
    const rootId = hexId(8);
    const t0 = 1_700_000_000_000_000_000n;
    await store.write([span({ traceId, spanId: hexId(8), parentSpanId: rootId, name: 'db query', startTimeUnixNano: t0 + 2_000_000n, endTimeUnixNano: t0 + 5_000_000n, resource: resource('db') })]);
    expect(getTraceSummary(store.reader, traceId)).toMatchObject({ rootName: 'db query', spanCount: 1 });
    await store.write([span({ traceId, spanId: hexId(8), parentSpanId: rootId, name: 'cache', startTimeUnixNano: t0 + 1_000_000n, endTimeUnixNano: t0 + 9_000_000n, status: { code: 'ERROR', message: 'x' } })]);
    const beforeLast = Date.now();
    await store.write([span({ traceId, spanId: rootId, name: 'GET /checkout', startTimeUnixNano: t0, endTimeUnixNano: t0 + 10_000_000n })]);
    const summary = getTraceSummary(store.reader, traceId);
    expect(summary!.lastReceivedMs).toBeGreaterThanOrEqual(beforeLast);
    expect(summary!.lastReceivedMs).toBeLessThanOrEqual(Date.now());
    expect(summary).toEqual({
      traceId,
      rootService: 'frontend',
      rootName: 'GET /checkout',
      startTimeUnixNano: t0.toString(),
      durationNano: '10000000',
      spanCount: 3,
      errorCount: 1,
      services: [
        { name: 'frontend', spanCount: 2 },
        { name: 'db', spanCount: 1 },
      ],
      lastReceivedMs: summary!.lastReceivedMs,
      refusedSpanCount: 0,
    });
    await store.close();
  });

  it('refuses writes past the queue bound with QueueFullError and loses nothing accepted', async () => {
    const store = await memoryStore(10);
    const traceId = hexId(16);
    const batch = (n: number) => Array.from({ length: n }, () => span({ traceId, spanId: hexId(8) }));
    const first = store.write(batch(8));
    await expect(store.write(batch(5))).rejects.toBeInstanceOf(QueueFullError);
    await first;
    await store.write(batch(5));
    expect(getTraceSummary(store.reader, traceId)?.spanCount).toBe(13);
    await store.close();
  });

  it('announces the traces that gained spans', async () => {
    const store = await memoryStore();
    const seen: string[][] = [];
    store.onTracesChanged((ids) => seen.push(ids));
    const traceId = hexId(16);
    await store.write([span({ traceId, spanId: hexId(8) })]);
    expect(seen).toEqual([[traceId]]);
    await store.close();
  });
});

describe('trace documents', () => {
  it('writes the same JSON document fast as the plain mapping does', async () => {
    const store = await memoryStore();
    const traceId = hexId(16);
    await store.write([
      richSpan(traceId, hexId(8)),
      richSpan(traceId, hexId(8), hexId(8)),
      span({ traceId, spanId: hexId(8), name: 'café ✓ 😀 "quoted" \\ \u0001', attributes: attrs({ text: 'naïve ✓ 😀</script>', 'clé ✓': 'v' }) }),
    ]);
    expect(JSON.parse(getTraceJson(store.reader, traceId)!.toString('utf8'))).toEqual({ traceId, spans: loadTraceSpans(store.reader, traceId)!.map(expectedApiSpan) });
    await store.close();
  });
});

describe('waterfall, single span and find documents', () => {
  it('the compact waterfall says what the full document says about rows', async () => {
    const store = await memoryStore();
    const traceId = hexId(16);
    const root = richSpan(traceId, hexId(8));
    await store.write([
      root,
      { ...richSpan(traceId, hexId(8), root.spanId), startTimeUnixNano: 1_700_000_000_002_000_000n },
      span({ traceId, spanId: hexId(8), parentSpanId: root.spanId, name: 'no events', resource: resource('db'), status: { code: 'ERROR', message: '' } }),
    ]);
    const full = loadTraceSpans(store.reader, traceId)!.map(expectedApiSpan);
    const doc = JSON.parse(getWaterfallJson(store.reader, traceId)!.toString()) as ApiWaterfall;
    expect(doc.lastReceivedMs).toBe(getTraceSummary(store.reader, traceId)!.lastReceivedMs);
    expect(waterfallSpans(doc).sort(bySpanId)).toEqual(expectedWaterfallRows(full, doc.startTimeUnixNano));
    expect(Object.keys(doc.events).sort()).toEqual(full.filter((s) => s.events.length > 0).map((s) => s.spanId).sort());
    expect(JSON.parse(getSpanJson(store.reader, traceId, full[1].spanId)!.toString())).toEqual(full[1]);
    expect(getSpanJson(store.reader, traceId, 'ff'.repeat(8))).toBeUndefined();
    expect(findSpans(store.reader, traceId, 'PAYMENT DECLINED')).toEqual([]); // status messages are not searched
    const rich = full.filter((s) => s.name !== 'no events').map((s) => s.spanId);
    expect(findSpans(store.reader, traceId, 'bold</b')).toEqual(rich);
    expect(findSpans(store.reader, traceId, 'boom')).toEqual(rich); // an event attribute
    await store.close();
  });

  it('opens the bodies of rows stored before the has_events column (NULL there) for their event times', async () => {
    const store = await memoryStore();
    const traceId = hexId(16);
    const spans = [richSpan(traceId, hexId(8)), span({ traceId, spanId: hexId(8) })];
    await store.write(spans);
    store.reader.db.prepare('UPDATE spans SET has_events = NULL').run();
    const doc = JSON.parse(getWaterfallJson(store.reader, traceId)!.toString()) as ApiWaterfall;
    expect(doc.events).toEqual({ [spans[0].spanId]: spans[0].events.map((e) => Number(e.timeUnixNano - BigInt(doc.startTimeUnixNano))), [spans[1].spanId]: [] });
    await store.close();
  });
});
