/**
 * The Mann–Whitney U test (Wilcoxon rank-sum) of two samples: whether calls of one run tend to take longer than
 * those of the other. Tied values share their mean rank; the variance is corrected for ties and the p-value is the
 * normal approximation's, two-sided, with a continuity correction of ½. Both samples come sorted, so ranking them
 * is one merge: O(n).
 */
import { twoSidedP } from './normal-distribution';

export interface RankTest {
  /** U of sample B: the pairs (a, b) with b > a, ties counting ½. */
  u: number;
  /** The chance that a call of B takes longer than one of A, ties counting ½: U / (nA · nB). */
  probabilityBSlower: number;
  /** Positive when B tends to be slower. */
  z: number;
  pValue: number;
}

/** Both samples sorted ascending, each with at least one value. */
export function mannWhitneyU(sortedA: ArrayLike<number>, sortedB: ArrayLike<number>): RankTest {
  const nA = sortedA.length;
  const nB = sortedB.length;
  const n = nA + nB;
  let rankSumB = 0;
  let tieTerm = 0; // Σ (t³ − t) over groups of t tied values
  let i = 0;
  let j = 0;
  while (i < nA || j < nB) {
    const value = j >= nB || (i < nA && sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j];
    const firstRank = i + j + 1;
    let inB = 0;
    while (i < nA && sortedA[i] === value) i++;
    while (j < nB && sortedB[j] === value) {
      j++;
      inB++;
    }
    const tied = i + j + 1 - firstRank;
    rankSumB += inB * (firstRank + (tied - 1) / 2);
    tieTerm += tied * tied * tied - tied;
  }
  const u = rankSumB - (nB * (nB + 1)) / 2;
  const mean = (nA * nB) / 2;
  const variance = ((nA * nB) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const distance = Math.max(0, Math.abs(u - mean) - 0.5);
  const z = variance > 0 ? (Math.sign(u - mean) * distance) / Math.sqrt(variance) : 0;
  return { u, probabilityBSlower: u / (nA * nB), z, pValue: twoSidedP(z) };
}
