/**
 * Work counted, not timed: V8's precise coverage counts how many times each function and block of the project's
 * code ran. A decoder linear in its input runs a bounded number of blocks per unit of input, on any machine at
 * any load; a quadratic one stands out at a few kilobytes. (The session is this thread's own; taking the
 * coverage resets the counts.) Optimized code loses counts (the same 5,000-span decode measured 81,286 or 12,853
 * blocks once the decoder had run hot), so the files that count work run without the optimizing compiler.
 */
import { Session } from 'node:inspector';
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-opt');

interface CoverageRange {
  count: number;
}
interface ScriptCoverage {
  url: string;
  functions: { ranges: CoverageRange[] }[];
}

const session = new Session();
session.connect();

/** A call on this thread's own session answers before `post` returns. */
function post<T>(method: string, params: object = {}): T {
  let answer: { error: Error | null; result?: T } | undefined;
  session.post(method, params, (error, result) => (answer = { error, result: result as T }));
  if (!answer) throw new Error(`the inspector did not answer ${method} at once`);
  if (answer.error) throw answer.error;
  return answer.result!;
}

post('Profiler.enable');
post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });

/** Blocks of src-main run since the last call. */
export function workSinceLastCall(): number {
  const { result } = post<{ result: ScriptCoverage[] }>('Profiler.takePreciseCoverage');
  let work = 0;
  for (const script of result) {
    if (!script.url.includes('/src-main/')) continue;
    for (const fn of script.functions) for (const range of fn.ranges) work += range.count;
  }
  return work;
}

/** Bytes of a text or buffer, or values in a parsed JSON document (counted without recursion: inputs nest 20,000 deep). */
export function inputSize(input: unknown): number {
  if (typeof input === 'string' || input instanceof Uint8Array) return input.length;
  let size = 0;
  const stack = [input];
  while (stack.length > 0) {
    const value = stack.pop();
    size += typeof value === 'string' ? 1 + value.length : 1;
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        size += key.length;
        stack.push(child);
      }
    }
  }
  return size;
}
