import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../src-main/diff/holm';

describe('Holm adjustment', () => {
  it('multiplies the k-th smallest p by (m − k + 1), keeps the order monotone and answers in the order given', () => {
    // 0.005 × 4 = 0.02; 0.01 × 3 = 0.03; 0.03 × 2 = 0.06; 0.04 × 1 = 0.04, raised to the 0.06 before it
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((want, i) => expect(adjusted[i]).toBeCloseTo(want, 15));
  });

  it('caps at 1 and takes an empty family', () => {
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
  });
});
