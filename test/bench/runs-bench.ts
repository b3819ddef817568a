/**
 * Runs (issue 17) over the bench's stored spans: the run list and the comparison of its two versions
 * (BENCH_VERSIONS, half of the 1,000,000 spans each) through `GET /api/runs/compare`, against the target of 1 s;
 * beside it, where that time goes (reading each run's calls from the store, then compareRuns), and the pure
 * comparisons alone (compare-runs-bench.ts).
 *
 * `npm run bench` runs it on the store it ingested. Alone (after `npm run build`): `npx tsx test/bench/runs-bench.ts`
 * writes the same 1,000,000 spans with the writer alone (no HTTP), then serves that store.
 */
import { performance } from 'node:perf_hooks';
import { compareRuns } from '../../src-main/diff/compare-runs';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { namedRun } from '../../src-main/query/run-list';
import { runOperationSamples } from '../../src-main/query/run-samples';
import { KeyDictionary } from '../../src-main/store/key-dictionary';
import { CACHE_MIB, openDatabase } from '../../src-main/store/open-database';
import { packOtlpProtobuf } from '../../src-main/store/pack-otlp-protobuf';
import { SpanWriter } from '../../src-main/store/span-writer';
import { StoreReader } from '../../src-main/store/store-reader';
import { tempDbPath } from '../helpers/serve-process';
import { closeAgent, measureLatency, startServe, type Report } from './bench-http';
import { benchCompareRuns } from './compare-runs-bench';
import { BENCH_VERSIONS, syntheticRequest } from './synthetic-spans';

const [A, B] = BENCH_VERSIONS.map((version) => `service.version=${version}`);
const ROUNDS = 5;

/** `api`: the serve holding the store at `dbPath`. */
export async function benchRuns(api: string, dbPath: string, report: Report): Promise<void> {
  await measureLatency(report, 'runs list (GET /api/runs)', `${api}/runs`, '≤ 20 ms', 20, 3);
  const compare = `${api}/runs/compare?a=${encodeURIComponent(A)}&b=${encodeURIComponent(B)}`;
  await measureLatency(report, `run comparison, ${A} against ${B}, 500,000 spans each (GET /api/runs/compare; operations)`, compare, '≤ 1 s', 10, 2);

  // Where the time goes, on a connection of this process: the best of five rounds each.
  const reader = new StoreReader(openDatabase(dbPath, { readonly: true, cacheMiB: CACHE_MIB.reader }));
  const [a, b] = [namedRun(reader, A), namedRun(reader, B)];
  let samples = [runOperationSamples(reader, a), runOperationSamples(reader, b)];
  const read = best(() => (samples = [runOperationSamples(reader, a), runOperationSamples(reader, b)]));
  const compared = best(() => compareRuns(samples[0], samples[1]));
  const spans = samples.flat().reduce((sum, s) => sum + s.durations.length, 0);
  report(`run comparison in parts: both runs' calls read (${spans.toLocaleString('en-US')} spans), then compareRuns (best of ${ROUNDS})`, `${read.toFixed(0)} ms + ${compared.toFixed(0)} ms`);
  reader.db.close();
  benchCompareRuns(report);
}

function best(run: () => unknown): number {
  let fastest = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const t = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - t);
  }
  return fastest;
}

/** The main ingest's 1,000,000 spans, written by the writer alone into a new store. */
export function writeBenchStore(): string {
  const dbPath = tempDbPath();
  const db = openDatabase(dbPath);
  const writer = new SpanWriter(db);
  const keys = new KeyDictionary();
  const requests = 1000;
  for (let r = 0; r < requests; r += 20) {
    writer.write(Array.from({ length: 20 }, (_, i) => packOtlpProtobuf(encodeTraceRequestProtobuf(syntheticRequest(r + i, requests, 1, 1_763_700_000_000_000_000n)), keys).batch));
  }
  db.close();
  return dbPath;
}

/** Runs one bench alone (`npx tsx test/bench/FILE.ts` after `npm run build`) on a serve of the bench's 1,000,000 spans; prints its table. */
export async function benchAloneOnBenchStore(bench: (api: string, dbPath: string, report: Report) => Promise<void>): Promise<void> {
  process.stderr.write('writing 1,000,000 spans…\n');
  const dbPath = writeBenchStore();
  const serve = await startServe(dbPath);
  const rows: string[] = [];
  try {
    await bench(serve.urls.api, dbPath, (what, figure, target = '') => {
      rows.push(`| ${what} | ${figure} | ${target} |`);
      process.stderr.write(`${what}: ${figure}\n`);
    });
  } finally {
    serve.child.kill('SIGTERM');
    await serve.exited;
    closeAgent();
  }
  process.stdout.write(`\n| measure | figure | target |\n|---|---|---|\n${rows.join('\n')}\n`);
}

if (require.main === module) {
  benchAloneOnBenchStore(benchRuns).catch((error: Error) => {
    process.stderr.write(`bench failed: ${error.stack}\n`);
    process.exit(1);
  });
}
