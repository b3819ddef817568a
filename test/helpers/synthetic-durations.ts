/**
 * Seeded synthetic durations for the run comparison's tests and bench: lognormal calls with a small slow mode
 * (a cache miss, a pause), the shape real operations have, drawn the same on every machine for a given seed.
 */
import type { OperationKey, OperationSamples } from '../../src-main/diff/compare-runs';

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

export interface SyntheticOperation extends DurationShape {
  key: OperationKey;
  calls: number;
  errorRate: number;
}

const SERVICES = ['frontend', 'cart', 'checkout', 'payment', 'shipping', 'inventory', 'users', 'orders-db'];

/** `count` operations of varied pace, noise and traffic (`minCalls` to `maxCalls` a run), from a seed. */
export function syntheticOperations(count: number, seed: number, minCalls = 300, maxCalls = 3000): SyntheticOperation[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    key: { service: SERVICES[i % SERVICES.length], name: `operation ${i}`, kind: i % 3 === 0 ? 'SERVER' : 'CLIENT', isRoot: i % 3 === 0 },
    calls: Math.round(minCalls * (maxCalls / minCalls) ** random()),
    medianNs: Math.round(1e5 * 1000 ** random()), // 0.1 ms to 100 ms
    sigma: 0.3 + 0.5 * random(),
    slowShare: 0.05 * random(),
    slowFactor: 2 + 6 * random(),
    errorRate: 0.05 * random(),
  }));
}

/** One run of the operations, from a seed; `reshape` may change an operation's durations (a regression). */
export function drawRun(operations: SyntheticOperation[], seed: number, reshape?: (operation: SyntheticOperation, durations: Float64Array) => void): OperationSamples[] {
  const random = seededRandom(seed);
  const normal = normalRandom(random);
  return operations.map((operation) => {
    const durations = drawDurations(operation, operation.calls, random, normal);
    reshape?.(operation, durations);
    return { key: operation.key, durations, errors: drawErrors(operation.calls, operation.errorRate, random) };
  });
}
