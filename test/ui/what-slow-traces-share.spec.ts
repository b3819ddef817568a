/**
 * What the slow traces share, against `spanscope serve` with checkouts sent by the real OpenTelemetry SDK: a
 * region planted on 80% of the slow ones and 10% of the others. A box drawn over the slow part of the scatter
 * opens the panel with the region first; its value adds the filter and the search runs again. On the TraceQL
 * page the query's traces against the rest, the value joining the query. axe-core in both themes.
 */
import { expect, test, type Page } from '@playwright/test';
import { checkBothThemes } from '../helpers/page-checks';
import { sendRegionTraffic } from '../helpers/region-traffic';
import { startServe, type ServeProcess } from '../helpers/serve-process';

const TRACES = 500;
let serve: ServeProcess;

test.beforeAll(async () => {
  serve = await startServe();
  await sendRegionTraffic(serve.urls.otlpHttp, TRACES, 1_700_000_000);
  await expect.poll(async () => (await serve.api<{ traces: unknown[] }>(`/traces?limit=${TRACES}`)).body.traces.length).toBe(TRACES);
});
test.afterAll(async () => {
  await serve?.stop();
});

async function open(page: Page, path: string): Promise<void> {
  await page.goto(serve.urls.ui); // the token becomes the session cookie
  await page.goto(new URL(path, serve.urls.ui).href);
}

/**
 * Drags a box from half the plot's height at its left to its top right corner: the 400 ms checkouts (on the top
 * edge) and none of the 50 ms ones. The box is kept inside the plot, whose edges hold the first and last points.
 */
async function brushSlowHalf(page: Page): Promise<void> {
  const area = (await page.getByRole('img', { name: /traces by start time and duration/ }).boundingBox())!;
  const grid = { left: area.x + 64, right: area.x + area.width - 20, top: area.y + 14, bottom: area.y + area.height - 30 };
  await page.mouse.move(grid.left + 1, (grid.top + grid.bottom) / 2);
  await page.mouse.down();
  await page.mouse.move((grid.left + grid.right) / 2, grid.top + 20, { steps: 4 });
  await page.mouse.move(grid.right + 10, grid.top - 10, { steps: 4 });
  await page.mouse.up();
}

test('a box over the slow traces shows what they share; the planted region, picked, filters the search', async ({ page }, info) => {
  await open(page, `/search?service=checkout&limit=${TRACES}`);
  const scatter = page.getByRole('img', { name: /traces by start time and duration/ });
  await expect(scatter.locator('canvas')).toBeVisible({ timeout: 15_000 }); // the chart is drawn after the list, its library loaded then
  await brushSlowHalf(page);
  await expect(page.getByText('100 in the selected area')).toBeVisible();

  const panel = page.getByRole('region', { name: 'What the selected traces share' });
  await expect(panel.getByRole('status')).toHaveText(/100 selected traces against 400 others/);
  const first = panel.getByRole('listitem').first();
  await expect(first.getByRole('heading', { level: 3 })).toContainText('resource.cloud.region');
  const region = first.getByRole('listitem').first();
  await expect(region).toHaveText(/^eu-west\s*selected:\s*80%\s*·?\s*, the rest:\s*10%$/);
  await expect(panel).toContainText('span.request.id'); // left out: a value per trace
  await checkBothThemes(page, info, 'what-slow-traces-share');

  // The value is a button, reached and pressed from the keyboard: the filter joins the search, which runs again.
  const pick = region.getByRole('button', { name: /^eu-west: add resource\.cloud\.region = eu-west to the search$/ });
  await pick.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]attr=cloud\.region%3Deu-west(&|$)/);
  await expect(page.getByText('120 traces', { exact: true })).toBeVisible(); // 80 slow and 40 others in eu-west
  await expect(panel).toHaveCount(0); // a new search: the box and its panel are gone
  await expect(page.getByRole('textbox', { name: /attributes|tags/i })).toHaveValue('cloud.region=eu-west');
});

test('the panel says what went wrong, and clears with the box', async ({ page }) => {
  await open(page, `/search?service=checkout&limit=${TRACES}`);
  const scatter = page.getByRole('img', { name: /traces by start time and duration/ });
  await expect(scatter.locator('canvas')).toBeVisible({ timeout: 15_000 }); // the chart is drawn after the list, its library loaded then
  await page.route('**/api/attributes/compare?*', (route) => route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'selMinDuration "x" is not a duration' }) }));
  await brushSlowHalf(page);
  const panel = page.getByRole('region', { name: 'What the selected traces share' });
  await expect(panel.getByRole('alert')).toHaveText('selMinDuration "x" is not a duration');
  await panel.getByRole('button', { name: 'Clear the selection' }).click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByText('in the selected area')).toHaveCount(0);
});

test('on the TraceQL page, what the query\'s traces share; the value joins the query inside its braces', async ({ page }, info) => {
  await open(page, `/search?q=${encodeURIComponent('{ duration > 300ms }')}&limit=${TRACES}`);
  await expect(page.getByRole('status').filter({ hasText: '100 traces' })).toBeVisible();
  await page.getByRole('button', { name: 'What they share' }).click();
  const panel = page.getByRole('region', { name: 'What the selected traces share' });
  await expect(panel.getByRole('status')).toHaveText(/100 selected traces against 400 others/);
  await expect(panel.getByRole('listitem').first().getByRole('heading', { level: 3 })).toContainText('resource.cloud.region');
  await checkBothThemes(page, info, 'what-they-share-traceql');
  await panel.getByRole('button', { name: /^eu-west: add/ }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('{ duration > 300ms && resource.cloud.region = "eu-west" }');
  await expect(page.getByRole('status').filter({ hasText: '80 traces' })).toBeVisible();
});
