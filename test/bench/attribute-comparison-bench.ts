/**
 * What the slow traces share (issue 17) over the bench's stored spans: 10,000 traces selected by a box of start
 * times (10 s of the traffic, a trace a millisecond) against the rest of the traffic's 100,000 traces, through
 * `GET /api/attributes/compare`, against the target of 1 s.
 *
 * `npm run bench` runs it on the store it ingested. Alone (after `npm run build`):
 * `npx tsx test/bench/attribute-comparison-bench.ts` writes the same 1,000,000 spans with the writer alone (no
 * HTTP), then serves that store.
 */
import { SAMPLE_LIMIT } from '../../src-main/query/attribute-comparison';
import { measureLatency, TOKEN, type Report } from './bench-http';
import { benchAloneOnBenchStore } from './runs-bench';
import { SPANS_PER_TRACE } from './synthetic-spans';

/** Where the bench's traffic starts (run.ts's T0), in epoch ms: a trace a millisecond from there. */
const T0_MS = 1_763_700_000_000;
const SELECTED = 10_000;

/** `api`: the serve holding the bench's `totalSpans` spans of traffic. */
export async function benchAttributeComparison(api: string, totalSpans: number, report: Report): Promise<void> {
  const traces = totalSpans / SPANS_PER_TRACE;
  const selStart = T0_MS + Math.floor(traces / 2);
  const url = `${api}/attributes/compare?start=${T0_MS}&end=${T0_MS + traces}&selStart=${selStart}&selEnd=${selStart + SELECTED - 1}`;
  const answer = (await (await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { selectionTraces: number; baselineTraces: number; sampledBaseline: number };
  if (answer.selectionTraces !== SELECTED || answer.sampledBaseline !== SAMPLE_LIMIT) throw new Error(`the attribute comparison's box held ${JSON.stringify(answer)}`);
  const label = `attribute comparison over ${SELECTED.toLocaleString('en-US')} selected traces against ${SAMPLE_LIMIT.toLocaleString('en-US')} of the other ${answer.baselineTraces.toLocaleString('en-US')} (GET /api/attributes/compare; keys)`;
  await measureLatency(report, label, url, '≤ 1 s', 5, 1);
}

if (require.main === module) {
  benchAloneOnBenchStore((api, _dbPath, report) => benchAttributeComparison(api, 1_000_000, report)).catch((error: Error) => {
    process.stderr.write(`bench failed: ${error.stack}\n`);
    process.exit(1);
  });
}
