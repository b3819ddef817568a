import { describe, expect, it } from 'vitest';
import { erfc, twoSidedP } from '../../src-main/diff/normal-distribution';

describe('normal distribution', () => {
  it('gives erfc to 1e-9 relative, near zero and far out (references from Python math.erfc)', () => {
    const references: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.157299207050285],
      [2.9, 4.109787809945886e-5],
      [3, 2.209049699858544e-5],
      [5, 1.5374597944280349e-12],
      [10, 2.088487583762545e-45],
      [-1, 1.842700792949715],
    ];
    for (const [x, want] of references) expect(Math.abs(erfc(x) / want - 1)).toBeLessThan(1e-9);
  });

  it('gives two-sided p-values of z statistics', () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 12);
    expect(twoSidedP(-2.5758293035489)).toBeCloseTo(0.01, 12);
    expect(twoSidedP(0)).toBe(1);
    expect(twoSidedP(Infinity)).toBe(0);
    expect(twoSidedP(NaN)).toBe(1);
  });
});
