/**
 * How the property tests run. The seed is fixed so a failure reproduces run after run; fast-check's report gives
 * the counterexample, the seed and the shrink path. `FUZZ_SEED=123 npx vitest run test/fuzz` explores other
 * inputs, `FUZZ_SCALE=20` tries twenty times as many (the default numbers keep test/fuzz near a minute on two slow
 * cores, counting work).
 */
import type { Parameters } from 'fast-check';
import { expect } from 'vitest';
import { DecodeError } from '../../src-main/otlp/decode-result';
import { inputSize, workSinceLastCall } from './work-meter';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_251_122);
const FUZZ_SCALE = Number(process.env.FUZZ_SCALE ?? 1);

export function runs(numRuns: number): Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(numRuns * FUZZ_SCALE)) };
}

/**
 * "Never hangs" is checked as "the work of a call grows at most linearly with its input": blocks of project code
 * run (work-meter.ts), at most WORK_PER_UNIT per byte of text or value of a document, past a start. Over the
 * 19,357 measured inputs of test/fuzz the most was 3.6 per unit past the start (25,211 blocks for 8,601 bytes); a
 * quadratic step over a few kilobytes runs millions. Counting makes the calls about four times slower.
 */
const WORK_PER_UNIT = 20;
const WORK_START = 5_000;

function expectLinearWork(input: unknown): void {
  const work = workSinceLastCall();
  const size = inputSize(input);
  expect(work, `${work} blocks run for an input of size ${size}`).toBeLessThanOrEqual(WORK_START + WORK_PER_UNIT * size);
}

/**
 * Runs one decoder call. It must return, or throw a DecodeError whose message starts by saying where the input
 * was wrong (`where`); any other exception (TypeError, RangeError…) escapes to fast-check as the failure.
 * Returns the result, or undefined when the input was refused.
 */
export function decodeOrRefuse<T>(input: unknown, decode: () => T, where: RegExp): T | undefined {
  workSinceLastCall();
  try {
    return decode();
  } catch (error) {
    return refused(error, where);
  } finally {
    expectLinearWork(input);
  }
}

/** The same for a decoder that returns a promise (the archive reader). */
export async function decodeOrRefuseAsync<T>(input: unknown, decode: () => Promise<T>, where: RegExp): Promise<T | undefined> {
  workSinceLastCall();
  try {
    return await decode();
  } catch (error) {
    return refused(error, where);
  } finally {
    expectLinearWork(input);
  }
}

function refused(error: unknown, where: RegExp): undefined {
  if (!(error instanceof DecodeError)) throw error;
  expect(error.message).toMatch(where);
  return undefined;
}
