/**
 * "Slower than usual" in the trace view, against the built `spanscope serve`: a suite's traffic at service.version
 * 1.0, then at 1.1 with its query 30% slower (the real OpenTelemetry SDK); a 1.1 trace's query is shown beside the
 * 300 calls of the run before, and the waterfall's bars take the colour of their percentile.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ApiBaseline } from '../../src-main/model/api';
import { unusualStep } from '../../src-renderer/lib/trace/baseline-marks';
import { axeFindings } from '../helpers/page-checks';
import { sendTwoRuns } from '../helpers/run-traffic';
import { startServe, type ServeProcess } from '../helpers/serve-process';

const TRACES = 300;
let serve: ServeProcess;
/** A 1.1 trace whose query is slower than p95 of the run before, and its query's mark. */
let traceId: string;
let query: ApiBaseline['spans'][number];
/** A 1.0 trace: the first run, and nothing in the hour before it. */
let firstRunTrace: string;
const origin = () => new URL(serve.urls.ui).origin;

test.beforeAll(async () => {
  serve = await startServe();
  const { older, newer } = await sendTwoRuns(serve, TRACES);
  firstRunTrace = older[0];
  expect(newer).toHaveLength(TRACES);
  for (const id of newer) {
    const { body } = await serve.api<ApiBaseline>(`/traces/${id}/baseline`);
    const mark = body.spans.find((span) => body.operations[span.operation].name === 'SELECT orders');
    if (mark && mark.percentile >= 95 && mark.percentile < 100) {
      [traceId, query] = [id, mark];
      break;
    }
  }
  expect(traceId).toBeDefined();
});

test.afterAll(async () => {
  await serve.stop();
});

async function openQuery(page: Page, trace = traceId) {
  await page.goto(serve.urls.ui);
  await page.goto(`${origin()}/traces/${trace}`);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await expect(tree.getByRole('treeitem')).toHaveCount(3);
  await tree.getByRole('treeitem', { name: 'checkout SELECT orders' }).click();
  return { tree, detail: page.getByRole('region', { name: 'Span detail' }) };
}

test('the selected query beside the 300 calls of the run before; the other baseline on demand', async ({ page }) => {
  const { detail } = await openQuery(page);
  const line = detail.getByTestId('span-baseline');
  await expect(line).toHaveText(/p(9[5-9]) of 300 calls · [\d.]+× the median \(the run before: service\.version=1\.0\)$/);
  await expect(line).toContainText(`p${Math.floor(query.percentile)} of 300 calls`);
  // Past p95: emphasised, calmly.
  await expect(line.locator('.figures')).toHaveCSS('font-weight', '600');
  await line.hover();
  await expect(page.getByText('of the 300 calls of checkout SELECT orders in the run before: service.version=1.0 were faster than this span')).toBeVisible();

  const unusual = page.getByRole('switch', { name: 'Colour by how unusual' });
  await expect(unusual).toHaveAttribute('aria-checked', 'false');
  await unusual.click();
  await page.getByRole('radio', { name: 'Hour before' }).click();
  await expect(line).toHaveText(/p\d+ of 300 calls · [\d.]+× the median \(the hour before the trace\)$/);
});

test('the switch colours each bar by its percentile, with a legend, and is remembered', async ({ page }) => {
  const { tree } = await openQuery(page);
  const bar = (name: string) => tree.getByRole('treeitem', { name }).locator('.bar');
  await expect(bar('checkout SELECT orders')).not.toHaveAttribute('data-unusual');
  const colour = await bar('checkout SELECT orders').evaluate((el) => getComputedStyle(el).backgroundColor);

  const unusual = page.getByRole('switch', { name: 'Colour by how unusual' });
  await unusual.click();
  await expect(unusual).toHaveAttribute('aria-checked', 'true');
  await expect(bar('checkout SELECT orders')).toHaveAttribute('data-unusual', String(unusualStep(query.percentile)));
  for (const name of ['checkout GET /checkout', 'payments POST /charge']) await expect(bar(name)).toHaveAttribute('data-unusual', /^[0-3]$/);
  expect(await bar('checkout SELECT orders').evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(colour);
  await tree.getByRole('treeitem', { name: 'checkout SELECT orders' }).hover();
  await expect(page.getByTestId('span-hover-card')).toContainText(/Baselinep\d+ of 300 calls · [\d.]+× the median/);
  const legend = page.getByTestId('unusual-legend');
  await expect(legend).toBeVisible();
  await expect(legend).toContainText('under p75');
  await expect(legend).toContainText('no baseline');
  await expect(page.getByRole('radio', { name: 'Run before' })).toHaveAttribute('aria-checked', 'true');

  await page.reload();
  await expect(page.getByRole('switch', { name: 'Colour by how unusual' })).toHaveAttribute('aria-checked', 'true');
  await expect(bar('checkout SELECT orders')).toHaveAttribute('data-unusual', String(unusualStep(query.percentile)));
  await page.getByRole('switch', { name: 'Colour by how unusual' }).click();
  await expect(bar('checkout SELECT orders')).not.toHaveAttribute('data-unusual');
  await expect(legend).toHaveCount(0);
});

test('a trace of the first run: no baseline in the hour before it, and no run before it', async ({ page }, info) => {
  const { tree, detail } = await openQuery(page, firstRunTrace);
  await expect(detail.getByTestId('span-baseline')).toHaveText('no baseline (fewer than 20 calls in the hour before the trace)');
  await page.getByRole('switch', { name: 'Colour by how unusual' }).click();
  await expect(page.getByRole('radio', { name: 'Hour before' })).toHaveAttribute('aria-checked', 'true');
  for (const name of ['checkout GET /checkout', 'checkout SELECT orders']) await expect(tree.getByRole('treeitem', { name }).locator('.bar')).toHaveAttribute('data-unusual', 'none');
  await page.getByRole('radio', { name: 'Run before' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'there is no run before it; compare with the hour before' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'checkout SELECT orders' }).locator('.bar')).not.toHaveAttribute('data-unusual');
  await expect(detail.getByTestId('span-baseline')).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('slower-than-usual-no-run-before.png') });
  await page.getByRole('radio', { name: 'Hour before' }).click();
  await expect(tree.getByRole('treeitem', { name: 'checkout SELECT orders' }).locator('.bar')).toHaveAttribute('data-unusual', 'none');
});

for (const theme of ['light', 'dark'] as const) {
  test(`coloured by how unusual, ${theme} theme: a screenshot, and axe-core finds nothing serious`, async ({ page }, info) => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.addInitScript((t) => localStorage.setItem('spanscope.theme', t), theme);
    const { tree, detail } = await openQuery(page);
    await page.getByRole('switch', { name: 'Colour by how unusual' }).click();
    await expect(tree.getByRole('treeitem', { name: 'checkout SELECT orders' }).locator('.bar')).toHaveAttribute('data-unusual', /\d/);
    await expect(detail.getByTestId('span-baseline')).toContainText('of 300 calls');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: info.outputPath(`slower-than-usual-${theme}.png`) });
    expect(await axeFindings(page)).toEqual([]);
  });
}
