/** The waterfall's rows: duration labels, the hover card, the critical path and its switch, the name column, icons. */
import { axeFindings } from '../helpers/page-checks';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpanKind } from '../../src-main/model/span';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { attrs, resource, span } from '../helpers/spans';
import { syntheticTrace } from '../bench/synthetic-spans';

let serve: ServeProcess;
const origin = () => new URL(serve.urls.ui).origin;
const SHOP = '5h0p5h0p'.replace(/[^0-9a-f]/g, 'a').repeat(4);
const T0 = 1_700_000_000_000_000_000n;

/** The 8-span shop trace of test/fixtures/waterfall/shop-8-spans.json, stored through OTLP. */
function shopSpans() {
  const rows = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'waterfall', 'shop-8-spans.json'), 'utf8')) as { spanId: string; parentSpanId: string; service: string; name: string; kind: SpanKind; startMs: number; endMs: number }[];
  const ids = new Map(rows.map((r, i) => [r.spanId, (i + 1).toString(16).padStart(16, '0')]));
  const ns = (ms: number) => T0 + BigInt(Math.round(ms * 1e6));
  return rows.map((r) =>
    span({
      traceId: SHOP,
      spanId: ids.get(r.spanId)!,
      parentSpanId: ids.get(r.parentSpanId) ?? '',
      name: r.name,
      kind: r.kind,
      startTimeUnixNano: ns(r.startMs),
      endTimeUnixNano: ns(r.endMs),
      resource: resource(r.service),
      attributes: r.name.startsWith('SELECT') ? attrs({ 'db.system': 'postgresql' }) : attrs({}),
      status: r.spanId === 'recommend' ? { code: 'ERROR', message: 'timeout' } : { code: 'UNSET', message: '' },
    }),
  );
}

test.beforeAll(async () => {
  serve = await startServe();
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(shopSpans()))).status).toBe(200);
});
test.afterAll(async () => {
  await serve.stop();
});

async function openShop(page: Page) {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(serve.urls.ui);
  await page.goto(`${origin()}/traces/${SHOP}`);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await expect(tree.getByRole('treeitem')).toHaveCount(8);
  return tree;
}

test('every bar has its duration beside it; names carry the duration and the error', async ({ page }) => {
  const tree = await openShop(page);
  const durations = await tree.locator('.duration').allTextContents();
  expect(durations).toEqual(['68ms', '14ms', '5ms', '45.7ms', '42.7ms', '4.5ms', '21ms', '9.8ms']);
  await expect(tree.getByRole('treeitem', { name: 'recommendation-service GET, skew, 9.8ms, error' })).toBeVisible();
  // The product server's bar reaches the right edge: its label goes left of it.
  await expect(tree.getByRole('treeitem', { name: /^product-service GET, skew, 42\.7ms/ }).locator('.duration')).toHaveClass(/left/);
  await expect(tree.getByRole('treeitem', { name: /^auth-service GET/ }).locator('.duration')).toHaveClass(/right/);
});

test('the critical path is a line over the stretches of bars on it, switched off and on from the toolbar', async ({ page }, info) => {
  const tree = await openShop(page);
  const root = tree.getByRole('treeitem').first();
  // The root waits on its calls for most of its time: three stretches (0–2, 16–18, 63.7–68 ms), not the whole bar.
  await expect(root.locator('.critical')).toHaveCount(3);
  const widths = await root.locator('.critical').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().width));
  const barWidth = await root.locator('.bar').evaluate((el) => el.getBoundingClientRect().width);
  expect(widths.reduce((a, b) => a + b, 0)).toBeLessThan(barWidth / 4);
  await expect(tree.locator('.critical')).toHaveCount(13);
  await page.screenshot({ path: info.outputPath('shop-light.png') });

  const toggle = page.getByRole('switch', { name: 'Critical path' });
  await expect(toggle).toBeChecked();
  await toggle.click();
  await expect(tree.locator('.critical')).toHaveCount(0);
  await page.reload();
  await expect(tree.getByRole('treeitem')).toHaveCount(8);
  await expect(page.getByRole('switch', { name: 'Critical path' })).not.toBeChecked();
  await expect(tree.locator('.critical')).toHaveCount(0);
  await page.getByRole('switch', { name: 'Critical path' }).click();
  await expect(tree.locator('.critical')).toHaveCount(13);
});

test('hovering a row shows one card with the whole name, service, kind, duration, self time and start', async ({ page }) => {
  const tree = await openShop(page);
  await tree.getByRole('treeitem', { name: /^product-service SELECT products/ }).hover();
  const card = page.getByRole('tooltip');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('SELECT products');
  await expect(card).toContainText(/Serviceproduct-service/);
  await expect(card).toContainText(/Kindclient · database/);
  await expect(card).toContainText(/Duration4\.5ms/);
  await expect(card).toContainText(/Self time4\.5ms/);
  await expect(card).toContainText(/Starts at\+34ms/);
  await tree.getByRole('treeitem').first().hover();
  await expect(card).toContainText(/Self time8\.3ms/); // 68 ms less its two calls (14 + 45.7 ms)
  await page.mouse.move(5, 5);
  await expect(card).toHaveCount(0);
});

test('the name column is resized with the keyboard and keeps its width', async ({ page }) => {
  const tree = await openShop(page);
  const handle = page.getByRole('separator', { name: 'Name column width' });
  const nameCell = tree.getByRole('treeitem').first().locator('.name-cell');
  const before = (await nameCell.boundingBox())!.width;
  await handle.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await nameCell.boundingBox())!.width).toBe(before + 80);
  await expect(handle).toHaveAttribute('aria-valuenow', String(before + 80));
  await page.reload();
  await expect.poll(async () => (await tree.getByRole('treeitem').first().locator('.name-cell').boundingBox())!.width).toBe(before + 80);
  await page.getByRole('separator', { name: 'Name column width' }).focus();
  await page.keyboard.press('Home');
  await expect(page.getByRole('separator', { name: 'Name column width' })).toHaveAttribute('aria-valuenow', '160');
});

test('rows show their child count on the toggle and icons for kind, database and error', async ({ page }, info) => {
  const tree = await openShop(page);
  const toggle = tree.getByRole('treeitem').first().getByRole('button', { name: 'collapse, 2 children' });
  expect(await toggle.evaluate((el) => getComputedStyle(el, '::after').content)).toBe('"2"');
  await expect(tree.getByRole('treeitem', { name: /^product-service SELECT products/ }).locator('use[href="#wf-icon-db"]')).toHaveCount(1);
  await expect(tree.getByRole('treeitem', { name: /^recommendation-service GET/ }).locator('use[href="#wf-icon-error"]')).toHaveCount(1);
  await expect(tree.getByRole('treeitem', { name: /^recommendation-service GET/ }).locator('.bar')).toHaveClass(/error/);
  await expect(tree.locator('use[href="#wf-icon-error"]')).toHaveCount(1);
  await page.evaluate(() => localStorage.setItem('spanscope.theme', 'dark'));
  await page.reload();
  await expect(tree.getByRole('treeitem')).toHaveCount(8);
  await tree.getByRole('treeitem', { name: /^product-service GET/ }).first().hover();
  await page.screenshot({ path: info.outputPath('shop-dark-hover.png') });
});

test('a 2,000-span trace: every row in view has its duration or says where it lies; zoomed, in both themes', async ({ page }, info) => {
  const traceId = 'feedf00d'.repeat(4);
  const spans = Array.from({ length: 200 }, (_, i) => syntheticTrace(i, 7, T0)).flat();
  const rootId = spans[0].spanId;
  const trace = spans.map((s, i) => ({ ...s, traceId, parentSpanId: i === 0 ? '' : s.parentSpanId === '' ? rootId : s.parentSpanId }));
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(trace))).status).toBe(200);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(serve.urls.ui);
  await page.goto(`${origin()}/traces/${traceId}`);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await expect(tree.getByRole('treeitem').first()).toBeVisible();
  const rows = tree.getByRole('treeitem');
  const count = await rows.count();
  expect(count).toBeLessThan(120);
  expect(await tree.locator('.duration').count()).toBe(count);
  await page.screenshot({ path: info.outputPath('2k-light.png') });
  const box = (await page.getByLabel(/Trace minimap/).boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + 20, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByText(/^\s*Showing/)).toBeVisible();
  expect((await tree.locator('.duration').count()) + (await tree.locator('.outside').count())).toBe(count);
  await expect(tree.locator('.outside.before').first()).toBeVisible();
  await page.evaluate(() => localStorage.setItem('spanscope.theme', 'dark'));
  await page.reload();
  await expect(tree.getByRole('treeitem').first()).toBeVisible();
  await page.screenshot({ path: info.outputPath('2k-dark.png') });
});

test('axe-core finds no serious or critical problem in the waterfall, in either theme, with the hover card open', async ({ page }) => {
  for (const theme of ['light', 'dark']) {
    await page.addInitScript((t) => localStorage.setItem('spanscope.theme', t), theme);
    const tree = await openShop(page);
    await tree.getByRole('treeitem', { name: /^product-service SELECT products/ }).click();
    await tree.getByRole('treeitem', { name: /^frontend GET/ }).first().hover();
    await expect(page.getByRole('tooltip')).toBeVisible();
    expect(await axeFindings(page, 'main'), theme).toEqual([]);
  }
});
