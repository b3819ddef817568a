/**
 * The two-proportion z test with a pooled rate: whether the share of failed calls differs between two runs.
 * Two-sided; the normal approximation is fair once each run has a few errors, and the run comparison asks for a
 * change of at least one percentage point besides, so a handful of rare errors cannot raise an alarm alone.
 */
import { twoSidedP } from './normal-distribution';

export interface ProportionTest {
  /** Positive when B's share is higher. */
  z: number;
  pValue: number;
}

export function twoProportionTest(hitsA: number, callsA: number, hitsB: number, callsB: number): ProportionTest {
  const pooled = (hitsA + hitsB) / (callsA + callsB);
  const spread = Math.sqrt(pooled * (1 - pooled) * (1 / callsA + 1 / callsB));
  if (spread === 0) return { z: 0, pValue: 1 }; // no errors on either side, or nothing but errors
  const z = (hitsB / callsB - hitsA / callsA) / spread;
  return { z, pValue: twoSidedP(z) };
}
