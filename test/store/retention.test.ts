import { describe, expect, it } from 'vitest';
import { parseLogQuery } from '../../src-main/query/log-query';
import { searchLogs } from '../../src-main/query/logs';
import { getTraceSummary } from '../../src-main/query/trace-query';
import { LOG_TEXT_RUN } from '../../src-main/store/log-text-runs';
import { enforceRetention, usedBytes } from '../../src-main/store/retention';
import { SpanWriter } from '../../src-main/store/span-writer';
import { memoryStore } from '../helpers/memory-store';
import { logRecord } from '../helpers/logs';
import { attrs, hexId, span } from '../helpers/spans';

async function filledStore(traces: number) {
  const store = await memoryStore();
  const ids: string[] = [];
  for (let t = 0; t < traces; t++) {
    const traceId = hexId(16);
    ids.push(traceId);
    await store.write(Array.from({ length: 20 }, (_, i) => span({ traceId, spanId: hexId(8), attributes: attrs({ 'payload': 'x'.repeat(200), i: BigInt(i) }) })));
  }
  return { store, ids, db: store.reader.db };
}

describe('retention', () => {
  it('evicts whole traces, oldest first, until the database fits', async () => {
    const { store, ids, db } = await filledStore(100);
    const before = usedBytes(db);
    const evicted = enforceRetention(db, { maxDbBytes: Math.floor(before * 0.6), retentionMs: 0 }, Date.now(), new SpanWriter(db));
    expect(evicted).toBeGreaterThan(0);
    expect(usedBytes(db)).toBeLessThanOrEqual(before * 0.6);
    expect(getTraceSummary(store.reader, ids[0])).toBeUndefined();
    expect(getTraceSummary(store.reader, ids[99])?.spanCount).toBe(20);
    const kept = ids.filter((id) => getTraceSummary(store.reader, id));
    // whole traces: every kept trace still has all its spans, and no span rows of evicted traces remain
    for (const id of kept) expect(getTraceSummary(store.reader, id)?.spanCount).toBe(20);
    expect(db.prepare('SELECT count(*) FROM spans').pluck().get()).toBe(kept.length * 20);
    // The per-minute counts that metrics read let the evicted spans go too.
    expect(db.prepare('SELECT sum(spans) FROM op_minutes').pluck().get()).toBe(kept.length * 20);
    expect(db.prepare('SELECT count(*) FROM attr_blooms WHERE bucket < (SELECT min(trace_no) / 256 FROM traces)').pluck().get()).toBe(0);
    await store.close();
  });

  it('evicts traces received longer ago than the retention age', async () => {
    const { store, ids, db } = await filledStore(5);
    expect(enforceRetention(db, { maxDbBytes: 0, retentionMs: 60_000 }, Date.now(), new SpanWriter(db))).toBe(0);
    expect(enforceRetention(db, { maxDbBytes: 0, retentionMs: 60_000 }, Date.now() + 120_000, new SpanWriter(db))).toBe(5);
    expect(ids.every((id) => getTraceSummary(store.reader, id) === undefined)).toBe(true);
    await store.close();
  });

  it('lets the oldest log records go with the oldest traces, their text too, by size and by age', async () => {
    const { store, db } = await filledStore(20);
    // Five records a trace: each write's four traces share the trace-number table.
    const traceIds = Array.from({ length: 200 }, () => hexId(16));
    for (let i = 0; i < 50; i++) await store.writeLogs(Array.from({ length: 20 }, (_, j) => logRecord({ body: `record ${i * 20 + j} ${'x'.repeat(200)}`, traceId: traceIds[(i * 20 + j) / 5 | 0] })));
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    expect(count('logs')).toBe(1000);
    enforceRetention(db, { maxDbBytes: Math.floor(usedBytes(db) * 0.6), retentionMs: 0 }, Date.now(), new SpanWriter(db));
    const kept = count('logs');
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(1000);
    // The oldest went: the numbers left are the highest, each with its text and an arrival time.
    expect(db.prepare('SELECT min(log_no) FROM logs').pluck().get()).toBe(1000 - kept + 1);
    // Every kept record is still found by its text; no run of text whose records all went is left.
    for (const n of [1000 - kept, 999 - Math.floor(kept / 2), 999]) {
      expect(searchLogs(store.reader, parseLogQuery(new URLSearchParams({ text: `record ${n} ` }))).map((l) => l.body)).toEqual([`record ${n} ${'x'.repeat(200)}`]);
    }
    expect(db.prepare(`SELECT count(*) FROM logs_text WHERE rowid + ${LOG_TEXT_RUN - 1} < (SELECT min(log_no) FROM logs)`).pluck().get()).toBe(0);
    expect(count('log_traces')).toBe(db.prepare('SELECT count(DISTINCT trace_no) FROM logs').pluck().get());
    expect(db.prepare('SELECT min(first_log_no) FROM log_arrivals').pluck().get()).toBe(1000 - kept + 1);
    enforceRetention(db, { maxDbBytes: 0, retentionMs: 60_000 }, Date.now() + 120_000, new SpanWriter(db));
    expect(count('logs')).toBe(0);
    expect(count('logs_text')).toBe(0);
    expect(count('log_traces')).toBe(0);
    expect(count('log_arrivals')).toBe(0);
    await store.close();
  });
});
