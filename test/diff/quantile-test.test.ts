import { describe, expect, it } from 'vitest';
import { logQuantileVariance, quantileTest } from '../../src-main/diff/quantile-test';
import { drawDurations, seededRandom } from '../helpers/synthetic-durations';

const lognormal = (calls: number, seed: number) => drawDurations({ medianNs: 1e6, sigma: 0.5, slowShare: 0, slowFactor: 1 }, calls, seededRandom(seed)).sort();

describe('quantile test', () => {
  it('matches the textbook spread of a quantile: √(q(1−q)/n) · σ / φ(z_q) on the log scale', () => {
    // lognormal σ = 0.5, p95, n = 100,000: √(0.95 · 0.05 / 100000) · 0.5 / φ(1.6449) = 0.003341
    expect(Math.abs(Math.sqrt(logQuantileVariance(lognormal(100_000, 1), 0.95)!) / 0.003341 - 1)).toBeLessThan(0.05);
  });

  it('finds a 30% slower p95 with an interval around 1.3, and nothing between two draws of one distribution', () => {
    const a = lognormal(2_000, 2);
    const slower = quantileTest(a, lognormal(2_000, 3).map((ns) => ns * 1.3), 0.95)!;
    expect(slower.ratio).toBeGreaterThan(1.15);
    expect(slower.low).toBeGreaterThan(1);
    expect(slower.high).toBeGreaterThan(1.3);
    expect(slower.pValue).toBeLessThan(1e-6);
    expect(quantileTest(a, lognormal(2_000, 4), 0.95)!.pValue).toBeGreaterThan(0.01);
  });

  it('is exact for equal samples and declines a quantile with fewer than 10 calls beyond it', () => {
    const a = lognormal(500, 5);
    const same = quantileTest(a, a, 0.5)!;
    expect(same).toMatchObject({ ratio: 1, z: 0, pValue: 1 });
    expect(same.low).toBeLessThan(1);
    expect(same.high).toBeGreaterThan(1);
    expect(quantileTest(a, a, 0.99)).toBeNull(); // 5 calls above p99
    expect(quantileTest(lognormal(199, 6), a, 0.95)).toBeNull();
    expect(quantileTest(lognormal(200, 6), a, 0.95)).not.toBeNull();
  });
});
