import { describe, expect, it } from 'vitest';
import { BudgetExceededError, ByteBudget } from '../../src-main/server/byte-budget';

describe('ByteBudget', () => {
  it('shares one limit among leases, refuses what would pass it, and takes everything back on release', () => {
    const budget = new ByteBudget(100);
    const a = budget.lease();
    const b = budget.lease();
    a.take(60);
    a.take(20);
    expect(() => b.take(21)).toThrow(BudgetExceededError);
    expect(() => b.take(21)).toThrow('the server is holding 80 bytes of requests in progress and 21 more would pass its budget of 100 bytes (--max-inflight-bytes); retry shortly');
    b.take(20);
    expect(budget.used).toBe(100);
    a.release();
    expect(budget.used).toBe(20);
    a.release(); // twice is harmless
    b.release();
    expect(budget.used).toBe(0);
  });
});
