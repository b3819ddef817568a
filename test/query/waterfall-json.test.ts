/** The waterfall document's operation categories: what a span calls, from its stored peer, for the row icons. */
import { describe, expect, it } from 'vitest';
import type { ApiWaterfall } from '../../src-main/model/api';
import { getWaterfallJson } from '../../src-main/query/trace-query';
import { waterfallSpans } from '../../src-renderer/lib/trace/waterfall-spans';
import { memoryStore } from '../helpers/memory-store';
import { attrs, span } from '../helpers/spans';

const traceId = 'ab'.repeat(16);
const id = (n: number) => n.toString(16).padStart(16, '0');

describe('the waterfall document', () => {
  it('marks the operations that call a database or a broker, and no other', async () => {
    const store = await memoryStore();
    await store.write([
      span({ traceId, spanId: id(1), name: 'GET /orders', kind: 'SERVER' }),
      span({ traceId, spanId: id(2), parentSpanId: id(1), name: 'SELECT orders', kind: 'CLIENT', attributes: attrs({ 'db.system': 'postgresql' }) }),
      span({ traceId, spanId: id(3), parentSpanId: id(1), name: 'orders publish', kind: 'PRODUCER', attributes: attrs({ 'messaging.system': 'kafka' }) }),
      span({ traceId, spanId: id(4), parentSpanId: id(1), name: 'GET', kind: 'CLIENT', attributes: attrs({ 'server.address': 'payments' }) }),
      // The same operation as span 2, without the attribute: the operation is still a database call.
      span({ traceId, spanId: id(5), parentSpanId: id(1), name: 'SELECT orders', kind: 'CLIENT' }),
    ]);
    const doc = JSON.parse(getWaterfallJson(store.reader, traceId)!.toString()) as ApiWaterfall;
    const byName = new Map(waterfallSpans(doc).map((s) => [`${s.spanId} ${s.name}`, s.category]));
    expect(Object.fromEntries(byName)).toEqual({
      [`${id(1)} GET /orders`]: undefined,
      [`${id(2)} SELECT orders`]: 'db',
      [`${id(3)} orders publish`]: 'messaging',
      [`${id(4)} GET`]: undefined,
      [`${id(5)} SELECT orders`]: 'db',
    });
    expect(Object.values(doc.operations).filter((op) => op.length === 4)).toHaveLength(2);
    await store.close();
  });
});
