/**
 * Whether a quantile (p50, p95, p99) of the durations moved between two runs, and by how much: the ratio B/A with a
 * 95% interval and a two-sided p-value.
 *
 * The test works on the logarithm of the quantile, where a duration's change is a ratio and its spread is even on
 * both sides. Each side's spread is the variance of its quantile under bootstrap resampling, taken exactly rather
 * than drawn: a resampled q-quantile of n sorted samples is the sample at a rank spread around the observed one
 * (binomially, with standard deviation √(n·q·(1−q))), so the variance is the weighted variance of the log samples
 * around that rank, the weights that spread's normal curve. No random numbers, O(√n) a quantile once sorted, and a
 * tail-only slowdown is seen where a rank test (mann-whitney.ts) barely moves. On pairs of runs drawn from one
 * lognormal distribution with a slow mode (30 to 3,000 calls, 4,000 pairs each), |z| passed 1.96 in 0.3–5.3% of
 * pairs and 2.58 in 0.03–1.6%, near the 5% and 1% it should.
 *
 * A quantile needs calls on both sides of it: with fewer than MIN_CALLS_BEYOND samples above (or below) it, its
 * spread cannot be read from the samples and the test answers null.
 */
import { twoSidedP } from './normal-distribution';
import { quantileOfSorted, quantileRank } from './group-diff';

/** Samples needed on the far side of a quantile before it is tested: p95 needs 200 calls, p99 1,000. */
export const MIN_CALLS_BEYOND = 10;
/** The weights reach 4 standard deviations of the resampled rank either side; past that they are below 0.04%. */
const WEIGHT_REACH = 4;
const Z_95 = 1.959963984540054;

export interface QuantileTest {
  /** B's quantile over A's. */
  ratio: number;
  /** The 95% interval of the ratio. */
  low: number;
  high: number;
  /** Positive when B's quantile is higher. */
  z: number;
  pValue: number;
}

/** Both samples sorted ascending; null when either has too few samples beyond the quantile q (0–1). */
export function quantileTest(sortedA: ArrayLike<number>, sortedB: ArrayLike<number>, q: number): QuantileTest | null {
  const varianceA = logQuantileVariance(sortedA, q);
  const varianceB = logQuantileVariance(sortedB, q);
  if (varianceA === null || varianceB === null) return null;
  const difference = logOf(quantileOfSorted(sortedB, q)) - logOf(quantileOfSorted(sortedA, q));
  const spread = Math.sqrt(varianceA + varianceB);
  const z = spread > 0 ? difference / spread : difference === 0 ? 0 : Math.sign(difference) * Infinity;
  return {
    ratio: Math.exp(difference),
    low: Math.exp(difference - Z_95 * spread),
    high: Math.exp(difference + Z_95 * spread),
    z,
    pValue: twoSidedP(z),
  };
}

/** The exact bootstrap variance of log(q-quantile), with the resampled rank's distribution taken as normal. */
export function logQuantileVariance(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n * Math.min(q, 1 - q) < MIN_CALLS_BEYOND) return null;
  const rank = quantileRank(n, q);
  const sd = Math.sqrt(n * q * (1 - q));
  const centre = logOf(sorted[rank]);
  let weights = 0;
  let sum = 0;
  let squares = 0;
  for (let i = Math.max(0, Math.floor(rank - WEIGHT_REACH * sd)); i <= Math.min(n - 1, Math.ceil(rank + WEIGHT_REACH * sd)); i++) {
    const w = Math.exp(-0.5 * ((i - rank) / sd) ** 2);
    const x = logOf(sorted[i]) - centre; // centred, so the squares do not swamp the variance
    weights += w;
    sum += w * x;
    squares += w * x * x;
  }
  const mean = sum / weights;
  return Math.max(0, squares / weights - mean * mean);
}

/** Durations of 0 ns (clock resolution) are taken as 1 ns, so every logarithm is finite. */
function logOf(ns: number): number {
  return Math.log(Math.max(1, ns));
}
