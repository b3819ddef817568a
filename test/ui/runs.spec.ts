/**
 * The Runs page and the run comparison against `spanscope serve`, with a test suite's traffic sent by the real
 * OpenTelemetry SDK at service.version 1.0, then 1.1 with the query 30% slower: both runs listed, the pair picked,
 * the regression first with its figures, the way to its traces; a run started by hand; the empty state; a run
 * that is not there; axe-core and screenshots in both themes.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ApiRun } from '../../src-main/model/api';
import { checkBothThemes } from '../helpers/page-checks';
import { sendRunTraffic } from '../helpers/run-traffic';
import { startServe, type ServeProcess } from '../helpers/serve-process';

const TRACES = 400;
let suite: ServeProcess;
let empty: ServeProcess;
let v10: ApiRun;
let v11: ApiRun;

test.beforeAll(async () => {
  [suite, empty] = await Promise.all([startServe(), startServe()]);
  await sendRunTraffic(suite.urls.otlpHttp, { version: '1.0', traces: TRACES, seed: 1, startSec: 1_700_000_000, failingPayments: true });
  await sendRunTraffic(suite.urls.otlpHttp, { version: '1.1', traces: TRACES, seed: 2, startSec: 1_700_003_600, failingPayments: true, queryFactor: 1.3 });
  await expect
    .poll(async () => (await suite.api<{ runs: ApiRun[] }>('/runs')).body.runs.map((run) => `${run.label}:${run.spanCount}`))
    .toEqual([`1.1:${3 * TRACES}`, `1.0:${3 * TRACES}`]);
  [v11, v10] = (await suite.api<{ runs: ApiRun[] }>('/runs')).body.runs;
});
test.afterAll(async () => {
  await Promise.all([suite?.stop(), empty?.stop()]);
});

async function open(page: Page, path: string, serve = suite): Promise<void> {
  await page.goto(serve.urls.ui); // the token becomes the session cookie
  await page.goto(new URL(path, serve.urls.ui).href);
}

const rows = (page: Page, table: string) => page.getByRole('table', { name: table, exact: true }).locator('tbody tr');

test('the Runs page lists both versions, the two newest of one origin picked, and opens their comparison', async ({ page }, info) => {
  await open(page, '/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
  await expect(rows(page, 'Runs')).toHaveCount(2);
  // The newest first: label, origin, traces, spans, services, error rate (every tenth payment fails: 40 of 1,200 spans).
  await expect(rows(page, 'Runs').first()).toContainText('1.1');
  const first = rows(page, 'Runs').first().locator('td');
  await expect(first.nth(3)).toHaveText('service.version');
  await expect(first.nth(4)).toHaveText(/^14 Nov 2023, \d\d:\d\d:\d\d – \d\d:\d\d:\d\d$/);
  await expect(first.nth(6)).toHaveText('400');
  await expect(first.nth(7)).toHaveText('1,200');
  await expect(first.nth(8)).toHaveText(/checkout\s*payments/);
  await expect(first.nth(9)).toHaveText('3.3%');
  await expect(page.getByRole('radio', { name: 'A: service.version=1.0' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'B: service.version=1.1' })).toBeChecked();
  await checkBothThemes(page, info, 'runs');

  // The same run as A and B cannot be compared; B back to 1.1 can.
  const compare = page.getByRole('button', { name: 'Compare A with B' });
  await page.getByRole('radio', { name: 'B: service.version=1.0' }).check();
  await expect(compare).toBeDisabled();
  await expect(page.getByText('A and B are the same run')).toBeVisible();
  await page.getByRole('radio', { name: 'B: service.version=1.1' }).check();
  await compare.click();
  await expect(page).toHaveURL(new RegExp(`/runs/compare/${v10.id}/${v11.id}$`));
  await expect(page.getByRole('heading', { level: 2, name: 'Regressions, the costliest first' })).toBeVisible();
});

test('the comparison: the summary, the slower query first with its figures, the other rows by verdict, and its traces', async ({ page }, info) => {
  await open(page, `/runs/compare/${v10.id}/${v11.id}`);
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText(/(^|\s)1\s*regression(\s|$)/);
  await expect(summary).toContainText(/(^|\s)0\s*improvements(\s|$)/);
  await expect(summary).toContainText(/(^|\s)2\s*unchanged(\s|$)/);
  await expect(summary).toContainText(/(^|\s)0\s*not enough data(\s|$)/);
  await expect(summary).toContainText('of 3 operations');

  await expect(rows(page, 'Regressions')).toHaveCount(1);
  const query = rows(page, 'Regressions').first().locator('td');
  await expect(query.nth(0)).toHaveText(/^\s*checkout\s*SELECT orders\s*client\s*$/);
  await expect(query.nth(1)).toHaveText('400 → 400');
  // 30% slower at every quantile (seeded draws: between +20% and +40%); p99 is not tested under 1,000 calls a run.
  await expect(query.nth(2)).toHaveText(/^\s*\d+(\.\d+)?ms → \d+(\.\d+)?ms\s+\+(2\d|3\d)%\s*$/);
  await expect(query.nth(3)).toHaveText(/^\s*\d+(\.\d+)?ms → \d+(\.\d+)?ms\s+\+(2\d|3\d)%\s*$/);
  await expect(query.nth(4)).toHaveText(/ms\s+few calls\s*$/);
  await expect(query.nth(5)).toHaveText('0% → 0%');
  await expect(query.nth(6)).toHaveText('regression');
  await expect(query.nth(7)).toHaveText('> 99.9%');
  await expect(query.nth(8)).toHaveText(/^\s*\+\d+(\.\d+)?s\s*$/);

  // The others: the endpoint and the payment, both unchanged; improvements there are none to filter.
  await expect(rows(page, 'Other operations')).toHaveCount(2);
  await expect(rows(page, 'Other operations').first()).toContainText('GET /checkout');
  await expect(rows(page, 'Other operations').first()).toContainText('endpoint');
  await expect(rows(page, 'Other operations').nth(1).locator('td').nth(5)).toHaveText('10% → 10%');
  await expect(page.getByRole('button', { name: /^Improvements/ })).toBeDisabled();
  await page.getByRole('button', { name: /^Unchanged/ }).click();
  await expect(page.getByRole('button', { name: /^Unchanged/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(rows(page, 'Other operations')).toHaveCount(2);
  await page.getByRole('button', { name: /^All/ }).click();
  // The statistics terms explain themselves on hover and focus.
  await page.getByText('How sure', { exact: true }).first().hover();
  const meaning = page.getByText(/^1 − the smallest adjusted p-value of the tests behind the verdict/);
  await expect(meaning).toBeVisible();
  await page.mouse.move(0, 0);
  await expect(meaning).toHaveCount(0);
  await checkBothThemes(page, info, 'runs-compare');

  // Swap A and B: the query is now an improvement.
  await page.getByRole('button', { name: 'Swap A and B' }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/compare/${v11.id}/${v10.id}$`));
  await expect(page.getByText('No regression: no operation is significantly slower')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText(/(^|\s)1\s*improvement(\s|$)/);
  await page.goBack();

  // The regression's traces: 20 of each run holding the query, compared as groups.
  const link = page.getByRole('link', { name: 'Compare traces of checkout SELECT orders in run A and run B' });
  await expect(link).toHaveAttribute('href', /^\/compare-groups\?(a=[0-9a-f]{32}&){20}(b=[0-9a-f]{32}&){20}aSource=live&bSource=live&focusService=checkout&focusName=SELECT%20orders$/);
  await link.click();
  await expect(page).toHaveURL(/\/compare-groups\?/);
  await expect(page.getByRole('heading', { level: 1, name: 'Comparing 20 traces (A) with 20 (B)' })).toBeVisible();
  // Opened at the responsible span: its row picked and in view.
  const picked = page.getByRole('table', { name: 'Aligned spans of the two groups' }).locator('tr.picked');
  await expect(picked).toHaveAttribute('aria-label', /checkout SELECT orders/);
  await expect(picked).toBeInViewport();
});

test('runs named by ORIGIN=LABEL in the address; a run that is not there is named in a sentence', async ({ page }) => {
  // Both by name: an address ending in ".1" is a route of the UI, not a missing file.
  await open(page, `/runs/compare/${encodeURIComponent('service.version=1.0')}/${encodeURIComponent('service.version=1.1')}`);
  await expect(rows(page, 'Regressions')).toHaveCount(1);
  await open(page, `/runs/compare/${v10.id}/99`);
  await expect(page.getByRole('alert')).toContainText('there is no run "99" in this store');
  await expect(page.getByRole('alert')).toContainText('service.version=1.1');
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Back to the runs' }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(rows(page, 'Runs')).toHaveCount(2);

  // A failed answer says why, with Retry when trying again can help.
  await page.route('**/api/runs', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'the store is busy' }) }));
  await page.reload();
  await expect(page.getByRole('alert')).toHaveText(/The runs could not be loaded: the store is busy/);
  await page.unroute('**/api/runs');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(rows(page, 'Runs')).toHaveCount(2);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('without runs, the page says how they come to be; a run started by hand is listed as the current one', async ({ page }, info) => {
  await open(page, '/runs', empty);
  await expect(page.getByRole('heading', { name: 'No runs yet' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('OTEL_RESOURCE_ATTRIBUTES=service.version=');
  await expect(page.getByRole('main')).toContainText('start a run by hand');
  await checkBothThemes(page, info, 'runs-empty');

  const label = page.getByRole('textbox', { name: 'Start a new run' });
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByText('Give the run a label')).toBeVisible();
  await expect(label).toHaveAttribute('aria-invalid', 'true');
  await label.fill('baseline');
  await label.press('Enter');
  await expect(page.getByText('Run “baseline” started')).toBeVisible();
  await expect(rows(page, 'Runs')).toHaveCount(1);
  await expect(rows(page, 'Runs').first()).toContainText('baseline');
  await expect(rows(page, 'Runs').first()).toContainText('current');
  await expect(rows(page, 'Runs').first().locator('td').nth(3)).toHaveText('by hand');
  await expect(rows(page, 'Runs').first().locator('td').nth(4)).toHaveText('no spans yet');
  await expect(page.getByText('A comparison needs two runs')).toBeVisible();

  // The next one takes over as the current run.
  await label.fill('candidate');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(rows(page, 'Runs')).toHaveCount(2);
  await expect(rows(page, 'Runs').first()).toContainText('candidate');
  await expect(rows(page, 'Runs').first()).toContainText('current');
  await expect(rows(page, 'Runs').nth(1)).not.toContainText('current');
});

test('runs started by hand compared: too few calls are said, not guessed; their traces are found by time span', async ({ page }, info) => {
  // Continues the last test's store: "baseline" and then "candidate" were started by hand; "candidate" is current.
  await empty.api('/runs', { method: 'POST', body: JSON.stringify({ label: 'small-a' }) });
  await sendRunTraffic(empty.urls.otlpHttp, { version: '2.0', traces: 40, seed: 3, startSec: 1_700_010_000 });
  await empty.api('/runs', { method: 'POST', body: JSON.stringify({ label: 'small-b' }) });
  await sendRunTraffic(empty.urls.otlpHttp, { version: '2.1', traces: 10, seed: 4, startSec: 1_700_013_600 });
  await open(page, '/runs', empty);
  // Newest first: 2.1 and small-b, then 2.0 and small-a; the default pair is the two versions.
  await expect(rows(page, 'Runs')).toHaveCount(6);
  await expect(page.getByRole('radio', { name: 'A: service.version=2.0' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'B: service.version=2.1' })).toBeChecked();
  await page.getByRole('radio', { name: 'A: manual=small-a' }).check();
  await page.getByRole('radio', { name: 'B: manual=small-b' }).check();
  await page.getByRole('button', { name: 'Compare A with B' }).click();
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText(/(^|\s)3\s*not enough data(\s|$)/);
  await expect(page.getByText('No regression')).toBeVisible();
  const query = rows(page, 'Other operations').filter({ hasText: 'SELECT orders' }).locator('td');
  await expect(query.nth(1)).toHaveText('40 → 10');
  await expect(query.nth(2)).toHaveText(/^\s*fewer than 30 calls in a run; medians \S+ → \S+, not compared\s*$/);
  await expect(query.nth(3)).toHaveText('not enough data');
  await expect(query.nth(4)).toHaveText('–');
  await page.getByRole('button', { name: /^Not enough data/ }).click();
  await expect(rows(page, 'Other operations')).toHaveCount(3);
  await checkBothThemes(page, info, 'runs-compare-few');

  // Pressed, the link finds each run's traces in its time span and opens their group comparison.
  await query.getByRole('link', { name: 'Compare traces of checkout SELECT orders in run A and run B' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Comparing 20 traces (A) with 10 (B)' })).toBeVisible();
});
