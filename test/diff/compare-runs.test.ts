import { describe, expect, it } from 'vitest';
import { compareRuns, type OperationSamples, type RunComparisonRow } from '../../src-main/diff/compare-runs';
import { drawDurations, drawRun, seededRandom, syntheticOperations, type SyntheticOperation } from '../helpers/synthetic-durations';

const SEEDS = 100;
const MS = 1_000_000;

/** A typical endpoint: 1,500 calls a run, 2 ms median, moderately noisy, 2% of calls four times slower. */
const endpoint: SyntheticOperation = {
  key: { service: 'checkout', name: 'POST /checkout', kind: 'SERVER', isRoot: true },
  calls: 1_500,
  medianNs: 2 * MS,
  sigma: 0.5,
  slowShare: 0.02,
  slowFactor: 4,
  errorRate: 0.01,
};

/**
 * The endpoint's tail made 30% slower, its median unchanged: each duration is stretched by a factor rising from 1
 * at the true p50 to 1.3 at the true p95 and staying there, which keeps the order, so p95 and p99 grow by exactly
 * 30% and p50 not at all.
 */
const population = drawDurations(endpoint, 400_000, seededRandom(12345)).sort();
const [trueP50, trueP95] = [population[200_000], population[380_000]];
function slowTail(operation: SyntheticOperation, durations: Float64Array): void {
  if (operation !== endpoint) return;
  const span = Math.log(trueP95 / trueP50);
  for (let i = 0; i < durations.length; i++) {
    const reach = Math.min(1, Math.max(0, Math.log(durations[i] / trueP50) / span));
    durations[i] = Math.round(durations[i] * (1 + 0.3 * reach));
  }
}

const flagged = (row: RunComparisonRow) => row.verdict === 'slower' || row.verdict === 'faster' || row.errors?.verdict === 'more errors' || row.errors?.verdict === 'fewer errors';

const samples = (name: string, durations: number[], errors = 0): OperationSamples => ({ key: { service: 'api', name, kind: 'SERVER', isRoot: true }, durations, errors });
const steady = (calls: number, ns: number, seed: number) => Array.from(drawDurations({ medianNs: ns, sigma: 0.2, slowShare: 0, slowFactor: 1 }, calls, seededRandom(seed)));

describe('run comparison: accuracy', () => {
  it('flags one operation made 30% slower at p95 among a dozen noisy unchanged ones, alone (every seed finds it, 95 of 100 nothing else)', () => {
    let found = 0;
    let alone = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const operations = [endpoint, ...syntheticOperations(12, 1_000 + seed)];
      const rows = compareRuns(drawRun(operations, 2 * seed), drawRun(operations, 2 * seed + 1, slowTail));
      const row = rows.find((r) => r.key === endpoint.key)!;
      if (row.verdict === 'slower' && row.quantiles!.p95.verdict === 'slower' && row.quantiles!.p50.verdict === 'unchanged') found++;
      if (rows.filter(flagged).length === 1 && rows[0] === row) alone++;
    }
    expect(found).toBe(SEEDS);
    expect(alone).toBeGreaterThanOrEqual(95);
  });

  it('flags nothing in at least 95 of 100 A/A comparisons of a dozen noisy operations', () => {
    let quiet = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const operations = syntheticOperations(12, seed);
      if (!compareRuns(drawRun(operations, 2 * seed), drawRun(operations, 2 * seed + 1)).some(flagged)) quiet++;
    }
    expect(quiet).toBeGreaterThanOrEqual(95);
  });

  it('says "not enough data" for a change on 10 calls, however large', () => {
    const a = steady(10, 5 * MS, 1);
    const rows = compareRuns([samples('GET /rare', a)], [samples('GET /rare', a.map((ns) => ns * 3), 5)]);
    expect(rows[0].verdict).toBe('not enough data');
    expect(rows[0].quantiles!.p95).toMatchObject({ ratio: 3, test: null, adjustedP: null, verdict: 'not enough data' });
    expect(rows[0].errors).toMatchObject({ delta: 0.5, test: null, verdict: 'not enough data' });
    expect(rows[0].rankTest).toBeNull();
    const lopsided = compareRuns([samples('GET /rare', steady(1_000, 5 * MS, 2))], [samples('GET /rare', steady(10, 15 * MS, 3))]);
    expect(lopsided[0].verdict).toBe('not enough data');
  });
});

describe('run comparison: rows', () => {
  it('gives calls, error rates, quantiles, the change with its interval and the rank test', () => {
    const a = steady(2_000, 10 * MS, 4);
    const [row] = compareRuns([samples('GET /cart', a, 20)], [samples('GET /cart', a.map((ns) => ns * 2), 200)]);
    expect(row.a).toMatchObject({ calls: 2_000, errors: 20, errorRate: 0.01 });
    expect(row.b).toMatchObject({ calls: 2_000, errors: 200, errorRate: 0.1 });
    expect(row.b!.p95Ns).toBe(2 * row.a!.p95Ns);
    expect(row.quantiles!.p50).toMatchObject({ ratio: 2, deltaNs: row.a!.p50Ns, verdict: 'slower' });
    expect(row.quantiles!.p50.test!.low).toBeGreaterThan(1.9);
    expect(row.quantiles!.p99.verdict).toBe('slower');
    expect(row.errors!.verdict).toBe('more errors');
    expect(row.rankTest!.probabilityBSlower).toBeGreaterThan(0.99);
    expect(row.verdict).toBe('slower');
    expect(row.impactNs).toBeCloseTo(row.a!.meanNs * 2_000, -3);
  });

  it('ranks regressions by impact, then improvements, operations only in B, only in A, and the rest by calls', () => {
    const base = steady(1_000, 10 * MS, 5);
    const rows = compareRuns(
      [samples('small regression', base), samples('big regression', base), samples('faster', base), samples('gone', base), samples('same', base), samples('same, busy', steady(3_000, MS, 6))],
      [samples('small regression', base.map((ns) => ns * 1.5)), samples('big regression', base.map((ns) => ns * 3)), samples('faster', base.map((ns) => ns / 2)), samples('new', base), samples('same', base), samples('same, busy', steady(3_000, MS, 6))],
    );
    expect(rows.map((r) => [r.key.name, r.verdict])).toEqual([
      ['big regression', 'slower'],
      ['small regression', 'slower'],
      ['faster', 'faster'],
      ['new', 'only in B'],
      ['gone', 'only in A'],
      ['same, busy', 'unchanged'],
      ['same', 'unchanged'],
    ]);
    expect(rows.find((r) => r.key.name === 'gone')).toMatchObject({ a: { calls: 1_000 }, b: null, quantiles: null });
    expect(rows.find((r) => r.key.name === 'gone')!.impactNs).toBeLessThan(0);
  });

  it('keeps an endpoint apart from the same operation called inside traces', () => {
    const durations = steady(100, MS, 7);
    const inner = { ...samples('GET /items', durations), key: { service: 'api', name: 'GET /items', kind: 'SERVER', isRoot: false } };
    expect(compareRuns([samples('GET /items', durations), inner], [samples('GET /items', durations)]).map((r) => r.verdict)).toEqual(['only in A', 'unchanged']);
  });

  it('counts a significant change only when it matters: 3% slower on 50,000 calls is unchanged', () => {
    const a = steady(50_000, 10 * MS, 8);
    const [row] = compareRuns([samples('GET /hot', a)], [samples('GET /hot', a.map((ns) => ns * 1.03))]);
    expect(row.quantiles!.p50.adjustedP).toBeLessThan(1e-6);
    expect(row.verdict).toBe('unchanged');
  });

  it('refuses an operation listed twice in one run', () => {
    expect(() => compareRuns([samples('GET /a', [1]), samples('GET /a', [2])], [])).toThrow(
      'Run A lists the operation {"service":"api","name":"GET /a","kind":"SERVER","isRoot":true} twice; give each operation\'s calls once.',
    );
  });
});
