/** TraceQL over a store filled by the real OpenTelemetry SDK (test/helpers/shop-traffic.ts): search, metrics, the CLI. */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeriesJson } from '../../src-main/query/traceql-metrics';
import type { SearchResponse, TagValuesResponse } from '../../src-main/model/api';
import { CLI, startServe, type ServeProcess } from '../helpers/serve-process';
import { sendShopTraffic, type ShopTraffic } from '../helpers/shop-traffic';

let serve: ServeProcess;
let shop: ShopTraffic;
beforeAll(async () => {
  serve = await startServe();
  shop = await sendShopTraffic(serve.urls.otlpHttp);
  // The exporter's 200 means accepted; the writer thread commits a moment later.
  while ((await serve.api<{ traces: unknown[] }>('/traces?limit=100')).body.traces.length < shop.traceCount) await new Promise((r) => setImmediate(r));
}, 60_000);
afterAll(async () => {
  await serve.stop();
});

const search = (q: string, extra = '') => serve.api<SearchResponse & { error?: string; line?: number; column?: number }>(`/search?q=${encodeURIComponent(q)}${extra}`);
const attribute = (span: { attributes: { key: string; value: Record<string, unknown> }[] }, key: string) => Object.values(span.attributes.find((a) => a.key === key)?.value ?? {})[0];

describe('GET /api/search/tags', () => {
  it('answers the attribute keys the store has seen, sorted, as Tempo\'s tagNames', async () => {
    const { status, body } = await serve.api<{ tagNames: string[] }>('/search/tags');
    expect(status).toBe(200);
    expect(body.tagNames).toEqual(expect.arrayContaining(['service.name', 'http.response.status_code', 'db.system']));
    expect(body.tagNames).toEqual([...body.tagNames].sort());
    expect(new Set(body.tagNames).size).toBe(body.tagNames.length);
  });
});

describe('GET /api/v2/search/tag/TAG/values', () => {
  const values = (tag: string) => serve.api<TagValuesResponse & { error?: string }>(`/v2/search/tag/${encodeURIComponent(tag)}/values`);

  it('answers the values a field takes, typed as Tempo\'s v2 answers them', async () => {
    const routes = await values('span.http.route');
    expect(routes.status).toBe(200);
    expect(routes.body.tagValues).toEqual(expect.arrayContaining([{ type: 'string', value: '/cart' }, { type: 'string', value: '/checkout' }]));
    expect((await values('.db.system')).body.tagValues).toEqual([{ type: 'string', value: 'postgresql' }]);
    expect((await values('span.http.response.status_code')).body.tagValues).toEqual(expect.arrayContaining([{ type: 'int', value: '200' }]));
    expect((await values('resource.service.name')).body.tagValues.map((v) => v.value)).toEqual(expect.arrayContaining(['cart', 'frontend', 'payments']));
    expect((await values('name')).body.tagValues).toEqual(expect.arrayContaining([{ type: 'string', value: 'GET /cart' }]));
    expect((await values('status')).body.tagValues.map((v) => [v.type, v.value])).toEqual([['keyword', 'error'], ['keyword', 'ok'], ['keyword', 'unset']]);
    expect((await values('span.no.such.key')).body.tagValues).toEqual([]);
  });

  it('refuses what is not a field, saying what is', async () => {
    for (const tag of ['http route', 'span.a } | count() > 1 { .b', '%E0%A4%A']) {
      const { status, body } = await serve.api<{ error: string }>(`/v2/search/tag/${tag === '%E0%A4%A' ? tag : encodeURIComponent(tag)}/values`);
      expect(status).toBe(400);
      expect(body.error).toMatch(/is not a TraceQL field|broken %-escape/);
    }
  });
});

describe('GET /api/search (TraceQL)', () => {
  it('answers a spanset filter in Tempo\'s shape, newest first, with the matching spans', async () => {
    const { status, body } = await search('{ resource.service.name = "payments" && span.http.response.status_code >= 400 }', '&limit=50');
    expect(status).toBe(200);
    // The declined checkouts (402) and the showcase's timed-out payment (504), no other.
    expect(body.traces.map((t) => t.traceID).sort()).toEqual([...shop.declined, shop.showcase.traceId].sort());
    const starts = body.traces.map((t) => BigInt(t.startTimeUnixNano));
    expect([...starts].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(starts);
    const showcase = body.traces.find((t) => t.traceID === shop.showcase.traceId)!;
    expect(showcase).toMatchObject({ rootServiceName: 'frontend', rootTraceName: 'POST /checkout' });
    expect(showcase.durationMs).toBeGreaterThan(0);
    expect(showcase.spanSet).toEqual(showcase.spanSets[0]);
    expect(showcase.spanSets[0].spans.map((s) => s.spanID)).toContain(shop.showcase.failedPaymentSpanId);
    for (const s of showcase.spanSets[0].spans) expect(attribute(s, 'service.name')).toBe('payments');
  });

  it('answers structure: postgres calls anywhere below the frontend, and siblings', async () => {
    const { body } = await search('{ resource.service.name = "frontend" } >> { span.db.system = "postgresql" && duration > 10ms }', '&limit=100');
    expect(body.traces.length).toBeGreaterThan(0);
    for (const t of body.traces) for (const s of t.spanSets[0].spans) expect(Number(s.durationNanos)).toBeGreaterThan(10_000_000);
    // Group B's inserts take 14 ms, group A's are quicker: only B's checkouts (and the slow compare run) qualify.
    for (const id of shop.groups.b) expect(body.traces.map((t) => t.traceID)).toContain(id);
    const consumers = await search('{ kind = producer } > { kind = consumer }', '&limit=100');
    expect(consumers.body.traces.length).toBeGreaterThan(0);
    for (const t of consumers.body.traces) for (const s of t.spanSets[0].spans) expect(s.name).toBe('orders process');
  });

  it('filters by aggregates: more than two INSERTs in one trace (N+1), with the count on the spanset', async () => {
    const { body } = await search('{ name =~ "INSERT.*" } | count() > 2', '&limit=100&spss=2');
    expect(body.traces.map((t) => t.traceID)).toContain(shop.compare.b);
    expect(body.traces.map((t) => t.traceID)).not.toContain(shop.compare.a);
    const b = body.traces.find((t) => t.traceID === shop.compare.b)!;
    expect(b.spanSets[0].matched).toBe(3);
    expect(b.spanSets[0].spans).toHaveLength(2); // spss
    expect(b.spanSets[0].attributes).toEqual([{ key: 'scalar', value: { intValue: '3' } }]);
  });

  it('groups with by() and selects fields', async () => {
    const { body } = await search('{ status = error } | by(resource.service.name) | select(span.http.response.status_code)', '&limit=100');
    const groups = new Set(body.traces.flatMap((t) => t.spanSets.map((s) => attribute({ attributes: s.attributes ?? [] }, 'by(resource.service.name)'))));
    expect(groups.has('payments')).toBe(true);
    expect(groups.has('frontend')).toBe(true);
  });

  it('bounds the answer by the time range and the limit', async () => {
    const all = await search('{ }', '&limit=3');
    expect(all.body.traces).toHaveLength(3);
    const future = await search('{ }', `&start=${Date.now() + 3_600_000}`);
    expect(future.body.traces).toEqual([]);
  });

  it('says where a query is wrong, and what Spanscope does not support yet, with a 400; the server stays up', async () => {
    const bad = await search('{ .a < 3');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ line: 1, column: expect.any(Number) });
    expect(bad.body.error).toMatch(/^line 1, column \d+: /);
    const multi = await search('{ status = error }\n  | count( > 2');
    expect(multi.status).toBe(400);
    expect(multi.body.line).toBe(2);
    const metrics = await search('{ } | rate()');
    expect(metrics.status).toBe(400);
    expect(metrics.body.error).toContain('/api/metrics/query_range');
    expect((await search('')).status).toBe(400);
    expect((await search('{ }', '&spss=0')).body.error).toContain('spss');
    expect((await search('{ status = error }')).status).toBe(200);
  });

  it('metrics: rate and count per service over the range, every step present, with exemplars', async () => {
    const end = Date.now() + 60_000;
    const start = end - 15 * 60_000;
    const q = (query: string, step = '1m') => serve.api<{ series: SeriesJson[]; error?: string }>(`/metrics/query_range?q=${encodeURIComponent(query)}&start=${start}&end=${end}&step=${step}`);
    const { status, body } = await q('{ kind = server } | count_over_time() by (resource.service.name)');
    expect(status).toBe(200);
    const byService = new Map(body.series.map((s) => [Object.values(s.labels[0].value)[0], s]));
    expect([...byService.keys()].sort()).toEqual(['cart', 'checkout', 'frontend', 'payments', 'recommendations']);
    for (const s of body.series) expect(s.samples).toHaveLength(15);
    const total = (s: SeriesJson) => s.samples.reduce((sum, p) => sum + p.value, 0);
    // Every checkout (and browse) starts at the frontend: one SERVER span a trace there.
    expect(total(byService.get('frontend')!)).toBe(shop.traceCount);
    const exemplar = byService.get('payments')!.exemplars[0];
    expect(exemplar.traceId).toMatch(/^[0-9a-f]{32}$/);
    // The same count through the spans' index rows and, with a condition only whole traces answer, through the traces.
    const fromTraces = await q('{ kind = server && trace:duration >= 0ms } | count_over_time() by (resource.service.name)');
    expect(fromTraces.body.series.map((s) => [s.labels, s.samples])).toEqual(body.series.map((s) => [s.labels, s.samples]));
    // Conditions on each span's duration and status, read from the index rows, agree with the traces too.
    for (const filter of ['kind = server && duration > 5ms', 'status = error']) {
      const rows = await q(`{ ${filter} } | count_over_time() by (resource.service.name, kind)`);
      const traces = await q(`{ ${filter} && trace:duration >= 0ms } | count_over_time() by (resource.service.name, kind)`);
      expect(rows.body.series.length).toBeGreaterThan(0);
      expect(traces.body.series.map((s) => [s.labels, s.samples])).toEqual(rows.body.series.map((s) => [s.labels, s.samples]));
    }
    const rate = await q('{ kind = server && resource.service.name = "frontend" } | rate()');
    expect(rate.body.series).toHaveLength(1);
    expect(rate.body.series[0].samples.reduce((sum, p) => sum + p.value * 60, 0)).toBeCloseTo(shop.traceCount, 6);
  });

  it('metrics: quantiles of duration in seconds, one series per quantile; topk keeps the largest series', async () => {
    const end = Date.now() + 60_000;
    const start = end - 15 * 60_000;
    const q = (query: string) => serve.api<{ series: SeriesJson[]; error?: string }>(`/metrics/query_range?q=${encodeURIComponent(query)}&start=${start}&end=${end}&step=15m`);
    const { body } = await q('{ name = "INSERT shop.orders" } | quantile_over_time(duration, .5, .99)');
    expect(body.series.map((s) => Object.values(s.labels[0].value)[0])).toEqual([0.5, 0.99]);
    const [p50, p99] = body.series.map((s) => s.samples[0].value);
    expect(p50).toBeGreaterThan(0.005);
    expect(p50).toBeLessThan(0.02);
    expect(p99).toBeGreaterThanOrEqual(p50);
    expect(p99).toBeLessThanOrEqual(0.018 + 1e-9); // the slowest insert lasts 18 ms
    const top = await q('{ } | count_over_time() by (resource.service.name) | topk(2)');
    expect(top.body.series).toHaveLength(2);
    // compare(): the charges split into failed ones (the selection) and the rest, counted per attribute value.
    const charges = '{ resource.service.name = "payments" && kind = server }';
    const compare = await q(`${charges} | compare({ status = error })`);
    expect(compare.status).toBe(200);
    const sum = (type: string, key: string, value?: string) =>
      compare.body.series.filter((s) => Object.values(s.labels[0].value)[0] === type && s.labels[1].key === key && (value === undefined || Object.values(s.labels[1].value)[0] === value)).reduce((n, s) => n + s.samples.reduce((a, p) => a + p.value, 0), 0);
    const errors = (await q(`{ resource.service.name = "payments" && kind = server && status = error } | count_over_time()`)).body.series[0].samples[0].value;
    const all = (await q(`${charges} | count_over_time()`)).body.series[0].samples[0].value;
    expect(errors).toBeGreaterThan(0);
    expect(sum('selection', 'status', 'error')).toBe(errors);
    expect(sum('selection_total', 'name') + sum('baseline_total', 'name')).toBe(all);
    expect(compare.body.series.find((s) => s.labels[1].key === 'name')!.labels[1].value).toEqual({ stringValue: 'POST /api/charge' });
    expect(compare.body.series.find((s) => Object.values(s.labels[0].value)[0] === 'selection_total')!.labels[1].value).toEqual({});
    const bad = await q('{ } | rate() | compare({ status = error })');
    expect(bad.status).toBe(400);
    const noMetrics = await q('{ status = error }');
    expect(noMetrics.status).toBe(400);
    expect(noMetrics.body.error).toContain('no metrics function');
  });

  it('spanscope query lists the traces and their spans, --json prints the API document, a bad query points at the fault', async () => {
    await serve.stop('SIGTERM'); // the CLI opens the same database
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, 'query', ...args, '--db', serve.dbPath], { encoding: 'utf8' });
    const text = cli('{ name =~ "INSERT.*" } | count() > 2', '--since', '1h');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`${shop.compare.b}  `);
    expect(text.stdout).toMatch(/checkout INSERT shop\.orders\n/);
    expect(text.stdout).toContain('scalar = 3');
    const json = JSON.parse(cli('{ status = error }', '--json', '--limit', '2').stdout) as SearchResponse;
    expect(json.traces).toHaveLength(2);
    const bad = cli('{ duration > }');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^spanscope query: line 1, column 14: .*\n  \{ duration > \}\n {15}\^/);
    const none = cli('{ name = "no such span" }', '--since', '0');
    expect(none.stdout).toMatch(/^No trace matches \(\d+ inspected\)/);
    // A metrics query prints its series: every frontend server span counted once over the hour.
    const counts = cli('{ kind = server && resource.service.name = "frontend" } | count_over_time() by (resource.service.name)');
    expect(counts.status).toBe(0);
    expect(counts.stdout).toMatch(/^resource\.service\.name = frontend\n/);
    const total = [...counts.stdout.matchAll(/^ {2}\S+ {2}(\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(total).toBe(shop.traceCount);
    expect(counts.stdout).toMatch(/1 series, a step every 36 s\.\n$/);
    const series = JSON.parse(cli('{ } | rate()', '--json').stdout) as { series: SeriesJson[] };
    expect(series.series).toHaveLength(1);
    const old = cli('{ }', '--start', '2020-01-01T00:00:00Z', '--end', '2020-01-02T00:00:00Z');
    expect(old.stdout).toMatch(/^No trace matches/);
    const badTime = cli('{ }', '--start', 'yesterday');
    expect(badTime.status).toBe(2);
    expect(badTime.stderr).toContain('--start "yesterday" is not a time');
    serve = await startServe([], serve.dbPath);
  });
});
