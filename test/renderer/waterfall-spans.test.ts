import { describe, expect, it } from 'vitest';
import type { ApiWaterfall } from '../../src-main/model/api';
import { waterfallSpans } from '../../src-renderer/lib/trace/waterfall-spans';

describe('waterfallSpans', () => {
  it('expands the compact document: operation, service and name from their tables, status by number, times as offsets', () => {
    const doc: ApiWaterfall = {
      traceId: 'a'.repeat(32),
      startTimeUnixNano: '1700000000000000000',
      lastReceivedMs: 1_700_000_000_000,
      refusedSpanCount: 0,
      services: ['frontend', 'db'],
      names: ['GET /', 'SELECT'],
      operations: { '7': [0, 0, 'SERVER'], '9': [1, 1, 'CLIENT'] },
      spans: [
        ['aa'.repeat(8), '', 7, 1, 0, 10_000_000],
        ['bb'.repeat(8), 'aa'.repeat(8), 9, 2, 2_000_000, 5_000_000],
      ],
      events: { ['bb'.repeat(8)]: [3_000_000] },
    };
    const [root, child] = waterfallSpans(doc);
    expect(child).toEqual({
      spanId: 'bb'.repeat(8),
      parentSpanId: 'aa'.repeat(8),
      service: 'db',
      name: 'SELECT',
      kind: 'CLIENT',
      status: 'ERROR',
      start: 2_000_000,
      end: 7_000_000,
      events: [3_000_000],
    });
    expect(root).toMatchObject({ service: 'frontend', kind: 'SERVER', status: 'OK', events: [] });
  });
});
