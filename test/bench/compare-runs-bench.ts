/**
 * Issue 17's targets: a run comparison over 1,000,000 spans within 1 s, the attribute comparison of 10,000
 * selected traces within 1 s. Inputs are drawn first (seeded), then only the comparison is timed.
 * Run alone: `npx tsx test/bench/compare-runs-bench.ts`.
 */
import { compareAttributes } from '../../src-main/diff/compare-attributes';
import { compareRuns } from '../../src-main/diff/compare-runs';
import { syntheticAttributeItems } from '../helpers/synthetic-attributes';
import { drawRun, syntheticOperations, type SyntheticOperation } from '../helpers/synthetic-durations';

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

for (const [label, spansPerRun] of [['1,000,000 spans (500,000 a run)', 500_000], ['2,000,000 spans (1,000,000 a run)', 1_000_000]] as const) {
  const ops = operations(spansPerRun);
  const [a, b] = [drawRun(ops, 1), drawRun(ops, 2)];
  let rows = 0;
  const ms = best(() => (rows = compareRuns(a, b).length));
  console.log(`compareRuns, ${label}, ${rows} operations: ${ms.toFixed(0)} ms`);
}

for (const baselineTraces of [10_000, 90_000]) {
  const slow = syntheticAttributeItems(10_000, 1, [{ key: 'resource.cloud.region', value: 'eu-west', share: 0.8 }]);
  const rest = syntheticAttributeItems(baselineTraces, 2, [{ key: 'resource.cloud.region', value: 'eu-west', share: 0.1 }]);
  const ms = best(() => compareAttributes(slow, rest));
  console.log(`compareAttributes, 10,000 selected traces against ${baselineTraces.toLocaleString('en')}, 20 attributes each: ${ms.toFixed(0)} ms`);
}
