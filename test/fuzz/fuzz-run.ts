/**
 * How the property tests run. The seed is fixed so a failure reproduces run after run; fast-check's report gives
 * the counterexample, the seed and the shrink path. `FUZZ_SEED=123 npx vitest run test/fuzz` explores other
 * inputs, `FUZZ_SCALE=20` tries twenty times as many (the default numbers keep test/fuzz under 20 s on two slow
 * cores).
 */
import type { Parameters } from 'fast-check';
import { expect } from 'vitest';
import { DecodeError } from '../../src-main/otlp/decode-result';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_251_122);
const FUZZ_SCALE = Number(process.env.FUZZ_SCALE ?? 1);

export function runs(numRuns: number): Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(numRuns * FUZZ_SCALE)) };
}

/**
 * A synchronous call cannot be interrupted, so "never hangs" is checked as "every call returns within this
 * bound": super-linear work on a few kilobytes shows up as seconds long before it becomes a hang.
 */
const CALL_TIME_LIMIT_MS = 1000;

/**
 * Runs one decoder call. It must return, or throw a DecodeError whose message starts by saying where the input
 * was wrong (`where`); any other exception (TypeError, RangeError…) escapes to fast-check as the failure.
 * Returns the result, or undefined when the input was refused.
 */
export function decodeOrRefuse<T>(decode: () => T, where: RegExp): T | undefined {
  const started = performance.now();
  try {
    return decode();
  } catch (error) {
    return refused(error, where);
  } finally {
    expect(performance.now() - started).toBeLessThan(CALL_TIME_LIMIT_MS);
  }
}

/** The same for a decoder that returns a promise (the archive reader). */
export async function decodeOrRefuseAsync<T>(decode: () => Promise<T>, where: RegExp): Promise<T | undefined> {
  const started = performance.now();
  try {
    return await decode();
  } catch (error) {
    return refused(error, where);
  } finally {
    expect(performance.now() - started).toBeLessThan(CALL_TIME_LIMIT_MS);
  }
}

function refused(error: unknown, where: RegExp): undefined {
  if (!(error instanceof DecodeError)) throw error;
  expect(error.message).toMatch(where);
  return undefined;
}
