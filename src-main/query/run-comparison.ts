/**
 * Two stored runs compared (`GET /api/runs/compare`, `spanscope compare-runs`): their calls per operation read from
 * the store (run-samples.ts), compared by diff/compare-runs.ts, and the rows written as the API's document.
 *
 * compare-runs.ts's verdicts as the API names them: a row is a 'regression' when a quantile is significantly
 * slower or the error rate significantly higher; else an 'improvement' when one is faster or lower; 'unchanged'
 * when tested without a change that counts; 'not enough data' under the least calls, which takes the operations
 * only one run has (0 calls in the other), told apart by `presence`.
 */
import { compareRuns, DEFAULT_COMPARE_OPTIONS, type QuantileChange, type QuantileName, type RunComparisonRow, type RunFigures } from '../diff/compare-runs';
import type { ApiQuantileChange, ApiRunComparison, ApiRunOperation, ApiRunStats, ApiRunVerdict } from '../model/api';
import type { SpanKind } from '../model/span';
import type { RunRow } from '../store/run-reader';
import type { StoreReader } from '../store/store-reader';
import { runJson } from './run-list';
import { runOperationSamples } from './run-samples';

export function compareStoredRuns(reader: StoreReader, a: RunRow, b: RunRow): RunComparisonRow[] {
  return compareRuns(runOperationSamples(reader, a), runOperationSamples(reader, b));
}

export function runComparisonJson(reader: StoreReader, a: RunRow, b: RunRow, rows: RunComparisonRow[]): ApiRunComparison {
  const operations = rows.map(operationJson);
  const { minCalls, alpha, minRatioChange, minChangeNs, minErrorRateChange } = DEFAULT_COMPARE_OPTIONS;
  return {
    a: a.id,
    b: b.id,
    runA: runJson(reader, a),
    runB: runJson(reader, b),
    operations,
    regressions: operations.filter((row) => row.verdict === 'regression'),
    settings: { minCalls, alpha, minRatioChange, minChangeNano: String(minChangeNs), minErrorRateChange },
  };
}

export function apiVerdict(row: RunComparisonRow): ApiRunVerdict {
  if (row.verdict === 'slower' || row.errors?.verdict === 'more errors') return 'regression';
  if (row.verdict === 'faster' || row.errors?.verdict === 'fewer errors') return 'improvement';
  return row.verdict === 'unchanged' ? 'unchanged' : 'not enough data';
}

/** 1 − the smallest adjusted p of the tests that made the row a regression or an improvement; null otherwise. */
export function confidence(row: RunComparisonRow): number | null {
  const verdict = apiVerdict(row);
  if (verdict !== 'regression' && verdict !== 'improvement') return null;
  const [quantileVerdict, errorVerdict] = verdict === 'regression' ? ['slower', 'more errors'] : ['faster', 'fewer errors'];
  const deciding = [...Object.values(row.quantiles ?? {}).filter((change) => change.verdict === quantileVerdict), ...(row.errors?.verdict === errorVerdict ? [row.errors] : [])];
  return 1 - Math.min(...deciding.map((change) => change.adjustedP ?? 1));
}

function operationJson(row: RunComparisonRow): ApiRunOperation {
  const ratio = (name: QuantileName) => (row.quantiles ? finiteOrNull(row.quantiles[name].ratio) : null);
  const { errors, rankTest } = row;
  return {
    service: row.key.service,
    name: row.key.name,
    kind: row.key.kind as SpanKind,
    root: row.key.isRoot,
    a: statsJson(row.a),
    b: statsJson(row.b),
    verdict: apiVerdict(row),
    presence: row.verdict === 'only in A' ? 'only in A' : row.verdict === 'only in B' ? 'only in B' : 'both',
    p50Ratio: ratio('p50'),
    p95Ratio: ratio('p95'),
    p99Ratio: ratio('p99'),
    confidence: confidence(row),
    impactNano: nanoText(row.impactNs),
    quantiles: row.quantiles && { p50: changeJson(row.quantiles.p50), p95: changeJson(row.quantiles.p95), p99: changeJson(row.quantiles.p99) },
    errors: errors && { delta: errors.delta, pValue: errors.test?.pValue ?? null, adjustedP: errors.adjustedP, verdict: errors.verdict },
    rankTest: rankTest && { probabilityBSlower: rankTest.probabilityBSlower, z: rankTest.z, pValue: rankTest.pValue },
  };
}

function statsJson(figures: RunFigures | null): ApiRunStats {
  if (figures === null) return { count: 0, errorCount: 0, errorRate: 0, meanNano: '0', p50Nano: '0', p95Nano: '0', p99Nano: '0' };
  const quantile = (name: QuantileName) => nanoText(figures[`${name}Ns`]);
  return { count: figures.calls, errorCount: figures.errors, errorRate: figures.errorRate, meanNano: nanoText(figures.meanNs), p50Nano: quantile('p50'), p95Nano: quantile('p95'), p99Nano: quantile('p99') };
}

function changeJson(change: QuantileChange): ApiQuantileChange {
  const { test } = change;
  return {
    deltaNano: nanoText(change.deltaNs),
    ratio: finiteOrNull(change.ratio),
    low: test && finiteOrNull(test.low),
    high: test && finiteOrNull(test.high),
    pValue: test && test.pValue,
    adjustedP: change.adjustedP,
    verdict: change.verdict,
  };
}

/** Nanoseconds as the API writes them: a whole number in decimal, never in exponent form. */
function nanoText(ns: number): string {
  return Number.isFinite(ns) ? BigInt(Math.round(ns)).toString() : '0';
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
