import { describe, expect, it } from 'vitest';
import { twoProportionTest } from '../../src-main/diff/proportion-test';

describe('two-proportion test', () => {
  it('pools the rate: 10 of 100 against 20 of 100', () => {
    // pooled 0.15; spread √(0.15 · 0.85 · (1/100 + 1/100)); z = 0.1 / spread
    const test = twoProportionTest(10, 100, 20, 100);
    expect(test.z).toBeCloseTo(0.1 / Math.sqrt(0.15 * 0.85 * 0.02), 12);
    expect(test.pValue).toBeCloseTo(0.04767038065616144, 12);
  });

  it('sees no change when neither run failed, or both always did', () => {
    expect(twoProportionTest(0, 50, 0, 80)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionTest(50, 50, 80, 80)).toEqual({ z: 0, pValue: 1 });
  });
});
