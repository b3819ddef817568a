/**
 * Issue 17's targets, the pure parts: compareRuns over 1,000,000 spans within 1 s, the attribute comparison of
 * 10,000 selected traces within 1 s. Inputs are drawn first (seeded), then only the comparison is timed.
 * `npm run bench` runs it (runs-bench.ts); alone: `npx tsx test/bench/compare-runs-bench.ts`.
 */
import { compareAttributes } from '../../src-main/diff/compare-attributes';
import { compareRuns } from '../../src-main/diff/compare-runs';
import { syntheticAttributeItems } from '../helpers/synthetic-attributes';
import { drawRun, syntheticOperations, type SyntheticOperation } from '../helpers/synthetic-durations';
import type { Report } from './bench-http';

const ROUNDS = 5;

/** The best of five rounds, in ms: the machine is shared, and the best is the least disturbed. */
function best(run: () => unknown): number {
  let fastest = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const t = process.hrtime.bigint();
    run();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return fastest;
}

/** 200 operations of uneven traffic, their calls scaled to `spansPerRun` a run. */
function operations(spansPerRun: number): SyntheticOperation[] {
  const drawn = syntheticOperations(200, 17, 10, 20_000);
  const scale = spansPerRun / drawn.reduce((sum, op) => sum + op.calls, 0);
  return drawn.map((op) => ({ ...op, calls: Math.max(1, Math.round(op.calls * scale)) }));
}

export function benchCompareRuns(report: Report): void {
  for (const [label, spansPerRun] of [['1,000,000 spans (500,000 a run)', 500_000], ['2,000,000 spans (1,000,000 a run)', 1_000_000]] as const) {
    const ops = operations(spansPerRun);
    const [a, b] = [drawRun(ops, 1), drawRun(ops, 2)];
    let rows = 0;
    const ms = best(() => (rows = compareRuns(a, b).length));
    report(`compareRuns alone, ${label}, ${rows} operations (best of ${ROUNDS})`, `${ms.toFixed(0)} ms`, spansPerRun === 500_000 ? '≤ 1 s' : '');
  }

  for (const baselineTraces of [10_000, 90_000]) {
    const slow = syntheticAttributeItems(10_000, 1, [{ key: 'resource.cloud.region', value: 'eu-west', share: 0.8 }]);
    const rest = syntheticAttributeItems(baselineTraces, 2, [{ key: 'resource.cloud.region', value: 'eu-west', share: 0.1 }]);
    const ms = best(() => compareAttributes(slow, rest));
    report(`compareAttributes, 10,000 selected traces against ${baselineTraces.toLocaleString('en')}, 20 attributes each (best of ${ROUNDS})`, `${ms.toFixed(0)} ms`, baselineTraces === 10_000 ? '≤ 1 s' : '');
  }
}

if (require.main === module) benchCompareRuns((what, figure) => console.log(`${what}: ${figure}`));
