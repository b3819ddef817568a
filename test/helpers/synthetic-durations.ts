/**
 * Seeded synthetic durations for the run comparison's tests and bench: lognormal calls with a small slow mode
 * (a cache miss, a pause), the shape real operations have, drawn the same on every machine for a given seed.
 */

/** Uniform numbers in [0, 1) from a seed: a counter mixed by MurmurHash3's 32-bit finalizer. */
export function seededRandom(seed: number): () => number {
  let counter = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b9) >>> 0;
  return () => {
    counter = (counter + 0x9e3779b9) >>> 0;
    let h = counter;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
  };
}

/** Standard normal numbers by Box–Muller, both of each pair used. */
export function normalRandom(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

export interface DurationShape {
  medianNs: number;
  /** The spread of log(duration): 0.3 is a steady call, 0.8 a noisy one. */
  sigma: number;
  /** The share of calls in the slow mode, and how much slower they are. */
  slowShare: number;
  slowFactor: number;
}

/** `calls` durations of one shape, in ns (whole numbers, as spans carry them). */
export function drawDurations(shape: DurationShape, calls: number, random: () => number, normal = normalRandom(random)): Float64Array {
  const out = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const slow = random() < shape.slowShare ? shape.slowFactor : 1;
    out[i] = Math.round(shape.medianNs * Math.exp(shape.sigma * normal()) * slow);
  }
  return out;
}

/** How many of `calls` fail, each with chance `rate`. */
export function drawErrors(calls: number, rate: number, random: () => number): number {
  let errors = 0;
  for (let i = 0; i < calls; i++) if (random() < rate) errors++;
  return errors;
}
