import { describe, expect, it } from 'vitest';
import type { ApiWaterfall } from '../../src-main/model/api';
import { waterfallSpans } from '../../src-renderer/lib/trace/waterfall-spans';

describe('waterfallSpans', () => {
  it('expands the compact document: names and services from their tables, times back to epoch nanoseconds', () => {
    const doc: ApiWaterfall = {
      traceId: 'a'.repeat(32),
      startTimeUnixNano: '1700000000000000000',
      services: ['frontend', 'db'],
      names: ['GET /', 'SELECT'],
      spans: [
        ['aa'.repeat(8), '', 0, 0, 'SERVER', 'OK', 0, 10_000_000, []],
        ['bb'.repeat(8), 'aa'.repeat(8), 1, 1, 'CLIENT', 'ERROR', 2_000_000, 5_000_000, [3_000_000]],
      ],
    };
    expect(waterfallSpans(doc)[1]).toEqual({
      spanId: 'bb'.repeat(8),
      parentSpanId: 'aa'.repeat(8),
      service: 'db',
      name: 'SELECT',
      kind: 'CLIENT',
      status: { code: 'ERROR' },
      startTimeUnixNano: '1700000000002000000',
      endTimeUnixNano: '1700000000007000000',
      events: [{ timeUnixNano: '1700000000003000000' }],
    });
  });
});
