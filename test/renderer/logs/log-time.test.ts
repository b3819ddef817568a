import { describe, expect, it } from 'vitest';
import { logTime } from '../../../src-renderer/lib/logs/log-time';

describe("a record's time", () => {
  it('is the local time to the millisecond, with the date when it is not today', () => {
    const at = new Date(2026, 2, 4, 9, 5, 7, 42).getTime();
    expect(logTime(at, new Date(2026, 2, 4, 23, 0).getTime())).toBe('09:05:07.042');
    expect(logTime(at, new Date(2026, 2, 5, 0, 1).getTime())).toBe('2026-03-04 09:05:07.042');
  });
});
