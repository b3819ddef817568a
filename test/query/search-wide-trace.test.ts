/**
 * A store whose newest trace has thousands of spans of the searched service: the operation index gives that trace
 * once per span, and its row was read each time (a search of the bench's store took 0.9–2 s, 14,293 row reads for
 * 20 traces; 59–83 ms after).
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { parseSearchQuery } from '../../src-main/query/search-query';
import { searchTraces } from '../../src-main/query/search';
import type { Store } from '../../src-main/store/store';
import { memoryStore } from '../helpers/memory-store';
import { hexId, resource, span } from '../helpers/spans';

const MS = 1_000_000n;
const T0 = 1_700_000_000_000_000_000n;
const payment = resource('payment');
let store: Store;
const wide = hexId(16);
const small: string[] = [];

beforeAll(async () => {
  store = await memoryStore();
  for (let i = 0; i < 30; i++) {
    const traceId = hexId(16);
    small.push(traceId);
    const start = T0 + BigInt(i) * 1000n * MS;
    await store.write([span({ traceId, spanId: hexId(8), name: 'charge', startTimeUnixNano: start, endTimeUnixNano: start + 5n * MS, resource: payment })]);
  }
  const start = T0 + 100_000n * MS;
  const root = hexId(8);
  await store.write(
    Array.from({ length: 3000 }, (_, i) =>
      span({ traceId: wide, spanId: i === 0 ? root : hexId(8), parentSpanId: i === 0 ? '' : root, name: 'charge', startTimeUnixNano: start + BigInt(i) * MS, endTimeUnixNano: start + BigInt(i + 1) * MS, resource: payment }),
    ),
  );
});
afterAll(() => store.close());

it('reads each trace found by the operation index once, however many of its spans match', () => {
  const reads = vi.spyOn(store.reader, 'traceByNo');
  const found = searchTraces(store.reader, parseSearchQuery(new URLSearchParams('service=payment&limit=20')));
  expect(found.map((t) => t.traceId)).toEqual([wide, ...small.slice(-19).reverse()]);
  expect(reads.mock.calls.length).toBe(20);
});
