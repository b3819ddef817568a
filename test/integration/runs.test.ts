/**
 * Runs through the real OpenTelemetry SDK and the built `spanscope serve`: a suite's traffic at service.version 1.0,
 * then at 1.1 with one query 30% slower; the runs listed, the comparison through the API and `spanscope
 * compare-runs` (its exit codes for CI), runs started by hand (API and `spanscope run start`), and bad requests
 * answered with sentences while the server keeps serving.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRun, ApiRunComparison } from '../../src-main/model/api';
import { sendRunTraffic } from '../helpers/run-traffic';
import { CLI, startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';

const TRACES = 400;
const SPANS = 3 * TRACES;

let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe();
  await sendRunTraffic(serve.urls.otlpHttp, { version: '1.0', traces: TRACES, seed: 1, startSec: 1_700_000_000, failingPayments: true });
  await sendRunTraffic(serve.urls.otlpHttp, { version: '1.1', traces: TRACES, seed: 2, startSec: 1_700_003_600, failingPayments: true, queryFactor: 1.3 });
});
afterAll(async () => {
  await serve.stop();
});

const runs = async () => (await serve.api<{ runs: ApiRun[] }>('/runs')).body.runs;
const runLabelled = async (label: string) => (await runs()).find((run) => run.label === label)!;
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

/** Asks until `check` passes: a trace's spans are committed when their export is answered, but kept apart by no promise here. */
async function eventually<T>(ask: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await ask();
    if (check(value) || attempt === 200) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('runs from service.version', () => {
  it('GET /api/runs lists a run per version, across both services, with its traces, spans, errors and time span', async () => {
    const listed = await eventually(runs, (list) => list.length === 2 && list.every((run) => run.spanCount === SPANS));
    expect(listed.map((run) => [run.origin, run.label])).toEqual([
      ['service.version', '1.1'],
      ['service.version', '1.0'],
    ]);
    for (const run of listed) {
      expect(run).toMatchObject({ traceCount: TRACES, spanCount: SPANS, errorCount: TRACES / 10, services: ['checkout', 'payments'], current: false });
      expect(run.errorRate).toBeCloseTo(1 / 30);
    }
    expect(listed[1].startTimeUnixNano).toBe('1700000000000000000');
    expect(BigInt(listed[1].endTimeUnixNano)).toBeLessThan(1_700_000_005_000_000_000n);
    expect(BigInt(listed[0].startTimeUnixNano)).toBe(1_700_003_600_000_000_000n);
  });

  it('GET /api/runs/compare finds the one regression: the query, 30% slower at p95, and nothing else', async () => {
    const [b, a] = await runs();
    const { status, body } = await serve.api<ApiRunComparison>(`/runs/compare?a=${a.id}&b=${b.id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ a: a.id, b: b.id, runA: { label: '1.0' }, runB: { label: '1.1' } });
    expect(body.regressions).toHaveLength(1);
    const [query] = body.regressions;
    expect(query).toMatchObject({ service: 'checkout', name: 'SELECT orders', kind: 'CLIENT', root: false, verdict: 'regression', presence: 'both', a: { count: TRACES }, b: { count: TRACES } });
    expect(query.p95Ratio).toBeGreaterThan(1.2);
    expect(query.p95Ratio).toBeLessThan(1.4);
    expect(query.p50Ratio).toBeGreaterThan(1.2);
    expect(query.confidence).toBeGreaterThan(0.99);
    expect(query.quantiles?.p95.verdict).toBe('slower');
    expect(query.quantiles?.p99.verdict).toBe('not enough data'); // p99 needs 1,000 calls a run
    expect(Number(query.impactNano)).toBeGreaterThan(0);
    expect(query.rankTest?.probabilityBSlower).toBeGreaterThan(0.7);
    expect(body.operations.map((row) => [row.service, row.name, row.root, row.verdict])).toEqual([
      ['checkout', 'SELECT orders', false, 'regression'],
      ['checkout', 'GET /checkout', true, 'unchanged'],
      ['payments', 'POST /charge', false, 'unchanged'],
    ]);
    const charge = body.operations[2];
    expect(charge.a).toMatchObject({ count: TRACES, errorCount: TRACES / 10, errorRate: 0.1 });
    expect(Number(charge.a.p50Nano)).toBeGreaterThan(10e6);
    expect(Number(charge.a.p50Nano)).toBeLessThan(20e6);
  });

  it('names runs by ORIGIN=LABEL or by label too', async () => {
    const byName = await serve.api<ApiRunComparison>(`/runs/compare?a=${encodeURIComponent('service.version=1.0')}&b=1.1`);
    expect(byName.status).toBe(200);
    expect(byName.body.regressions.map((row) => row.name)).toEqual(['SELECT orders']);
  });

  it('answers bad requests with sentences and keeps serving', async () => {
    const [b, a] = await runs();
    expect(await serve.api(`/runs/compare?a=${a.id}`)).toEqual({
      status: 400,
      body: { error: 'name the two runs to compare: /api/runs/compare?a=RUN&b=RUN, each by its id, ORIGIN=LABEL (service.version=1.4.2) or its label' },
    });
    expect(await serve.api(`/runs/compare?a=${a.id}&b=999`)).toEqual({
      status: 404,
      body: { error: `there is no run "999" in this store; name a run by its id, ORIGIN=LABEL or its label: ${b.id} (service.version=1.1), ${a.id} (service.version=1.0)` },
    });
    const post = (body: string) => serve.api<{ error: string }>('/runs', { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    expect(await post('{label: nightly}')).toEqual({ status: 400, body: { error: 'the body is not JSON; send {"label": "a name for the run"}' } });
    expect(await post('{"name": "nightly"}')).toEqual({ status: 400, body: { error: 'the body has no "label"; send {"label": "a name for the run"}' } });
    expect(await post('{"label": 42}')).toEqual({ status: 400, body: { error: '"label" must be text, not 42; send {"label": "a name for the run"}' } });
    expect(await post('{"label": "  "}')).toEqual({ status: 400, body: { error: "the run's label is empty; name the run, after the build or the branch for instance" } });
    expect(await post('{"label": "two\\nlines"}')).toEqual({ status: 400, body: { error: "the run's label holds a control character (U+000A); use plain text" } });
    expect(await post(JSON.stringify({ label: 'x'.repeat(201) }))).toEqual({ status: 400, body: { error: "the run's label has 201 characters; 200 at most" } });
    expect(await post(JSON.stringify({ label: 'x'.repeat(70_000) }))).toEqual({ status: 413, body: { error: expect.stringMatching(/^the body is larger than/) } });
    expect((await serve.api('/runs', { method: 'DELETE' })).status).toBe(405);
    expect((await runs()).length).toBe(2); // nothing started, and still serving
  });
});

describe('spanscope compare-runs', () => {
  it('exits 1 when a significant regression passes --fail-on, printing it; 0 when none does', () => {
    const failed = cli('compare-runs', '1.0', '1.1', '--db', serve.dbPath, '--fail-on', 'p95>10%');
    expect(failed.stderr).toBe('');
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/^A {2}run \d+, service\.version=1\.0: 400 traces, 1,200 spans, 3\.3% errors, /);
    expect(failed.stdout).toContain('1 regression, 0 improvements, 2 unchanged, 0 with too few calls to tell (under 30 in a run) of 3 operations.');
    expect(failed.stdout).toMatch(/\n {2}checkout: SELECT orders \(CLIENT\): p50 \S+ ms → \S+ ms \(\+\d\d%\), p95 \S+ ms → \S+ ms \(\+\d\d%\); confidence > 99\.9%; \+\S+ s in B\n/);
    expect(failed.stdout).toMatch(/\n {2}regression +400 → 400 +\S+ ms \+\d\d% .* checkout: SELECT orders \(CLIENT\)\n/);
    expect(failed.stdout).toMatch(/\n--fail-on p95>10%: 1 regression past it:\n {2}checkout: SELECT orders \(CLIENT\): p95 \+\d\d%, past p95>10%\n$/);
    const passed = cli('compare-runs', '1.0', '1.1', '--db', serve.dbPath, '--fail-on', 'p95>50%');
    expect(passed.status).toBe(0);
    expect(passed.stdout).toContain('--fail-on p95>50%: no significant regression passes it.');
  });

  it('prints the API\'s document with --json', async () => {
    const [b, a] = await runs();
    const json = cli('compare-runs', String(a.id), String(b.id), '--db', serve.dbPath, '--json', '--fail-on', 'p95>10%');
    expect(json.status).toBe(1);
    const printed = JSON.parse(json.stdout) as ApiRunComparison;
    expect(printed).toEqual((await serve.api<ApiRunComparison>(`/runs/compare?a=${a.id}&b=${b.id}`)).body);
    expect(json.stderr).toContain('--fail-on p95>10%: 1 regression past it:');
  });

  it('exits 2 on a bad --fail-on or an unknown run, saying why', () => {
    const bad = cli('compare-runs', '1.0', '1.1', '--db', serve.dbPath, '--fail-on', 'p95>>10');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('spanscope compare-runs: --fail-on "p95>>10": ">10" is not an amount; use a percentage (10%) or a time (500us, 20ms, 1s)\n');
    const unknown = cli('compare-runs', '1.0', '2.0', '--db', serve.dbPath);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^spanscope compare-runs: there is no run "2\.0" in this store; name a run by its id, ORIGIN=LABEL or its label: \d+ \(service\.version=1\.1\), \d+ \(service\.version=1\.0\)\n$/);
    expect(cli('compare-runs', '1.0', '--db', serve.dbPath).status).toBe(2);
  });
});

describe('runs started by hand', () => {
  it('POST /api/runs starts one that takes the traces arriving from then on, until the next', async () => {
    const started = await serve.api<ApiRun>('/runs', { method: 'POST', body: JSON.stringify({ label: 'baseline' }) });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ label: 'baseline', origin: 'manual', traceCount: 0, spanCount: 0, startTimeUnixNano: '0', services: [], current: true });
    await sendRunTraffic(serve.urls.otlpHttp, { version: '2.0', traces: 100, seed: 3, startSec: 1_700_007_200 });
    const candidate = cli('run', 'start', 'candidate', '--api', serve.urls.api, '--token', TOKEN);
    expect(candidate.stderr).toBe('');
    expect(candidate.stdout).toMatch(/^run \d+ started: manual=candidate; what arrives from now on belongs to it\n$/);
    await sendRunTraffic(serve.urls.otlpHttp, { version: '2.0', traces: 50, seed: 4, startSec: 1_700_010_800, queryFactor: 2 });
    const listed = await eventually(runs, (list) => list.find((run) => run.label === 'candidate')?.spanCount === 150);
    expect(listed.slice(0, 3).map((run) => [run.label, run.origin, run.traceCount, run.spanCount, run.current])).toEqual([
      ['candidate', 'manual', 50, 150, true],
      ['2.0', 'service.version', 150, 450, false],
      ['baseline', 'manual', 100, 300, false],
    ]);
    const { body } = await serve.api<ApiRunComparison>('/runs/compare?a=baseline&b=candidate');
    expect(body.regressions.map((row) => row.name)).toEqual(['SELECT orders']);
    expect((await runLabelled('1.0')).spanCount).toBe(SPANS); // the automatic runs keep what they had
  });

  it('spanscope run start refuses the store a serve holds, saying how to reach it; run list shows the runs', async () => {
    const held = cli('run', 'start', 'offline', '--db', serve.dbPath);
    expect(held.status).toBe(2);
    expect(held.stderr).toBe(
      `spanscope run: another Spanscope (serve, import or the desktop app) is using ${serve.dbPath}; stop it, or choose another file with --db PATH; to start a run in the spanscope serve that holds it, give --api URL --token TOKEN (its ready line's api and its token)\n`,
    );
    const listed = cli('run', 'list', '--api', serve.urls.api, '--token', TOKEN);
    expect(listed.status).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^ +\d+ {2}run \d+, manual=candidate: 50 traces, 150 spans, 0% errors, 2023-11-15T\S+ to \S+; checkout, payments \(current\)$/);
    const wrongToken = cli('run', 'list', '--api', serve.urls.api, '--token', 'nope');
    expect(wrongToken.status).toBe(1);
    expect(wrongToken.stderr).toMatch(/^spanscope run: http:\/\/127\.0\.0\.1:\d+\/api\/runs answered 401: missing or wrong token/);
  });

  it('spanscope run start writes to a store no serve holds', async () => {
    await serve.stop();
    const offline = cli('run', 'start', 'offline', '--db', serve.dbPath, '--json');
    expect(offline.status).toBe(0);
    expect(JSON.parse(offline.stdout)).toMatchObject({ label: 'offline', origin: 'manual', traceCount: 0, current: true });
    const listed = JSON.parse(cli('run', 'list', '--db', serve.dbPath, '--json').stdout) as { runs: ApiRun[] };
    expect(listed.runs.map((run) => run.label)).toEqual(['offline', 'candidate', '2.0', 'baseline', '1.1', '1.0']);
    serve = await startServe([], serve.dbPath);
    expect((await runLabelled('offline')).current).toBe(true);
  });
});
