/**
 * The writer drains several requests into one transaction. A request with a span SQLite cannot hold (a start of
 * 2^63 ns or more does not fit its integer) must fail alone: the requests sharing its transaction are stored.
 * The store runs inline (one thread, a file database), so the three writes below share one transaction.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { failureStatus } from '../../src-main/server/failure-status';
import type { Span } from '../../src-main/model/span';
import { packSpans, ROW, ROW_BYTES } from '../../src-main/store/encoded-batch';
import { SpansNotStoredError, Store } from '../../src-main/store/store';
import { loadTraceSpans } from '../../src-main/query/trace-query';
import { checkDatabase } from '../helpers/database-check';
import { tempDbPath } from '../helpers/serve-process';
import { callTrace as trace } from '../helpers/spans';

let store: Store | undefined;

/**
 * The packer now refuses a span it cannot store (its start past 2^63 - 1 ns) before it reaches the writer; this
 * batch is made as the packer made it before that check, so the writer's own rule is what is tested.
 */
function unstorableWrite(into: Store, spans: Span[], index: number): Promise<unknown> {
  const { batch } = packSpans(spans, into['keys']);
  Buffer.from(batch.rows.buffer, batch.rows.byteOffset, batch.rows.byteLength).writeBigUInt64LE(2n ** 63n, index * ROW_BYTES + ROW.start);
  return into['submit'](batch);
}
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('a request whose span cannot be stored, among others in one transaction', () => {
  it('fails alone, named; the others are stored and the service map counts them', async () => {
    const dbPath = tempDbPath();
    store = await Store.open({ dbPath, retention: { maxDbBytes: 0, retentionMs: 0 }, maxQueuedSpans: 10_000 });
    const before = trace();
    const bad = trace();
    const badSpan = bad[1];
    const after = trace(before[0].traceId); // the same trace as `before`: written again alone, it is an existing trace
    const results = await Promise.allSettled([store.write(before), unstorableWrite(store, bad, 1), store.write(after)]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const error = (results[1] as PromiseRejectedResult).reason as Error;
    expect(error).toBeInstanceOf(SpansNotStoredError);
    expect(error.message).toContain(`span ${badSpan.spanId} of trace ${badSpan.traceId} cannot be stored (start 9223372036854775808 ns`);
    expect(failureStatus(error).status).toBe(400);
    expect(loadTraceSpans(store.reader, before[0].traceId)).toHaveLength(6);
    expect(loadTraceSpans(store.reader, bad[0].traceId)).toBeUndefined();

    await store.write(trace(bad[0].traceId)); // the failed trace's id is free for later spans
    // One call from checkout to pricing in each of the three stored trace() groups.
    expect(store.reader.db.prepare('SELECT sum(calls) FROM map_calls').pluck().get()).toBe(3);
    await store.close();
    store = undefined;
    const check = checkDatabase(dbPath);
    expect(check.integrity).toBe('ok');
    expect(check.spans).toBe(9);
    expect(check.miscountedTraces).toEqual([]);
    expect(check.danglingSpans).toBe(0);
    expect(check.mapSpans).toBe(check.spans);
  });
});
