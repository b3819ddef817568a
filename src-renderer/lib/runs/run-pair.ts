/** Which two runs the Runs page offers to compare before the person picks: the two newest of one origin. */
import type { Run } from '../api-shapes';

export interface RunPair {
  a: number;
  b: number;
}

/**
 * `runs` newest first (as GET /api/runs lists them): B is the newest run whose origin has an older run with spans,
 * A that older one (1.0 → 1.1, baseline → candidate). Runs without spans are passed over: there is nothing to
 * compare in them. Without two such runs of one origin, the two newest runs with spans; fewer, none.
 */
export function defaultPair(runs: readonly Run[]): RunPair | undefined {
  const withSpans = runs.filter((run) => run.spanCount > 0);
  for (const [i, b] of withSpans.entries()) {
    const a = withSpans.slice(i + 1).find((run) => run.origin === b.origin);
    if (a) return { a: a.id, b: b.id };
  }
  return withSpans.length >= 2 ? { a: withSpans[1].id, b: withSpans[0].id } : undefined;
}

/** The pair kept across a reload of the list while both runs are still there; else the default. */
export function keptPair(runs: readonly Run[], pair: Partial<RunPair>): Partial<RunPair> {
  const has = (id: number | undefined) => id !== undefined && runs.some((run) => run.id === id);
  if (has(pair.a) || has(pair.b)) return { a: has(pair.a) ? pair.a : undefined, b: has(pair.b) ? pair.b : undefined };
  return defaultPair(runs) ?? {};
}
