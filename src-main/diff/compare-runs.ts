/**
 * Run against run (issue 17): for every operation (service, name, kind; roots apart), each run's calls, error rate
 * and p50/p95/p99, the change, how sure it is, and a verdict; rows ranked with the costliest regression first.
 *
 * How a verdict is reached, with the defaults of DEFAULT_COMPARE_OPTIONS:
 * - An operation with fewer than 30 calls in either run is 'not enough data': figures, no verdict.
 * - Each quantile is tested by quantile-test.ts (the bootstrap spread of log(quantile), computed rather than drawn,
 *   with no assumption on the durations' shape), so a tail-only slowdown is caught with the median unchanged; a quantile with fewer than 10 calls beyond it on either
 *   side (p95 under 200 calls, p99 under 1,000) is 'not enough data' on its own. The error rate is tested by
 *   proportion-test.ts.
 * - Every test of the comparison is one family: p-values are adjusted by Holm's method and a change counts only
 *   when its adjusted p is below α = 0.01, so two runs of one distribution raise no alarm in about 99 of 100 cases,
 *   however many operations they hold.
 * - A significant change must also matter: a quantile by at least 5% and 10 µs, the error rate by at least one
 *   percentage point.
 * - A row is 'slower' when any quantile is significantly slower, else 'faster' when any is significantly faster.
 * - Mann–Whitney's rank test (mann-whitney.ts) is reported beside, as how much the whole distribution shifted
 *   (the chance a call of B is slower than one of A); verdicts come from the quantiles, which thresholds name.
 *
 * Impact is the time B spent beyond A's pace: (mean of B − mean of A) × calls in B, in ns; all of B's time for an
 * operation only B has, minus all of A's for one only A has. Rows run: regressions (slower, or more errors) by
 * impact, improvements by time saved, operations only in B, only in A, then the rest by calls.
 */
import { holmAdjust } from './holm';
import { mannWhitneyU, type RankTest } from './mann-whitney';
import { twoProportionTest, type ProportionTest } from './proportion-test';
import { quantileTest, type QuantileTest } from './quantile-test';
import { quantileOfSorted } from './group-diff';

export interface OperationKey {
  service: string;
  name: string;
  kind: string;
  /** A root span's operation (an endpoint) is kept apart from the same operation called inside a trace. */
  isRoot: boolean;
}

/** One operation's calls in one run: durations in ns (any order) and how many of the calls failed. */
export interface OperationSamples {
  key: OperationKey;
  durations: ArrayLike<number>;
  errors: number;
}

export interface CompareRunsOptions {
  /** Calls each run needs before an operation gets a verdict. */
  minCalls: number;
  /** The chance of one false alarm in the whole comparison that is accepted (Holm-adjusted p below it). */
  alpha: number;
  /** The least change of a quantile that counts, as a share: 0.05 is 5%. */
  minRatioChange: number;
  /** And in nanoseconds. */
  minChangeNs: number;
  /** The least change of the error rate that counts, in rate: 0.01 is one percentage point. */
  minErrorRateChange: number;
}

export const DEFAULT_COMPARE_OPTIONS: CompareRunsOptions = { minCalls: 30, alpha: 0.01, minRatioChange: 0.05, minChangeNs: 10_000, minErrorRateChange: 0.01 };

export const QUANTILES = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;
export type QuantileName = keyof typeof QUANTILES;

export interface RunFigures {
  calls: number;
  errors: number;
  errorRate: number;
  meanNs: number;
  p50Ns: number;
  p95Ns: number;
  p99Ns: number;
}

export type ChangeVerdict = 'slower' | 'faster' | 'unchanged' | 'not enough data';
export type RowVerdict = ChangeVerdict | 'only in A' | 'only in B';

export interface QuantileChange {
  deltaNs: number;
  /** B over A. */
  ratio: number;
  /** Null when there are too few calls to test. */
  test: QuantileTest | null;
  adjustedP: number | null;
  verdict: ChangeVerdict;
}

export interface ErrorRateChange {
  /** B's rate minus A's: 0.02 is two percentage points more. */
  delta: number;
  test: ProportionTest | null;
  adjustedP: number | null;
  verdict: 'more errors' | 'fewer errors' | 'unchanged' | 'not enough data';
}

export interface RunComparisonRow {
  key: OperationKey;
  a: RunFigures | null;
  b: RunFigures | null;
  /** Null for an operation only one run has. */
  quantiles: Record<QuantileName, QuantileChange> | null;
  errors: ErrorRateChange | null;
  rankTest: RankTest | null;
  verdict: RowVerdict;
  impactNs: number;
}

interface Side {
  key: OperationKey;
  sorted: Float64Array;
  figures: RunFigures;
}

export function compareRuns(a: readonly OperationSamples[], b: readonly OperationSamples[], options: Partial<CompareRunsOptions> = {}): RunComparisonRow[] {
  const settings = { ...DEFAULT_COMPARE_OPTIONS, ...options };
  const sidesA = sidesByKey(a, 'A');
  const sidesB = sidesByKey(b, 'B');
  const rows: RunComparisonRow[] = [];
  for (const [text, sideA] of sidesA) rows.push(compareOperation(sideA, sidesB.get(text), settings));
  for (const [text, sideB] of sidesB) if (!sidesA.has(text)) rows.push(compareOperation(undefined, sideB, settings));
  judge(rows, settings);
  return rows.sort(byRank);
}

/** The text that tells operations apart. */
export function operationKeyText(key: OperationKey): string {
  return `${key.service}\u0000${key.name}\u0000${key.kind}\u0000${key.isRoot ? 'root' : ''}`;
}

function sidesByKey(run: readonly OperationSamples[], label: string): Map<string, Side> {
  const sides = new Map<string, Side>();
  for (const samples of run) {
    if (samples.durations.length === 0) continue;
    const text = operationKeyText(samples.key);
    if (sides.has(text)) throw new Error(`Run ${label} lists the operation ${JSON.stringify(samples.key)} twice; give each operation's calls once.`);
    const sorted = Float64Array.from(samples.durations).sort();
    let total = 0;
    for (let i = 0; i < sorted.length; i++) total += sorted[i];
    const calls = sorted.length;
    sides.set(text, {
      key: samples.key,
      sorted,
      figures: { calls, errors: samples.errors, errorRate: samples.errors / calls, meanNs: total / calls, p50Ns: quantileOfSorted(sorted, 0.5), p95Ns: quantileOfSorted(sorted, 0.95), p99Ns: quantileOfSorted(sorted, 0.99) },
    });
  }
  return sides;
}

/** The figures and the raw tests of one operation; verdicts wait for the whole family's p-values (judge). */
function compareOperation(a: Side | undefined, b: Side | undefined, settings: CompareRunsOptions): RunComparisonRow {
  const key = (a ?? b)!.key;
  if (!a || !b) {
    const only = (a ?? b)!.figures;
    return { key, a: a?.figures ?? null, b: b?.figures ?? null, quantiles: null, errors: null, rankTest: null, verdict: a ? 'only in A' : 'only in B', impactNs: (a ? -1 : 1) * only.meanNs * only.calls };
  }
  const enough = a.figures.calls >= settings.minCalls && b.figures.calls >= settings.minCalls;
  const quantile = (name: QuantileName): QuantileChange => {
    const [nsA, nsB] = [a.figures[`${name}Ns`], b.figures[`${name}Ns`]];
    const test = enough ? quantileTest(a.sorted, b.sorted, QUANTILES[name]) : null;
    return { deltaNs: nsB - nsA, ratio: nsB / nsA, test, adjustedP: null, verdict: 'not enough data' };
  };
  const errorDelta = b.figures.errorRate - a.figures.errorRate;
  return {
    key,
    a: a.figures,
    b: b.figures,
    quantiles: { p50: quantile('p50'), p95: quantile('p95'), p99: quantile('p99') },
    errors: { delta: errorDelta, test: enough ? twoProportionTest(a.figures.errors, a.figures.calls, b.figures.errors, b.figures.calls) : null, adjustedP: null, verdict: 'not enough data' },
    rankTest: enough ? mannWhitneyU(a.sorted, b.sorted) : null,
    verdict: enough ? 'unchanged' : 'not enough data', // until judged
    impactNs: (b.figures.meanNs - a.figures.meanNs) * b.figures.calls,
  };
}

/** Adjusts every test's p-value as one family, then gives each change, and each row with enough calls, its verdict. */
function judge(rows: RunComparisonRow[], settings: CompareRunsOptions): void {
  const changes = rows.flatMap((row) => (row.quantiles && row.errors ? [...Object.values(row.quantiles), row.errors] : [])).filter((change) => change.test);
  holmAdjust(changes.map((change) => change.test!.pValue)).forEach((p, i) => (changes[i].adjustedP = p));

  const minLogRatio = Math.log1p(settings.minRatioChange);
  for (const row of rows) {
    if (row.verdict !== 'unchanged' || !row.quantiles || !row.errors) continue;
    const quantiles = Object.values(row.quantiles);
    for (const change of quantiles) {
      if (change.adjustedP === null) continue;
      const matters = Math.abs(Math.log(change.ratio)) >= minLogRatio && Math.abs(change.deltaNs) >= settings.minChangeNs;
      change.verdict = change.adjustedP < settings.alpha && matters ? (change.deltaNs > 0 ? 'slower' : 'faster') : 'unchanged';
    }
    const errors = row.errors;
    const errorsMatter = Math.abs(errors.delta) >= settings.minErrorRateChange;
    errors.verdict = errors.adjustedP! < settings.alpha && errorsMatter ? (errors.delta > 0 ? 'more errors' : 'fewer errors') : 'unchanged';
    const verdicts = quantiles.map((change) => change.verdict);
    row.verdict = verdicts.includes('slower') ? 'slower' : verdicts.includes('faster') ? 'faster' : 'unchanged';
  }
}

/** 0 regressions, 1 improvements, 2 only in B, 3 only in A, 4 the rest. */
function group(row: RunComparisonRow): number {
  if (row.verdict === 'slower' || row.errors?.verdict === 'more errors') return 0;
  if (row.verdict === 'faster' || row.errors?.verdict === 'fewer errors') return 1;
  return row.verdict === 'only in B' ? 2 : row.verdict === 'only in A' ? 3 : 4;
}

function byRank(x: RunComparisonRow, y: RunComparisonRow): number {
  const gx = group(x);
  const gy = group(y);
  if (gx !== gy) return gx - gy;
  const calls = (row: RunComparisonRow) => (row.a?.calls ?? 0) + (row.b?.calls ?? 0);
  const order = gx === 0 ? y.impactNs - x.impactNs : gx === 1 ? x.impactNs - y.impactNs : gx === 4 ? calls(y) - calls(x) : Math.abs(y.impactNs) - Math.abs(x.impactNs);
  return order || (operationKeyText(x.key) < operationKeyText(y.key) ? -1 : 1);
}
