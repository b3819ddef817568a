/**
 * The service map at 60 services (a generated map in tiers, with databases, brokers and outside hosts): focus
 * mode, the name filter, hiding databases, names in the tables, the empty recent range, and screenshots of both
 * themes at 1600×1000.
 */
import { axeFindings } from '../helpers/page-checks';
import { expect, test, type Page } from '@playwright/test';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { topologyCalls, topologyMap, topologySpans } from '../helpers/service-map-topology';

let serve: ServeProcess;
const calls = topologyCalls();
const expected = topologyMap(calls);

test.beforeAll(async () => {
  serve = await startServe();
  // Half an hour ago: inside the default hour, outside the last 15 minutes.
  const spans = topologySpans(Date.now(), 30 * 60_000, calls);
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans))).status).toBe(200);
});
test.afterAll(async () => {
  await serve.stop();
});

async function openMap(page: Page, query = '') {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/map${query}`);
  // The first load of a fresh server on a busy machine can take a while.
  await expect(page.getByRole('group', { name: /^Service map:/ })).toBeVisible({ timeout: 30_000 });
}

const graph = (page: Page) => page.getByRole('group', { name: /^Service map:/ });
const node = (page: Page, name: string) => graph(page).getByRole('button', { name: new RegExp(`^${name.replace(/[.]/g, '\\.')}, `) });

test('the last hour draws all 72 nodes and their calls, and the tables name them', async ({ page }, info) => {
  await openMap(page);
  await expect(graph(page)).toHaveAccessibleName(`Service map: ${expected.nodes.length} nodes and ${expected.edges.length} calls (the Services and peers and Calls tables list the same)`);
  await expect(graph(page).getByRole('button')).toHaveCount(expected.nodes.length);
  const services = page.getByRole('table', { name: 'Services and peers' });
  await expect(services.getByRole('row')).toHaveCount(expected.nodes.length + 1);
  await expect(services.getByRole('row', { name: /^postgresql database/ })).toBeVisible();
  const callRows = page.getByRole('table', { name: 'Calls' });
  await expect(callRows.getByRole('row')).toHaveCount(expected.edges.length + 1);
  await expect(callRows).not.toContainText('service:');
  await expect(callRows).not.toContainText('database:');
  await callRows.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('service-map-60-tables.png') });
});

test('clicking a service focuses on its callers and callees; the breadcrumb leaves focus', async ({ page }) => {
  await openMap(page);
  const focus = 'checkout-api';
  const callers = calls.filter((c) => c.to === focus).map((c) => c.from);
  const callees = calls.filter((c) => c.from === focus).map((c) => (typeof c.to === 'string' ? c.to : c.to.name));
  await node(page, focus).click();
  await expect(page).toHaveURL(/\/map\?focus=service%3Acheckout-api$/);
  await expect(graph(page).getByRole('button')).toHaveCount(1 + callers.length + callees.length);
  for (const name of [...callers, ...callees]) await expect(node(page, name)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Focus' })).toContainText('checkout-api');
  // The side panel shows the selected service, with a search of its traces.
  const panel = page.getByRole('region', { name: 'Map selection' });
  await expect(panel.getByRole('heading', { name: focus })).toBeVisible();
  await expect(panel.getByRole('link', { name: `Traces of ${focus}` })).toHaveAttribute('href', `/search?service=${focus}&lookback=1h`);
  // Hovering a node keeps it drawn and names the numbers of its calls.
  await node(page, focus).hover();
  await expect(node(page, focus)).toBeVisible();
  await expect(graph(page)).toContainText(/\d+ calls? · p50 [\d.]+[mµ]?s · p95 [\d.]+[mµ]?s/);

  await page.getByRole('navigation', { name: 'Focus' }).getByRole('button', { name: 'All services' }).click();
  await expect(page).toHaveURL(/\/map$/);
  await expect(graph(page).getByRole('button')).toHaveCount(expected.nodes.length);
});

test('the keyboard moves between nodes and Enter focuses one; a call in the panel shows its numbers and traces', async ({ page }, info) => {
  await openMap(page);
  const first = graph(page).locator('[tabindex="0"]');
  await expect(first).toHaveCount(1);
  await first.focus();
  const before = await first.getAttribute('data-node');
  await page.keyboard.press('ArrowDown');
  const moved = graph(page).locator('[tabindex="0"]');
  await expect(moved).not.toHaveAttribute('data-node', before!);
  await expect(moved).toBeFocused();
  const id = (await moved.getAttribute('data-node'))!;
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`focus=${encodeURIComponent(id).replace(/[.]/g, '\\.')}`));

  const panel = page.getByRole('region', { name: 'Map selection' });
  const callee = calls.find((c) => `service:${c.from}` === id)!;
  const calleeName = typeof callee.to === 'string' ? callee.to : callee.to.name;
  await panel.getByRole('button', { name: calleeName, exact: true }).first().click();
  await expect(panel).toContainText(`${callee.calls}`);
  await expect(panel.getByRole('link', { name: 'Traces with this call' })).toHaveAttribute('href', /^\/search\?call=service%3A.+&lookback=1h$/);
  await page.screenshot({ path: info.outputPath('service-map-60-call-selected.png') });
});

test('choosing a service in the focus box shows its neighbourhood, wider with more hops', async ({ page }) => {
  await openMap(page);
  const box = page.getByRole('combobox', { name: 'Focus on a service' });
  await box.click();
  await box.pressSequentially('payme');
  await page.getByRole('option', { name: /^payments/ }).click();
  await expect(page).toHaveURL(/focus=service%3Apayments/);
  const direct = await graph(page).getByRole('button').count();
  await page.getByRole('combobox', { name: 'Neighbourhood' }).click();
  await page.getByRole('option', { name: 'Up to 3 calls away' }).click();
  await expect(page).toHaveURL(/hops=3/);
  await expect.poll(() => graph(page).getByRole('button').count()).toBeGreaterThan(direct);
});

test('typing a name narrows the map, and databases can be hidden', async ({ page }) => {
  await openMap(page);
  await page.getByRole('searchbox', { name: 'Filter nodes by name' }).fill('check');
  await expect(graph(page).getByRole('button')).toHaveCount(4);
  for (const name of ['checkout', 'checkout-api', 'fraud-check', 'spellcheck']) await expect(node(page, name)).toBeVisible();
  await expect(page.getByText(`Showing 4 of ${expected.nodes.length} nodes`)).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(graph(page).getByRole('button')).toHaveCount(expected.nodes.length);

  const databases = expected.nodes.filter((n) => n.type === 'database');
  await page.getByRole('checkbox', { name: 'Databases' }).uncheck();
  await expect(graph(page).getByRole('button')).toHaveCount(expected.nodes.length - databases.length);
  await expect(node(page, 'postgresql')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Calls' })).not.toContainText('postgresql');
  await expect(node(page, 'kafka')).toBeVisible();
});

test('a recent range without calls says older ones exist and shows them in one click', async ({ page }, info) => {
  await openMap(page);
  await page.getByRole('combobox', { name: 'Time range' }).click();
  await page.getByRole('option', { name: 'Last 15 minutes' }).click();
  await expect(page).toHaveURL(/\/map\?lookback=15m$/);
  await expect(page.getByRole('heading', { name: 'No calls between services in the last 15 minutes' })).toBeVisible();
  await page.screenshot({ path: info.outputPath('service-map-60-empty-range.png') });
  await page.getByRole('button', { name: 'Show all time' }).click();
  await expect(page).toHaveURL(/\/map\?lookback=all$/);
  await expect(graph(page).getByRole('button')).toHaveCount(expected.nodes.length);
});

for (const theme of ['light', 'dark'] as const) {
  test(`60 services in the ${theme} theme: a screenshot, and no serious accessibility faults`, async ({ page }, info) => {
    await page.addInitScript((t) => localStorage.setItem('spanscope.theme', t), theme);
    await openMap(page);
    await page.screenshot({ path: info.outputPath(`service-map-60-${theme}.png`) });
    await node(page, 'checkout').hover();
    await page.screenshot({ path: info.outputPath(`service-map-60-${theme}-hover.png`) });
    await node(page, 'checkout-api').click();
    await expect(page).toHaveURL(/focus=/);
    await page.screenshot({ path: info.outputPath(`service-map-60-${theme}-focus.png`) });
    expect(await axeFindings(page)).toEqual([]);
  });
}
