import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src-main/query/parse-duration';
import { parseTime } from '../../src-main/query/parse-time';

describe('durations', () => {
  it('reads every unit of API.md, a bare number as microseconds', () => {
    expect(parseDuration('2000ns', 'd')).toBe(2000n);
    expect(parseDuration('250us', 'd')).toBe(250_000n);
    expect(parseDuration('1.5ms', 'd')).toBe(1_500_000n);
    expect(parseDuration('2s', 'd')).toBe(2_000_000_000n);
    expect(parseDuration('1m', 'd')).toBe(60_000_000_000n);
    expect(parseDuration('120', 'd')).toBe(120_000n);
  });
});

describe('times', () => {
  it('reads RFC 3339 to the nanosecond and epoch milliseconds', () => {
    expect(parseTime('2015-01-01T00:00:00Z', 't')).toBe(1_420_070_400_000_000_000n);
    expect(parseTime('2015-01-01T01:00:00.123456789+01:00', 't')).toBe(1_420_070_400_123_456_789n);
    expect(parseTime('1420070400000', 't')).toBe(1_420_070_400_000_000_000n);
  });
});
