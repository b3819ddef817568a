/**
 * How long one big trace's reads hold up the other requests of the built `spanscope serve` (issue 13, defect 5):
 * a 200,000-span trace and a trace whose one span has an array value of 2.36 M entries are stored, then each read
 * endpoint is requested while `GET /api/services` is asked again and again; the longest of those answers is the
 * stall. Run alone (`npx tsx test/bench/read-stall.ts`, after `npm run build`); prints a Markdown table.
 */
import { performance } from 'node:perf_hooks';
import { newAttributes, type Span } from '../../src-main/model/span';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, TOKEN } from '../helpers/serve-process';
import { hex, syntheticTrace } from './synthetic-spans';

const BIG_SPANS = Number(process.env.READ_STALL_SPANS ?? 200_000);
const BIG_VALUE_ENTRIES = Number(process.env.READ_STALL_ENTRIES ?? 2_360_000);
const T0 = 1_763_700_000_000_000_000n;

/** `count` spans of one trace, shaped like the benchmark's (8 attributes, an event on every fifth). */
function manySpans(traceId: string, count: number): Span[] {
  const spans: Span[] = [];
  for (let t = 0; spans.length < count; t++) {
    for (const s of syntheticTrace(t, 7, T0)) {
      if (spans.length === count) break;
      spans.push({ ...s, traceId, parentSpanId: spans.length === 0 ? '' : s.parentSpanId || hex(1, 8) });
    }
  }
  return spans;
}

async function main(): Promise<void> {
  const serve = await startServe(['--max-db-size', '0', '--retention', '0']);
  serve.child.once('exit', (code, signal) => process.stderr.write(`serve exited (${code ?? signal}): ${serve.stderr().slice(-2000)}\n`));
  const api = serve.urls.api;
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const manyId = hex(0xaaaa, 16);
  const bigValueId = hex(0xbbbb, 16);
  const spans = manySpans(manyId, BIG_SPANS);
  for (let i = 0; i < spans.length; i += 10_000) {
    const res = await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans.slice(i, i + 10_000)));
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  }
  const valueSpan: Span = { ...syntheticTrace(1, 8, T0)[0], traceId: bigValueId, spanId: hex(0xbbbb, 8) };
  valueSpan.attributes = Object.assign(newAttributes(), valueSpan.attributes, { big: Array.from({ length: BIG_VALUE_ENTRIES }, (_, i) => `v${i % 1000}`) });
  const body = encodeTraceRequestProtobuf([valueSpan]);
  const res = await postOtlp(serve.urls.otlpHttp, body);
  if (res.status !== 200) throw new Error(`ingest of the big value answered ${res.status}: ${await res.text()}`);
  process.stderr.write(`stored ${BIG_SPANS} spans and a value of ${BIG_VALUE_ENTRIES} entries (${(body.length / 1e6).toFixed(1)} MB request)\n`);

  const rows: string[] = [];
  const measure = async (what: string, path: string) => {
    if (process.env.READ_STALL_ONLY && !what.includes(process.env.READ_STALL_ONLY)) return;
    let reading = true;
    const started = performance.now();
    // The answer is counted as it streams in, not gathered: this process must not stall its own requests.
    const read = fetch(`${api}${path}`, { headers: auth })
      .then(async (r) => {
        let bytes = 0;
        for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
        return { status: r.status, bytes, ms: performance.now() - started };
      })
      .finally(() => (reading = false));
    let longest = 0;
    let asked = 0;
    while (reading) {
      const t = performance.now();
      await (await fetch(`${api}/services`, { headers: auth })).arrayBuffer();
      longest = Math.max(longest, performance.now() - t);
      asked++;
    }
    const done = await read;
    const line = `| ${what} | ${done.status}, ${(done.bytes / 1e6).toFixed(1)} MB in ${Math.round(done.ms)} ms | ${longest.toFixed(1)} ms (${asked} answered) |`;
    rows.push(line);
    process.stderr.write(`${line}\n`);
  };
  // The floor: the longest answer with no read going on, on this machine as loaded as it is now.
  let floor = 0;
  for (const until = performance.now() + 5000; performance.now() < until; ) {
    const t = performance.now();
    await (await fetch(`${api}/services`, { headers: auth })).arrayBuffer();
    floor = Math.max(floor, performance.now() - t);
  }
  rows.push(`| nothing (5 s of GET /api/services alone) | | ${floor.toFixed(1)} ms |`);
  process.stderr.write(`${rows[0]}\n`);
  const spanOfMany = spans[BIG_SPANS >> 1].spanId;
  for (let round = 0; round < Number(process.env.READ_STALL_ROUNDS ?? 1); round++) {
    await measure('200,000 spans: trace', `/traces/${manyId}`);
    await measure('200,000 spans: waterfall', `/traces/${manyId}/waterfall`);
    await measure('200,000 spans: one span', `/traces/${manyId}/spans/${spanOfMany}`);
    await measure('200,000 spans: find "nomatch"', `/traces/${manyId}/find?text=nomatch`);
    await measure('200,000 spans: export otlp-json', `/traces/${manyId}/export`);
    await measure('big value: trace', `/traces/${bigValueId}`);
    await measure('big value: waterfall', `/traces/${bigValueId}/waterfall`);
    await measure('big value: one span', `/traces/${bigValueId}/spans/${valueSpan.spanId}`);
    await measure('big value: find "nomatch"', `/traces/${bigValueId}/find?text=nomatch`);
    await measure('big value: export otlp-json', `/traces/${bigValueId}/export`);
  }
  await serve.stop();
  process.stdout.write(`| read | answer | longest GET /api/services meanwhile |\n|---|---|---|\n${rows.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error} ${error.cause ?? ""}\n`);
  process.exit(1);
});
