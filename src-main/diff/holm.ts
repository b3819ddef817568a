/**
 * Holm's step-down adjustment of p-values for many tests at once (every operation's quantiles and error rate in a
 * run comparison): an adjusted p below α keeps the chance of even one false alarm in the whole family below α,
 * whatever the dependence between the tests, and is never less powerful than Bonferroni's.
 */

/** Adjusted p-values, in the order given: the k-th smallest p times (m − k + 1), never below the one before. */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((x, y) => pValues[x] - pValues[y]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, k) => {
    running = Math.max(running, Math.min(1, (m - k) * pValues[index]));
    adjusted[index] = running;
  });
  return adjusted;
}
