/**
 * Time to the last byte of GET /api/traces/ID (1,000 spans) and /waterfall (10,000 spans) of the built
 * `spanscope serve`, 40 requests after 5 warm-up ones, as `npm run bench` times them. Run alone
 * (`npx tsx test/bench/trace-read-speed.ts`, after `npm run build`).
 */
import { performance } from 'node:perf_hooks';
import type { Span } from '../../src-main/model/span';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, TOKEN } from '../helpers/serve-process';
import { hex, syntheticTrace } from './synthetic-spans';

const T0 = 1_763_700_000_000_000_000n;

function traceOf(traceId: string, count: number, salt: number): Span[] {
  const spans: Span[] = [];
  for (let t = 0; spans.length < count; t++) for (const s of syntheticTrace(t, salt, T0)) if (spans.length < count) spans.push({ ...s, traceId });
  return spans;
}

async function main(): Promise<void> {
  const serve = await startServe(['--max-db-size', '0', '--retention', '0']);
  const small = hex(0x1000, 16);
  const large = hex(0x10000, 16);
  for (const [id, n, salt] of [[small, 1_000, 3], [large, 10_000, 4]] as const) {
    const res = await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(traceOf(id, n, salt)));
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
  }
  const time = async (what: string, path: string) => {
    const ms: number[] = [];
    for (let i = 0; i < 45; i++) {
      const t = performance.now();
      const res = await fetch(`${serve.urls.api}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      await res.arrayBuffer();
      if (i >= 5) ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    process.stdout.write(`| ${what} | p50 ${ms[20].toFixed(1)} ms, p95 ${ms[37].toFixed(1)} ms |\n`);
  };
  await time('trace by id, 1,000 spans', `/traces/${small}`);
  await time('waterfall, 10,000 spans', `/traces/${large}/waterfall`);
  await time('trace by id, 1,000 spans (again)', `/traces/${small}`);
  await serve.stop();
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
