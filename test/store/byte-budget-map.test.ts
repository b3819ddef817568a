import { describe, expect, it } from 'vitest';
import { ByteBudgetMap } from '../../src-main/store/byte-budget-map';

describe('ByteBudgetMap', () => {
  it('never holds more than its budget: past it, it starts over', () => {
    const map = new ByteBudgetMap<number, string>(10_000);
    for (let i = 0; i < 1_000; i++) {
      map.set(i, `v${i}`, 1_000);
      expect(map.heldBytes).toBeLessThanOrEqual(10_000);
    }
    expect(map.get(999)).toBe('v999');
    expect(map.get(0)).toBeUndefined();
  });

  it('does not keep an entry larger than an eighth of its budget', () => {
    const map = new ByteBudgetMap<string, number>(8_000);
    map.set('small', 1, 100);
    map.set('large', 2, 1_000);
    expect(map.get('large')).toBeUndefined();
    expect(map.get('small')).toBe(1);
  });
});
