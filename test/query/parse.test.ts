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

  it('refuses a duration past what 64-bit nanoseconds hold, naming it', () => {
    expect(parseDuration('9223372036854775807ns', 'd')).toBe(2n ** 63n - 1n);
    expect(() => parseDuration('9223372036854775808ns', 'minDuration')).toThrow('minDuration "9223372036854775808ns" is too long; use at most 2562047h');
    expect(() => parseDuration('99999999999h', 'maxDuration')).toThrow('maxDuration "99999999999h" is too long');
  });
});

describe('times', () => {
  it('reads RFC 3339 to the nanosecond and epoch milliseconds', () => {
    expect(parseTime('2015-01-01T00:00:00Z', 't')).toBe(1_420_070_400_000_000_000n);
    expect(parseTime('2015-01-01T01:00:00.123456789+01:00', 't')).toBe(1_420_070_400_123_456_789n);
    expect(parseTime('1420070400000', 't')).toBe(1_420_070_400_000_000_000n);
  });

  it('refuses a time past what 64-bit nanoseconds hold, naming it and the range', () => {
    expect(parseTime('9223372036854', 't')).toBe(9_223_372_036_854_000_000n);
    const range = 'is out of range; use a time from 1677-09-21T00:12:43Z to 2262-04-11T23:47:16Z (what 64-bit nanoseconds hold)';
    expect(() => parseTime('9223372036855', 'start')).toThrow(`start "9223372036855" ${range}`);
    expect(() => parseTime('-99999999999999999999', 'end')).toThrow(`end "-99999999999999999999" ${range}`);
    expect(() => parseTime('9999-12-31T23:59:59Z', 'start')).toThrow(`start "9999-12-31T23:59:59Z" ${range}`);
    expect(() => parseTime('0001-01-01T00:00:00Z', 'start')).toThrow(range);
  });
});
