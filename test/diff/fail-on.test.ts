import { describe, expect, it } from 'vitest';
import { compareRuns, type OperationSamples } from '../../src-main/diff/compare-runs';
import { evaluateFailOn, FailOnError, parseFailOn } from '../../src-main/diff/fail-on';
import { drawDurations, seededRandom } from '../helpers/synthetic-durations';

const MS = 1_000_000;
const samples = (name: string, durations: ArrayLike<number>, errors = 0): OperationSamples => ({ key: { service: 'api', name, kind: 'SERVER', isRoot: true }, durations, errors });
const steady = (calls: number, seed: number) => drawDurations({ medianNs: 10 * MS, sigma: 0.2, slowShare: 0, slowFactor: 1 }, calls, seededRandom(seed));

describe('--fail-on thresholds', () => {
  it('reads relative and absolute thresholds, several separated by commas', () => {
    expect(parseFailOn('p95>10%')).toEqual([{ measure: 'p95', unit: 'share', amount: 0.1, text: 'p95>10%' }]);
    expect(parseFailOn(' p50 > 5% , p99>20ms,errors>1.5%,P95>250us, p50>1s, p99>900ns, p95>3µs')).toEqual([
      { measure: 'p50', unit: 'share', amount: 0.05, text: 'p50 > 5%' },
      { measure: 'p99', unit: 'ns', amount: 20 * MS, text: 'p99>20ms' },
      { measure: 'errors', unit: 'share', amount: 0.015, text: 'errors>1.5%' },
      { measure: 'p95', unit: 'ns', amount: 250_000, text: 'P95>250us' },
      { measure: 'p50', unit: 'ns', amount: 1e9, text: 'p50>1s' },
      { measure: 'p99', unit: 'ns', amount: 900, text: 'p99>900ns' },
      { measure: 'p95', unit: 'ns', amount: 3_000, text: 'p95>3µs' },
    ]);
  });

  it('names what was wrong', () => {
    const refusals: [string, string][] = [
      ['', '--fail-on is empty; give thresholds such as p95>10%, p99>20ms or errors>1%'],
      ['p95>10%,', '--fail-on "p95>10%," has an empty threshold between commas; give thresholds such as p95>10%, p99>20ms or errors>1%'],
      ['p95=10%', `--fail-on "p95=10%": "p95=10%" is not a threshold; write a measure, '>' and an amount, such as p95>10%, p99>20ms or errors>1%`],
      ['p95<10%', `--fail-on "p95<10%": "p95<10%" is not a threshold; write a measure, '>' and an amount, such as p95>10%, p99>20ms or errors>1%`],
      ['p90>10%', '--fail-on "p90>10%": "p90" is not a measure; use p50, p95, p99 or errors'],
      ['p95>10', '--fail-on "p95>10": "10" is not an amount; use a percentage (10%) or a time (500us, 20ms, 1s)'],
      ['p95>-10%', '--fail-on "p95>-10%": "-10%" is not an amount; use a percentage (10%) or a time (500us, 20ms, 1s)'],
      ['p95>=10%', '--fail-on "p95>=10%": "=10%" is not an amount; use a percentage (10%) or a time (500us, 20ms, 1s)'],
      ['p99>20m', '--fail-on "p99>20m": "20m" is not an amount; use a percentage (10%) or a time (500us, 20ms, 1s)'],
      ['errors>5ms', '--fail-on "errors>5ms": "errors>5ms" gives errors a time; errors take a percentage of the calls, such as errors>1%'],
    ];
    for (const [text, sentence] of refusals) {
      expect(() => parseFailOn(text)).toThrow(FailOnError);
      expect(() => parseFailOn(text)).toThrow(sentence);
    }
  });

  it('reports the significant regressions past a threshold, and only those', () => {
    const base = steady(2_000, 1);
    const rows = compareRuns(
      [samples('GET /slow', base, 20), samples('GET /fast', base), samples('GET /rare', steady(10, 2)), samples('GET /failing', base, 20)],
      [samples('GET /slow', base.map((ns) => ns * 1.3), 20), samples('GET /fast', base.map((ns) => ns / 2)), samples('GET /rare', steady(10, 3).map((ns) => ns * 5)), samples('GET /failing', base, 200)],
    );
    const breaches = (text: string) => evaluateFailOn(rows, parseFailOn(text)).map((b) => [b.row.key.name, b.threshold.text, Number(b.observed.toFixed(3))]);
    // GET /rare is 5× slower on 10 calls: not enough data, so never a breach
    expect(breaches('p95>10%, p95>50%, errors>1%')).toEqual([
      ['GET /slow', 'p95>10%', 0.3],
      ['GET /failing', 'errors>1%', 0.09],
    ]);
    const slow = rows.find((r) => r.key.name === 'GET /slow')!;
    expect(evaluateFailOn(rows, parseFailOn('p50>2ms'))).toEqual([{ row: slow, threshold: parseFailOn('p50>2ms')[0], observed: slow.quantiles!.p50.deltaNs }]);
    expect(breaches('p99>1s, errors>10%')).toEqual([]);
  });
});
