/** A run comparison's figures in words, as its tables show them; and the tone each one is drawn in. */
import type { ApiRunVerdict } from '../../../src-main/model/api';
import type { QuantileChange, RunOperation, RunQuantile } from '../api-shapes';

export const VERDICTS: readonly ApiRunVerdict[] = ['regression', 'improvement', 'unchanged', 'not enough data'];

/** How many rows have each verdict. */
export function verdictCounts(rows: readonly RunOperation[]): Record<ApiRunVerdict, number> {
  const counts: Record<ApiRunVerdict, number> = { regression: 0, improvement: 0, unchanged: 0, 'not enough data': 0 };
  for (const row of rows) counts[row.verdict]++;
  return counts;
}

/** B ÷ A as a change: `+27%`, `−1.3%`, `±0%`, `×12` past ten times; `–` when there is no ratio. */
export function ratioText(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '–';
  if (ratio >= 10) return `×${Number(ratio.toPrecision(3))}`;
  const percent = (ratio - 1) * 100;
  const shown = Math.abs(percent) < 10 ? Number(Math.abs(percent).toFixed(1)) : Math.round(Math.abs(percent));
  if (shown === 0) return '±0%';
  return `${percent > 0 ? '+' : '−'}${shown}%`;
}

/** A share (0–1): `0%`, `3.3%`, `<0.1%`, `100%`. */
export function shareText(share: number): string {
  if (share === 0) return '0%';
  if (share < 0.001) return '<0.1%';
  return `${Number((share * 100).toFixed(1))}%`;
}

/** How sure (0–1): `> 99.9%` when it rounds to certain, else to a tenth of a percent; `–` without a verdict to be sure of. */
export function confidenceText(confidence: number | null): string {
  if (confidence === null) return '–';
  if (confidence >= 0.999) return '> 99.9%';
  return `${Number((confidence * 100).toFixed(1))}%`;
}

/**
 * The calls a quantile needs in each run before it is tested: 10 calls beyond it on each side (README, "Runs and
 * regressions"), and never fewer than the comparison's least calls.
 */
export function callsNeeded(quantile: RunQuantile, minCalls: number): number {
  const beyond = { p50: 20, p95: 200, p99: 1_000 }[quantile];
  return Math.max(beyond, minCalls);
}

export type Tone = 'slower' | 'faster' | 'same' | 'error';

/** A quantile's change is coloured only when it counts (significant and large enough). */
export function quantileTone(change: QuantileChange | undefined): Tone {
  if (change?.verdict === 'slower') return 'slower';
  if (change?.verdict === 'faster') return 'faster';
  return 'same';
}

/** An error rate's change: red only when significantly higher. */
export function errorTone(row: RunOperation): Tone {
  if (row.errors?.verdict === 'more errors') return 'error';
  if (row.errors?.verdict === 'fewer errors') return 'faster';
  return 'same';
}

/** Why a row says "not enough data", in a sentence. */
export function notEnoughDataText(row: RunOperation, minCalls: number): string {
  if (row.presence === 'only in A') return `only in A: no calls in B (${row.a.count.toLocaleString('en-US')} in A)`;
  if (row.presence === 'only in B') return `only in B: no calls in A (${row.b.count.toLocaleString('en-US')} in B)`;
  return `fewer than ${minCalls} calls in a run`;
}
