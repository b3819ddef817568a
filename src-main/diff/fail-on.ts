/**
 * `compare-runs --fail-on`: the thresholds a run comparison must stay within, and which rows break them.
 *
 * Grammar (spaces allowed between the parts, case-insensitive):
 *   thresholds := threshold ("," threshold)*
 *   threshold  := measure ">" amount
 *   measure    := p50 | p95 | p99 | errors
 *   amount     := number "%" | number unit       number := digits ["." digits]    unit := ns | us | µs | ms | s
 * `p95>10%`: B's p95 is more than 10% above A's. `p99>20ms`: B's p99 is more than 20 ms above A's.
 * `errors>1%`: B's error rate is more than one percentage point above A's (errors take only percentages).
 *
 * Only significant regressions count (compare-runs.ts): a quantile whose verdict is 'slower', an error rate whose
 * verdict is 'more errors'. A threshold below the comparison's least change that matters (5%, 10 µs, one point)
 * therefore acts as that least change.
 */
import type { QuantileName, RunComparisonRow } from './compare-runs';

export type FailOnMeasure = QuantileName | 'errors';

export interface FailOnThreshold {
  measure: FailOnMeasure;
  /** 'share': a fraction (0.1 for 10%) of A's quantile, or of the calls for errors; 'ns': a time. */
  unit: 'share' | 'ns';
  amount: number;
  /** The threshold as written, for messages. */
  text: string;
}

export interface FailOnBreach {
  row: RunComparisonRow;
  threshold: FailOnThreshold;
  /** The change seen, in the threshold's unit. */
  observed: number;
}

/** A --fail-on value that cannot be read; the message names the part that was wrong. */
export class FailOnError extends Error {}

const MEASURES: readonly FailOnMeasure[] = ['p50', 'p95', 'p99', 'errors'];
const NS_PER_UNIT: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };
const EXAMPLES = 'such as p95>10%, p99>20ms or errors>1%';

export function parseFailOn(text: string): FailOnThreshold[] {
  if (text.trim() === '') throw new FailOnError(`--fail-on is empty; give thresholds ${EXAMPLES}`);
  return text.split(',').map((part) => parseThreshold(part.trim(), text));
}

function parseThreshold(part: string, whole: string): FailOnThreshold {
  const where = `--fail-on "${whole}"`;
  if (part === '') throw new FailOnError(`${where} has an empty threshold between commas; give thresholds ${EXAMPLES}`);
  const sides = /^([^<>=]*?)\s*>\s*(.*)$/.exec(part);
  if (!sides) throw new FailOnError(`${where}: "${part}" is not a threshold; write a measure, '>' and an amount, ${EXAMPLES}`);
  const measure = sides[1].toLowerCase() as FailOnMeasure;
  if (!MEASURES.includes(measure)) throw new FailOnError(`${where}: "${sides[1]}" is not a measure; use p50, p95, p99 or errors`);
  const amount = /^(\d+(?:\.\d+)?)\s*(%|ns|us|µs|ms|s)$/i.exec(sides[2]);
  if (!amount) throw new FailOnError(`${where}: "${sides[2]}" is not an amount; use a percentage (10%) or a time (500us, 20ms, 1s)`);
  const number = Number(amount[1]);
  const unit = amount[2].toLowerCase();
  if (unit === '%') return { measure, unit: 'share', amount: number / 100, text: part };
  if (measure === 'errors') throw new FailOnError(`${where}: "${part}" gives errors a time; errors take a percentage of the calls, such as errors>1%`);
  return { measure, unit: 'ns', amount: number * NS_PER_UNIT[unit], text: part };
}

/** Every (row, threshold) where a significant regression goes past the threshold, rows in the order given. */
export function evaluateFailOn(rows: readonly RunComparisonRow[], thresholds: readonly FailOnThreshold[]): FailOnBreach[] {
  const breaches: FailOnBreach[] = [];
  for (const row of rows) {
    for (const threshold of thresholds) {
      const observed = regression(row, threshold);
      if (observed !== null && observed > threshold.amount) breaches.push({ row, threshold, observed });
    }
  }
  return breaches;
}

/** The significant regression of the threshold's measure in the threshold's unit, or null. */
function regression(row: RunComparisonRow, threshold: FailOnThreshold): number | null {
  if (threshold.measure === 'errors') return row.errors?.verdict === 'more errors' ? row.errors.delta : null;
  const change = row.quantiles?.[threshold.measure];
  if (change?.verdict !== 'slower') return null;
  return threshold.unit === 'share' ? change.ratio - 1 : change.deltaNs;
}
