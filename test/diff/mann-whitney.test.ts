import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from '../../src-main/diff/mann-whitney';

// p-values worked by hand and checked with SciPy 1.17: mannwhitneyu(b, a, method='asymptotic', use_continuity=True)
describe('Mann–Whitney U', () => {
  it('counts the pairs where B is slower and takes the normal approximation with continuity', () => {
    // U = 6 of 6 pairs; mean 3, variance 2·3·6/12 = 3; z = (6 − 3 − ½)/√3
    const test = mannWhitneyU([1, 2, 3], [4, 5]);
    expect(test.u).toBe(6);
    expect(test.probabilityBSlower).toBe(1);
    expect(test.z).toBeCloseTo(2.5 / Math.sqrt(3), 12);
    expect(test.pValue).toBeCloseTo(0.14891467317876572, 12);
  });

  it('gives tied values their mean rank and corrects the variance for ties', () => {
    // ranks: 1 | 2 2 2 → 3 | 3 3 → 5.5 | 4 → 7; B's rank sum 3 + 5.5 + 7 = 15.5, U = 15.5 − 6 = 9.5
    // ties of 3 and 2: Σ(t³ − t) = 30, variance 4·3/12 · (8 − 30/42), z = (9.5 − 6 − ½)/√variance
    const test = mannWhitneyU([1, 2, 2, 3], [2, 3, 4]);
    expect(test.u).toBe(9.5);
    expect(test.probabilityBSlower).toBeCloseTo(9.5 / 12, 12);
    expect(test.z).toBeCloseTo(3 / Math.sqrt(8 - 30 / 42), 12);
    expect(test.pValue).toBeCloseTo(0.2663799233424825, 12);
  });

  it('says nothing moved when every value is the same, and signs z by which side is slower', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5, 5])).toMatchObject({ u: 6, z: 0, pValue: 1 });
    expect(mannWhitneyU([4, 5], [1, 2, 3]).z).toBeCloseTo(-2.5 / Math.sqrt(3), 12);
  });
});
