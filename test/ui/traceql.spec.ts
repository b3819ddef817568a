/**
 * The TraceQL page against `spanscope serve` with the shop's traffic sent by the OpenTelemetry SDK: the mode switch,
 * the editor (Ctrl+Enter, the underline of a refused query), matched spans that open the trace at them, a metrics
 * query's chart, the query kept in the address, the builder, and axe-core in both themes.
 */
import { expect, test, type Page } from '@playwright/test';
import { axeFindings, SCREEN } from '../helpers/page-checks';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { sendShopTraffic, type ShopTraffic } from '../helpers/shop-traffic';

let serve: ServeProcess;
let shop: ShopTraffic;
let origin: string;

test.beforeAll(async () => {
  serve = await startServe();
  origin = new URL(serve.urls.ui).origin;
  shop = await sendShopTraffic(serve.urls.otlpHttp);
  // The exporter's 200 means accepted; the writer commits a moment later.
  await expect.poll(async () => (await serve.api<{ traces: unknown[] }>('/traces?limit=100')).body.traces.length).toBe(shop.traceCount);
});

test.afterAll(async () => {
  await serve?.stop();
});

/** The declined cards (402) and the showcase's timed-out payment (504). */
const FAILED_PAYMENTS = '{ resource.service.name = "payments" && span.http.response.status_code >= 400 }';
const editor = (page: Page) => page.getByRole('textbox', { name: 'TraceQL query' });

async function openAt(page: Page, path: string) {
  await page.goto(serve.urls.ui);
  await page.goto(`${origin}${path}`);
}

/** Replaces the editor's text by typing it, as a person would (brackets and quotes close themselves). */
async function typeQuery(page: Page, query: string) {
  await editor(page).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await editor(page).pressSequentially(query);
  await page.keyboard.press('Escape'); // closes a completion list, if one is open
}

test('a query typed and run with Ctrl+Enter lists traces with their matched spans; a span opens the trace at it', async ({ page }) => {
  await openAt(page, '/');
  await page.getByRole('radio', { name: 'TraceQL' }).click();
  await expect(page).toHaveURL(/\/search\?q=/);
  await typeQuery(page, FAILED_PAYMENTS);
  await expect(editor(page)).toHaveText(FAILED_PAYMENTS);
  await page.keyboard.press('Control+Enter');

  await expect(page).toHaveURL((url) => url.searchParams.get('q') === FAILED_PAYMENTS);
  const traces = page.getByRole('list', { name: 'Matched traces' });
  // Two declined cards and the checkout whose first payment timed out.
  await expect(traces.getByRole('listitem').filter({ has: page.getByRole('link', { name: /frontend: POST \/checkout/ }) })).toHaveCount(3);
  const failed = page.locator(`a[href*="span=${shop.showcase.failedPaymentSpanId}"]`);
  await expect(failed).toContainText('payments');
  await expect(failed).toContainText('POST /api/charge');

  await failed.click();
  await expect(page).toHaveURL(new RegExp(`/traces/${shop.showcase.traceId}\\?span=${shop.showcase.failedPaymentSpanId}`));
  await expect(page.getByRole('region', { name: 'Span detail' })).toContainText('POST /api/charge');
});

test('inside a string the editor offers the values the store has for its field, and closes the string once', async ({ page }) => {
  await openAt(page, '/search?q=');
  await editor(page).click();
  await editor(page).pressSequentially('{ span.http.route = "/ch');
  const completions = page.getByRole('listbox', { name: 'Completions' });
  await expect(completions.getByRole('option').first()).toHaveText('/checkoutspan.http.route');
  await expect(completions.getByRole('option', { name: /^\/cart/ })).toHaveCount(0); // narrowed by what is typed
  // A click: CodeMirror holds Enter back for a moment after the list changes, so a quick one is not taken.
  await completions.getByRole('option').first().click();
  await expect(editor(page)).toHaveText('{ span.http.route = "/checkout"}');
  await editor(page).pressSequentially(' && resource.service.name = "pay');
  await completions.getByRole('option', { name: /^payments/ }).click();
  await expect(editor(page)).toHaveText('{ span.http.route = "/checkout" && resource.service.name = "payments"}');
});

test('compare() shows what sets the selection apart: attribute values with their share of each group', async ({ page }) => {
  const q = '{ resource.service.name = "payments" && kind = server } | compare({ status = error })';
  await openAt(page, `/search?q=${encodeURIComponent(q)}&lookback=1h`);
  const table = page.getByRole('table', { name: 'Attribute values, selection beside baseline' });
  await expect(table).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'in the selection' })).toContainText(/^\d+ spans? in the selection, \d+ spans in the baseline/);
  // Every failed charge has status error and none of the baseline has: that row is among the first, at 100% beside 0%.
  const status = table.getByRole('row').filter({ has: page.getByRole('cell', { name: 'status', exact: true }) }).filter({ has: page.getByRole('cell', { name: 'error', exact: true }) });
  await expect(status.getByRole('cell').nth(2)).toHaveText('100%');
  await expect(status.getByRole('cell').nth(3)).toHaveText('0%');
  await expect(status.getByRole('cell').nth(4)).toHaveText('+100 pts');
});

test('the query stays in the address: a reload runs it again', async ({ page }) => {
  await openAt(page, `/search?q=${encodeURIComponent(FAILED_PAYMENTS)}&lookback=1h`);
  await expect(page.getByRole('list', { name: 'Matched traces' }).getByRole('link', { name: /frontend: POST \/checkout/ })).toHaveCount(3);
  await page.reload();
  await expect(editor(page)).toHaveText(FAILED_PAYMENTS);
  await expect(page.getByRole('list', { name: 'Matched traces' }).getByRole('link', { name: /frontend: POST \/checkout/ })).toHaveCount(3);
  await expect(page.getByRole('combobox', { name: 'Time range' }).or(page.getByRole('button', { name: /Time range/ })).first()).toContainText('Last hour');
});

test('a refused query is underlined where it is wrong, with its sentence and no Retry', async ({ page }) => {
  await openAt(page, '/search?q=');
  await typeQuery(page, '{ duration > }');
  await page.getByRole('button', { name: 'Run query' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('line 1, column 14');
  await expect(alert).toContainText('expected a value after ">"');
  await expect(page.locator('.cm-lintRange-error')).toHaveText('}');
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Matched traces' })).toHaveCount(0);
});

test('a metrics query draws its series, named in the legend; a point lists its traces', async ({ page }) => {
  await page.setViewportSize(SCREEN);
  await openAt(page, `/search?q=${encodeURIComponent('{ kind = server } | rate() by (resource.service.name)')}`);
  const legend = page.getByRole('list', { name: 'Series' });
  for (const service of ['frontend', 'payments', 'cart']) await expect(legend.getByRole('button', { name: service })).toBeVisible();
  await expect(page.locator('canvas')).toBeVisible();
  await expect(page.getByRole('heading', { name: /rate\(\) \(spans\/s\)/ })).toBeVisible();

  // Hiding a series and showing it again.
  await legend.getByRole('button', { name: 'payments' }).click();
  await expect(legend.getByRole('button', { name: 'payments' })).toHaveAttribute('aria-pressed', 'false');
  await legend.getByRole('button', { name: 'payments' }).click();

  // The traffic is 2 to 9 minutes old, on an axis of the last hour: a click over those steps lists their traces.
  const chart = page.getByRole('img', { name: /rate\(\)/ });
  const box = (await chart.boundingBox())!;
  const exemplars = page.getByRole('region', { name: 'Traces of the chosen step' });
  const plot = { left: box.x + 64, width: box.width - 84 };
  for (let fraction = 0.86; fraction < 0.97 && (await exemplars.getByRole('link').count()) === 0; fraction += 0.01) {
    await page.mouse.click(plot.left + plot.width * fraction, box.y + box.height / 2);
    await expect(exemplars).toBeVisible();
  }
  const first = exemplars.getByRole('link').first();
  await expect(first).toHaveAttribute('href', /\/traces\/[0-9a-f]{32}\?span=[0-9a-f]{16}/);
  await first.click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}\?span=[0-9a-f]{16}/);
  await expect(page.getByRole('region', { name: 'Span detail' })).toBeVisible();
});

test('the builder writes the query for the fields chosen', async ({ page }) => {
  await openAt(page, '/search?q=');
  const builder = page.getByRole('form', { name: 'Build a query' });
  await builder.getByRole('button', { name: 'Show the choices of Builder service' }).click();
  await page.getByRole('option', { name: 'payments', exact: true }).click();
  await builder.getByLabel('Span name').fill('POST /api/charge');
  await builder.getByLabel('Span lasts more than').fill('100ms');
  await builder.getByLabel('Errors only').check();
  await builder.getByRole('button', { name: 'Write the query' }).click();
  await expect(editor(page)).toHaveText('{ resource.service.name = "payments" && name = "POST /api/charge" && status = error && duration > 100ms }');
  await page.getByRole('button', { name: 'Run query' }).click();
  // Only the payment that timed out (250 ms, 504) failed on the payments side and lasted more than 100 ms.
  await expect(page.locator(`a[href*="span=${shop.showcase.failedPaymentSpanId}"]`)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Matched traces' }).getByRole('listitem').filter({ has: page.getByRole('link', { name: /frontend: POST \/checkout/ }) })).toHaveCount(1);
});

test('a query that matches nothing says so', async ({ page }) => {
  await openAt(page, `/search?q=${encodeURIComponent('{ name = "no such span" }')}`);
  await expect(page.getByRole('heading', { name: 'No trace matches this query' })).toBeVisible();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe-core finds nothing serious on the TraceQL page in the ${colorScheme} theme (traces, series, compare)`, async ({ page }, info) => {
    await page.setViewportSize(SCREEN);
    await page.emulateMedia({ colorScheme });
    await openAt(page, `/search?q=${encodeURIComponent(FAILED_PAYMENTS)}`);
    await expect(page.getByRole('list', { name: 'Matched traces' }).getByRole('link', { name: /frontend: POST \/checkout/ })).toHaveCount(3);
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    expect(await axeFindings(page)).toEqual([]);
    await page.screenshot({ path: info.outputPath(`traceql-traces-${colorScheme}.png`) });

    await openAt(page, `/search?q=${encodeURIComponent('{ kind = server } | quantile_over_time(duration, .5, .95) by (resource.service.name)')}&lookback=15m`);
    await expect(page.getByRole('list', { name: 'Series' }).getByRole('button', { name: 'payments, p=0.95' })).toBeVisible();
    await expect(page.getByRole('heading', { name: /quantile_over_time\(\) \(s\)/ })).toBeVisible();
    expect(await axeFindings(page)).toEqual([]);
    await page.screenshot({ path: info.outputPath(`traceql-metrics-${colorScheme}.png`) });

    await openAt(page, `/search?q=${encodeURIComponent('{ kind = server } | compare({ status = error })')}&lookback=1h`);
    await expect(page.getByRole('table', { name: 'Attribute values, selection beside baseline' })).toBeVisible();
    expect(await axeFindings(page)).toEqual([]);
    await page.screenshot({ path: info.outputPath(`traceql-compare-${colorScheme}.png`) });
  });
}
