/** The UI against a real `spanscope serve`: search, open a trace, read a span's detail, hostile text shown as text. */
import { expect, test } from '@playwright/test';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { attrs, resource, span } from '../helpers/spans';

const TRACE = 'c0ffee00'.repeat(4);
const XSS = '<img src=x onerror="window.__xss=1">';
let serve: ServeProcess;

test.beforeAll(async () => {
  serve = await startServe();
  const t0 = 1_700_000_000_000_000_000n;
  const frontend = resource('frontend');
  const backend = resource('backend');
  const spans = [
    span({ traceId: TRACE, spanId: 'a1'.repeat(8), name: 'GET /checkout', startTimeUnixNano: t0, endTimeUnixNano: t0 + 100_000_000n, resource: frontend }),
    span({
      traceId: TRACE,
      spanId: 'b2'.repeat(8),
      parentSpanId: 'a1'.repeat(8),
      name: 'SELECT orders',
      kind: 'CLIENT',
      startTimeUnixNano: t0 + 10_000_000n,
      endTimeUnixNano: t0 + 60_000_000n,
      resource: backend,
      attributes: attrs({ 'db.system': 'postgres', 'db.statement': XSS }),
      status: { code: 'ERROR', message: 'deadlock' },
    }),
  ];
  const res = await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans));
  expect(res.status).toBe(200);
});

test.afterAll(async () => {
  await serve.stop();
});

test('search by service, open the trace, read a span in the waterfall', async ({ page }, info) => {
  await page.goto(serve.urls.ui);
  await expect(page).toHaveURL(/\/$/); // the token left the address
  await page.getByRole('button', { name: 'Show the choices of Service' }).click();
  await page.getByRole('option', { name: 'backend', exact: true }).click();
  await page.getByRole('button', { name: 'Find traces' }).click();
  await expect(page).toHaveURL(/\/search\?service=backend/);
  const result = page.getByRole('list', { name: 'Traces' }).getByRole('link');
  await expect(result).toHaveCount(1);
  await expect(result).toContainText('frontend: GET /checkout');
  const scatter = page.getByRole('img', { name: /1 trace by start time and duration/ });
  await expect(scatter.locator('canvas')).toBeVisible();
  await page.screenshot({ path: info.outputPath('search.png') });

  // The press on the link starts loading the trace; the trace page takes that answer instead of asking again.
  const waterfallAsks: string[] = [];
  page.on('request', (request) => request.url().includes(`/traces/${TRACE}/waterfall`) && waterfallAsks.push(request.url()));
  await result.click();
  await expect(page).toHaveURL(new RegExp(`/traces/${TRACE}$`));
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await expect(tree.getByRole('treeitem')).toHaveCount(2);
  expect(waterfallAsks).toHaveLength(1);
  await tree.getByRole('treeitem', { name: 'backend SELECT orders' }).click();
  const detail = page.getByRole('region', { name: 'Span detail' });
  await expect(detail).toContainText('SELECT orders');
  await expect(detail).toContainText('ERROR: deadlock');
  await expect(detail).toContainText(XSS); // shown as text
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await page.screenshot({ path: info.outputPath('trace.png') });
});

test('collapse hides a subtree; keyboard moves the selection', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/traces/${TRACE}`);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await tree.getByRole('treeitem', { name: 'frontend GET /checkout' }).click();
  await tree.press('ArrowLeft');
  await expect(tree.getByRole('treeitem')).toHaveCount(1);
  await tree.press('ArrowRight');
  await tree.press('ArrowDown');
  await expect(tree.getByRole('treeitem', { name: 'backend SELECT orders' })).toHaveAttribute('aria-selected', 'true');
});

test('find in trace: "/" focuses it, matches are counted, Enter selects the next and opens collapsed parents', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/traces/${TRACE}`);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await tree.getByRole('treeitem', { name: 'frontend GET /checkout' }).click();
  await tree.press('ArrowLeft'); // collapse: the database span is hidden
  await expect(tree.getByRole('treeitem')).toHaveCount(1);
  await page.keyboard.press('/');
  const find = page.getByRole('searchbox', { name: 'Find in trace' });
  await expect(find).toBeFocused();
  await find.fill('postgres');
  await expect(page.getByText('1 of 1')).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'backend SELECT orders' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: 'Span detail' })).toContainText('db.system');
});

test('a link with ?span= opens the trace with that span selected', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/traces/${TRACE}?span=${'b2'.repeat(8)}`);
  await expect(page.getByRole('region', { name: 'Span detail' })).toContainText('SELECT orders');
});

test('late spans appear in the open trace without losing the selection', async ({ page }) => {
  const traceId = 'facade00'.repeat(4);
  const t0 = 1_700_000_000_000_000_000n;
  const root = span({ traceId, spanId: 'c3'.repeat(8), name: 'POST /pay', startTimeUnixNano: t0, endTimeUnixNano: t0 + 50_000_000n, resource: resource('payments') });
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([root]))).status).toBe(200);
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/traces/${traceId}`);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await tree.getByRole('treeitem', { name: 'payments POST /pay' }).click();
  await expect(tree.getByRole('treeitem')).toHaveCount(1);
  const late = span({ traceId, spanId: 'd4'.repeat(8), parentSpanId: 'c3'.repeat(8), name: 'charge card', startTimeUnixNano: t0 + 5_000_000n, endTimeUnixNano: t0 + 45_000_000n, resource: resource('payments') });
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([late]))).status).toBe(200);
  await expect(tree.getByRole('treeitem')).toHaveCount(2);
  await expect(tree.getByRole('treeitem', { name: 'payments POST /pay' })).toHaveAttribute('aria-selected', 'true');
});

test('the search list shows new traces as they arrive, unless paused', async ({ page }) => {
  await page.goto(serve.urls.ui);
  const list = page.getByRole('list', { name: 'Traces' });
  await expect(list.getByRole('link').first()).toBeVisible();
  const t0 = 1_800_000_000_000_000_000n;
  const fresh = span({ traceId: 'beef0000'.repeat(4), spanId: 'e5'.repeat(8), name: 'GET /live', startTimeUnixNano: t0, endTimeUnixNano: t0 + 1_000_000n, resource: resource('live-svc') });
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([fresh]))).status).toBe(200);
  await expect(list).toContainText('live-svc: GET /live');

  // Paused, the page stops listening: its event stream closes, so nothing can bring the next trace into the list.
  const eventStreams = async () => (await serve.api<{ eventStreams: number }>('/status')).body.eventStreams;
  const listening = await eventStreams();
  await page.getByRole('checkbox', { name: 'live', exact: true }).uncheck();
  await expect.poll(eventStreams).toBe(listening - 1);
  const paused = span({ traceId: 'beef1111'.repeat(4), spanId: 'f6'.repeat(8), name: 'GET /paused', startTimeUnixNano: t0 + 1n, endTimeUnixNano: t0 + 2_000_000n, resource: resource('live-svc') });
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([paused]))).status).toBe(200);
  await expect(list).not.toContainText('GET /paused');
});

test('a 100,000-span trace: a few hundred rows in the page, End reaches the last span, collapse all leaves the root', async ({ page }) => {
  const traceId = 'b16b16b1'.repeat(4);
  const t0 = 1_700_000_100_000_000_000n;
  const svc = resource('bulk');
  const rootId = '10'.repeat(8);
  const spans = [span({ traceId, spanId: rootId, name: 'batch job', startTimeUnixNano: t0, endTimeUnixNano: t0 + 100_001_000n, resource: svc })];
  for (let i = 1; i < 100_000; i++) {
    const id = i.toString(16).padStart(16, '0');
    spans.push(span({ traceId, spanId: id, parentSpanId: rootId, name: `step ${i}`, startTimeUnixNano: t0 + BigInt(i) * 1000n, endTimeUnixNano: t0 + BigInt(i) * 1000n + 900n, resource: svc }));
  }
  for (let i = 0; i < spans.length; i += 10_000) {
    expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans.slice(i, i + 10_000)))).status).toBe(200);
  }
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/traces/${traceId}`);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await tree.getByRole('treeitem', { name: 'bulk batch job' }).click();
  expect(await tree.getByRole('treeitem').count()).toBeLessThan(300);
  await tree.press('End');
  await expect(tree.getByRole('treeitem', { name: 'bulk step 99999' })).toHaveAttribute('aria-selected', 'true');
  await expect(tree.getByRole('treeitem', { name: 'bulk step 99999' })).toBeInViewport();
  expect(await tree.getByRole('treeitem').count()).toBeLessThan(300);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: 'Span detail' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(tree.getByRole('treeitem')).toHaveCount(1);

  // The span table holds them all too, rendering only the rows in view.
  await page.getByRole('tab', { name: 'Spans' }).click();
  const table = page.getByRole('table', { name: 'Spans' });
  await expect(table).toHaveAttribute('aria-rowcount', '100001');
  expect(await table.getByRole('row').count()).toBeLessThan(100);
  await table.getByRole('button', { name: 'Start' }).click();
  await table.getByRole('row', { name: /batch job/ }).click();
  await page.keyboard.press('End');
  await expect(page).toHaveURL(new RegExp(`\\?span=${(99_999).toString(16).padStart(16, '0')}$`));
  await expect(table.getByRole('row', { name: /step 99999/ })).toBeInViewport();
});

test('the theme follows the system and can be switched, and the choice is remembered', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.goto(serve.urls.ui);
  await expect.poll(background).toBe('rgb(19, 21, 25)');
  await page.goto(`${new URL(serve.urls.ui).origin}/traces/${TRACE}?span=${'b2'.repeat(8)}`);
  await page.screenshot({ path: test.info().outputPath('trace-dark.png') });
  await page.getByLabel('Theme').click();
  await page.getByRole('option', { name: 'Light' }).click();
  await expect.poll(background).toBe('rgb(248, 249, 251)');
  await page.reload();
  await expect.poll(background).toBe('rgb(248, 249, 251)');
  await context.close();
});

test('a custom time range in the address selects the traces that started in it', async ({ page }) => {
  await page.goto(serve.urls.ui);
  const origin = new URL(serve.urls.ui).origin;
  const list = page.getByRole('list', { name: 'Traces' });
  await page.goto(`${origin}/search?start=1699999990000&end=1700000010000`); // around the checkout trace
  await expect(page.getByRole('combobox', { name: 'Time range' })).toHaveText('Custom range…');
  await expect(list).toContainText('frontend: GET /checkout');
  await page.goto(`${origin}/search?start=1420070400000&end=1420074000000`); // 2015
  await expect(page.getByText('0 traces')).toBeVisible();
  await expect(page.getByRole('region', { name: 'No traces match' })).toContainText('Widen or clear the time range');
});

test('an unknown trace id says it is not in this store', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/traces/${'0'.repeat(31)}9`);
  await expect(page.getByRole('heading')).toContainText('is not in this store');
});

test('a malformed trace id says what is wrong, with no Retry (asking again cannot help)', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/traces/not-a-trace-id`);
  await expect(page.getByRole('alert')).toContainText('Could not load trace not-a-trace-id');
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
});
