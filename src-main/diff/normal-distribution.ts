/**
 * The standard normal distribution's tail, for the p-values of the run comparison's tests (z statistics).
 * erfc by its Taylor series near zero and by its continued fraction further out, where the series would lose the
 * small tail to cancellation; both are good to 1e-9 relative or better, enough for p-values far below any α.
 */

const SERIES_LIMIT = 3;
const FRACTION_DEPTH = 60;

/** The complementary error function, erfc(x) = 1 − erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < SERIES_LIMIT) return 1 - erfSeries(x);
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), folded from the bottom up
  let tail = x;
  for (let k = FRACTION_DEPTH; k >= 1; k--) tail = x + k / 2 / tail;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / tail;
}

/** erf(x) = 2/√π · Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)), summed until the terms no longer count. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let power = x; // (−1)ⁿ x^(2n+1) / n!
  let sum = x;
  for (let n = 1; n < 200; n++) {
    power *= -x2 / n;
    const term = power / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** The chance of a standard normal at least as far from zero as z, either side: the two-sided p-value. */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return 1;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}
