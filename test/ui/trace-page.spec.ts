/** The trace page around the waterfall: selection in the address, focus on open, the span table, statistics, the detail pane. */
import { axeFindings } from '../helpers/page-checks';
import { expect, test, type Page } from '@playwright/test';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { attrs, resource, span } from '../helpers/spans';

const TRACE = 'abcd0123'.repeat(4);
const T0 = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;
const id = (n: number) => n.toString(16).padStart(16, '0');
let serve: ServeProcess;
const origin = () => new URL(serve.urls.ui).origin;

test.beforeAll(async () => {
  serve = await startServe();
  const web = resource('frontend');
  const db = resource('orders-db');
  const auth = resource('auth');
  const at = (ms: number) => T0 + BigInt(ms) * MS;
  const spans = [
    span({ traceId: TRACE, spanId: id(1), name: 'GET /checkout', kind: 'SERVER', startTimeUnixNano: at(0), endTimeUnixNano: at(100), resource: web }),
    span({ traceId: TRACE, spanId: id(2), parentSpanId: id(1), name: 'verify token', kind: 'CLIENT', startTimeUnixNano: at(2), endTimeUnixNano: at(12), resource: auth }),
    span({ traceId: TRACE, spanId: id(3), parentSpanId: id(1), name: 'SELECT orders', kind: 'CLIENT', startTimeUnixNano: at(15), endTimeUnixNano: at(55), resource: db, status: { code: 'ERROR', message: 'deadlock' } }),
    span({ traceId: TRACE, spanId: id(4), parentSpanId: id(1), name: 'SELECT orders', kind: 'CLIENT', startTimeUnixNano: at(56), endTimeUnixNano: at(66), resource: db }),
    span({ traceId: TRACE, spanId: id(5), parentSpanId: id(1), name: 'render', startTimeUnixNano: at(70), endTimeUnixNano: at(95), resource: web, attributes: attrs({ 'template.name': 'checkout.html' }) }),
  ];
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans))).status).toBe(200);
});

test.afterAll(async () => {
  await serve.stop();
});

async function openTrace(page: Page, query = '') {
  await page.goto(serve.urls.ui);
  await page.goto(`${origin()}/traces/${TRACE}${query}`);
  await expect(page.getByRole('tree', { name: 'Trace waterfall' }).getByRole('treeitem')).toHaveCount(5);
}

test('the first rows come before the toolbars and the minimap, which then take the room kept for them', async ({ page }) => {
  // Read as the first row is added: what is drawn with it, and where the rows begin.
  await page.addInitScript(`window.firstRows = new Promise((resolve) => {
    const watch = new MutationObserver(() => {
      if (!document.querySelector('[role=treeitem]')) return;
      watch.disconnect();
      resolve({ rowsTop: document.querySelector('.axis-row').getBoundingClientRect().top, extras: document.querySelectorAll('.waterfall-toolbar, .trace-toolbar, .minimap').length });
    });
    watch.observe(document, { childList: true, subtree: true });
  })`);
  // Wide, the trace's toolbar sits in the tab row; narrow, above the tabs.
  for (const width of [1600, 900]) {
    await page.setViewportSize({ width, height: 1000 });
    await openTrace(page);
    const first = (await page.evaluate('window.firstRows')) as { rowsTop: number; extras: number };
    expect(first.extras).toBe(0);
    await expect(page.getByRole('button', { name: 'Minimap' })).toBeVisible();
    await expect(page.getByLabel(/^Trace minimap/)).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'Find in trace' })).toBeVisible();
    expect((await page.locator('.axis-row').boundingBox())!.y).toBe(first.rowsTop);
  }
});

test('focus is in the waterfall on open: ArrowDown selects the first span and puts it in the address', async ({ page }) => {
  await openTrace(page);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await expect(tree).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(tree.getByRole('treeitem', { name: 'frontend GET /checkout' })).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(new RegExp(`/traces/${TRACE}\\?span=${id(1)}$`));
});

test('a click puts ?span= in the address (replacing it), a ?span= link selects, Escape clears it', async ({ page }) => {
  await openTrace(page);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await tree.getByRole('treeitem', { name: 'auth verify token' }).click();
  await expect(page).toHaveURL(new RegExp(`/traces/${TRACE}\\?span=${id(2)}$`));
  await tree.getByRole('treeitem', { name: 'frontend render' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?span=${id(5)}$`));
  const detail = page.getByRole('region', { name: 'Span detail' });
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText('render');
  await expect(detail).toContainText('checkout.html');
  await page.goBack(); // replaced, not pushed: back leaves the trace
  await expect(page).toHaveURL(/\/$/);

  await page.goto(`${origin()}/traces/${TRACE}?span=${id(3)}`);
  await expect(tree.getByRole('treeitem', { name: 'orders-db SELECT orders' }).first()).toHaveAttribute('aria-selected', 'true');
  await expect(detail).toContainText('ERROR: deadlock');
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(page.getByText('Select a span to see its attributes')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/traces/${TRACE}$`));
});

test('the detail sits in a pane beside the waterfall, which fills the window; the pane keeps its width', async ({ page }, info) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openTrace(page, `?span=${id(3)}`);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  const detail = page.getByRole('region', { name: 'Span detail' });
  const treeBox = (await tree.boundingBox())!;
  const detailBox = (await detail.boundingBox())!;
  expect(detailBox.x).toBeGreaterThanOrEqual(treeBox.x + treeBox.width - 1);
  expect(detailBox.y).toBeLessThan(treeBox.y + 100);
  expect(treeBox.y + treeBox.height).toBeGreaterThan(1000 - 60); // down to the bottom of the window
  await page.screenshot({ path: info.outputPath('trace-side-pane.png') });

  const resizer = page.getByRole('separator', { name: 'Resize the span detail' });
  const handle = (await resizer.boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x - 200, handle.y + handle.height / 2, { steps: 5 });
  await page.mouse.up();
  const wider = (await detail.boundingBox())!.width;
  expect(wider).toBeGreaterThan(detailBox.width + 150);
  // The layout is saved a moment after the drag.
  const savedDetailShare = () => page.evaluate(() => Object.values(JSON.parse(localStorage.getItem('paneforge:spanscope.trace.detailPane') ?? '{}') as Record<string, { layout: number[] }>)[0]?.layout[1] ?? 0);
  await expect.poll(savedDetailShare).toBeGreaterThan(40);
  await page.reload();
  await expect(detail).toBeVisible();
  expect(Math.abs((await detail.boundingBox())!.width - wider)).toBeLessThan(4);
});

test('the detail can open under its row instead, and the choice is remembered', async ({ page }, info) => {
  await openTrace(page, `?span=${id(2)}`);
  await page.getByRole('radio', { name: 'Detail under the row' }).click();
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  const detail = page.getByRole('region', { name: 'Span detail' });
  await expect(detail).toBeVisible();
  const row = (await tree.getByRole('treeitem', { name: 'auth verify token' }).boundingBox())!;
  const below = (await detail.boundingBox())!;
  expect(below.y).toBeGreaterThanOrEqual(row.y + row.height - 1);
  expect(below.width).toBeGreaterThan(row.width * 0.8);
  await expect(page.getByRole('separator', { name: 'Resize the span detail' })).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('trace-detail-below.png') });
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Detail under the row' })).toBeChecked();
  await page.getByRole('radio', { name: 'Detail beside the waterfall' }).click();
  await expect(page.getByRole('separator', { name: 'Resize the span detail' })).toHaveCount(1);
});

test('the span table sorts by duration, self time, start, service and name; a row shows its span', async ({ page }, info) => {
  await openTrace(page);
  await page.getByRole('tab', { name: 'Spans' }).click();
  const table = page.getByRole('table', { name: 'Spans' });
  const names = () => table.getByRole('row').locator('[role=cell]:nth-child(2) bdi').allTextContents();
  await expect(table.getByRole('row')).toHaveCount(6);
  expect((await names()).slice(0, 3)).toEqual(['GET /checkout', 'SELECT orders', 'render']); // longest first
  await expect(table.getByRole('columnheader', { name: 'Duration' })).toHaveAttribute('aria-sort', 'descending');
  await table.getByRole('button', { name: 'Self time' }).click();
  // self: root 100 − (2–12, 15–55, 56–66, 70–95) = 15 ms; the leaves keep theirs
  expect((await names()).slice(0, 3)).toEqual(['SELECT orders', 'render', 'GET /checkout']);
  await table.getByRole('button', { name: 'Start' }).click();
  expect(await names()).toEqual(['GET /checkout', 'verify token', 'SELECT orders', 'SELECT orders', 'render']);
  await table.getByRole('button', { name: 'Start' }).click();
  await expect(table.getByRole('columnheader', { name: 'Start' })).toHaveAttribute('aria-sort', 'descending');
  expect((await names())[0]).toBe('render');
  await table.getByRole('button', { name: 'Service' }).click();
  expect(await table.getByRole('row').locator('[role=cell]:nth-child(1)').allTextContents()).toEqual(['auth', 'frontend', 'frontend', 'orders-db', 'orders-db']);
  await table.getByRole('button', { name: 'Name' }).click();
  expect(await names()).toEqual(['GET /checkout', 'render', 'SELECT orders', 'SELECT orders', 'verify token']);

  await table.getByRole('row', { name: /verify token/ }).click();
  await expect(page.getByRole('region', { name: 'Span detail' }).getByRole('heading', { level: 2 })).toHaveText('verify token');
  await expect(page).toHaveURL(new RegExp(`\\?span=${id(2)}$`));
  await page.keyboard.press('Home'); // the keys move through the table as it is sorted
  await expect(page).toHaveURL(new RegExp(`\\?span=${id(1)}$`));
  await page.keyboard.press('ArrowDown');
  await expect(page).toHaveURL(new RegExp(`\\?span=${id(5)}$`));
  await page.screenshot({ path: info.outputPath('trace-spans.png') });
});

test('trace statistics: spans grouped by service and operation, sortable', async ({ page }, info) => {
  await openTrace(page);
  await page.getByRole('tab', { name: 'Statistics' }).click();
  const table = page.getByRole('table', { name: 'Trace statistics' });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(4);
  const selects = table.getByRole('row', { name: /orders-db SELECT orders/ });
  await expect(selects.locator('td').nth(2)).toHaveText('2'); // count
  await expect(selects.locator('td').nth(3)).toHaveText('1'); // errors
  await expect(selects.locator('td').nth(4)).toHaveText('50ms'); // total
  await expect(selects.locator('td').nth(5)).toHaveText('25ms'); // average
  await expect(selects.locator('td').nth(6)).toHaveText('40ms'); // max
  await expect(rows.first()).toContainText('SELECT orders'); // most self time first (50 ms)
  await table.getByRole('button', { name: 'Count' }).click();
  await expect(table.getByRole('columnheader', { name: 'Count' })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first()).toContainText('SELECT orders');
  await table.getByRole('button', { name: 'Operation' }).click();
  expect(await rows.locator('td:nth-child(2)').allTextContents()).toEqual(['GET /checkout', 'render', 'SELECT orders', 'verify token']);
  await page.screenshot({ path: info.outputPath('trace-statistics.png') });
});


for (const theme of ['light', 'dark'] as const) {
  test(`the trace page's views at 1600×1000, ${theme} theme: screenshots, and axe-core finds nothing serious`, async ({ page }, info) => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.addInitScript((t) => localStorage.setItem('spanscope.theme', t), theme);
    await openTrace(page, `?span=${id(3)}`);
    await expect(page.getByRole('region', { name: 'Span detail' })).toContainText('deadlock');
    await page.screenshot({ path: info.outputPath(`trace-${theme}.png`) });
    expect(await axeFindings(page)).toEqual([]);
    for (const [tab, table] of [['Spans', 'Spans'], ['Statistics', 'Trace statistics']]) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.getByRole('table', { name: table })).toBeVisible();
      await page.screenshot({ path: info.outputPath(`trace-${tab.toLowerCase()}-${theme}.png`) });
      expect(await axeFindings(page)).toEqual([]);
    }
    await page.getByRole('tab', { name: 'Waterfall' }).click();
    await page.keyboard.press('Escape');
    await expect(page.getByText('Select a span to see its attributes')).toBeVisible();
    expect(await axeFindings(page)).toEqual([]);
  });
}
