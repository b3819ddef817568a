/** The trace view's minimap, the "receiving" marks, a clock-skewed Zipkin trace, and a broken API answer. */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { resource, span } from '../helpers/spans';

let serve: ServeProcess;
const origin = () => new URL(serve.urls.ui).origin;
const T0 = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;

test.beforeAll(async () => {
  serve = await startServe();
});
test.afterAll(async () => {
  await serve.stop();
});

test('dragging across the minimap shows that time range; a button shows the whole trace again', async ({ page }, info) => {
  const traceId = 'aa11aa11'.repeat(4);
  const web = resource('web');
  const db = resource('db');
  const spans = [span({ traceId, spanId: '01'.repeat(8), name: 'GET /report', startTimeUnixNano: T0, endTimeUnixNano: T0 + 1000n * MS, resource: web })];
  for (let i = 0; i < 40; i++) {
    const start = T0 + BigInt(i * 25) * MS;
    spans.push(span({ traceId, spanId: (i + 2).toString(16).padStart(16, '0'), parentSpanId: '01'.repeat(8), name: `query ${i}`, startTimeUnixNano: start, endTimeUnixNano: start + 20n * MS, resource: db }));
  }
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans))).status).toBe(200);
  await page.goto(serve.urls.ui);
  await page.goto(`${origin()}/traces/${traceId}`);
  const minimap = page.getByLabel(/Trace minimap/);
  await expect(minimap).toHaveAttribute('data-drawn-rects', /^[1-9]/);
  const box = (await minimap.boundingBox())!;
  // Drag over the second quarter of the trace: 250 ms – 500 ms.
  await page.mouse.move(box.x + box.width * 0.25, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, box.y + 20, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.5, box.y + 20, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByText(/Showing 250ms – 500ms of 1s/)).toBeVisible();
  // A span inside the range fills the bar column's width share; the root now spans past both edges.
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  const rowOf = (name: string) => tree.getByRole('treeitem', { name: new RegExp(`^${name},`) });
  const barOf = (name: string) => rowOf(name).locator('.bar');
  const query12 = await barOf('db query 12').evaluate((el) => [parseFloat((el as HTMLElement).style.left), (el as HTMLElement).style.width]);
  expect(query12[0]).toBeCloseTo(20, 5); // 300 ms is 20% into 250–500 ms
  expect(query12[1]).toMatch(/max\(2px, 8(\.0+\d*)?%\)/); // 20 ms of 250 ms
  // Rows outside the range say where their span lies instead of showing nothing.
  await expect(rowOf('db query 2')).toContainText('← 50ms – 70ms, before the range');
  await expect(rowOf('db query 2').locator('.bar')).toHaveCount(0);
  await tree.getByRole('treeitem', { name: /^db query 30,/ }).scrollIntoViewIfNeeded();
  await expect(rowOf('db query 30')).toContainText('after the range, at 750ms →');
  await page.screenshot({ path: info.outputPath('minimap-zoomed.png') });
  await page.getByRole('button', { name: 'Show the whole trace' }).click();
  await expect(page.getByText(/Showing/)).toHaveCount(0);
  expect(parseFloat(await barOf('db query 12').evaluate((el) => (el as HTMLElement).style.left))).toBeCloseTo(30, 5);
});

test('a click on the minimap scrolls the waterfall to the rows at that height', async ({ page }) => {
  const traceId = 'bb22bb22'.repeat(4);
  const svc = resource('batch');
  const spans = [span({ traceId, spanId: '02'.repeat(8), name: 'job', startTimeUnixNano: T0, endTimeUnixNano: T0 + 3000n * MS, resource: svc })];
  for (let i = 1; i < 3000; i++) {
    spans.push(span({ traceId, spanId: (i + 0x100).toString(16).padStart(16, '0'), parentSpanId: '02'.repeat(8), name: `item ${i}`, startTimeUnixNano: T0 + BigInt(i) * MS, endTimeUnixNano: T0 + BigInt(i + 1) * MS, resource: svc }));
  }
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans))).status).toBe(200);
  await page.goto(serve.urls.ui);
  await page.goto(`${origin()}/traces/${traceId}`);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await expect(tree.getByRole('treeitem', { name: 'batch job' })).toBeVisible();
  const box = (await page.getByLabel(/Trace minimap/).boundingBox())!;
  await page.mouse.click(box.x + 5, box.y + box.height * 0.9);
  await expect(tree.getByRole('treeitem', { name: /^batch item 2700,/ })).toBeInViewport();
  await expect(tree.getByRole('treeitem', { name: /^batch job/ })).toHaveCount(0);
});

test('a trace receiving spans is marked in the list and in its header until it goes quiet', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await expect(page.getByText(/^\d+ traces?$/)).toBeVisible();
  const traceId = 'cc33cc33'.repeat(4);
  const now = BigInt(Date.now()) * MS;
  const fresh = span({ traceId, spanId: '03'.repeat(8), name: 'GET /fresh', startTimeUnixNano: now, endTimeUnixNano: now + MS, resource: resource('fresh-svc') });
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([fresh]))).status).toBe(200);
  const item = page.getByRole('list', { name: 'Traces' }).getByRole('link', { name: /fresh-svc: GET \/fresh/ });
  await expect(item).toContainText('receiving');
  await item.click();
  await expect(page.getByText('receiving spans')).toBeVisible();
  await expect(page.getByText('receiving spans')).toHaveCount(0, { timeout: 10_000 });
});

test('a Zipkin trace with clock skew: the early child is drawn where it is and flagged', async ({ page }, info) => {
  const skew = readFileSync(join(__dirname, '..', 'fixtures', 'zipkin-lens', 'skew.json'));
  const res = await fetch(`${serve.urls.zipkin}/api/v2/spans`, { method: 'POST', body: skew, headers: { 'Content-Type': 'application/json' } });
  expect(res.status).toBe(202);
  await page.goto(serve.urls.ui);
  await page.goto(`${origin()}/traces/1e223ff1f80f1c69`);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await expect(tree.getByRole('treeitem')).toHaveCount(4);
  const server = tree.getByRole('treeitem', { name: 'serviceb post' });
  await expect(server).toHaveAttribute('aria-level', '3'); // get → post (client) → post (server)
  await expect(server.getByText('skew', { exact: true })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'servicea get' }).getByText('skew', { exact: true })).toHaveCount(0);
  // Drawn where it is: the server half's bar starts left of its parent's.
  const left = (name: string) => tree.getByRole('treeitem', { name }).locator('.bar').evaluate((el) => parseFloat((el as HTMLElement).style.left));
  expect(await left('serviceb post')).toBeLessThan(await left('servicea post'));
  await page.screenshot({ path: info.outputPath('skew.png') });
});

test('a Kafka trace: consumers that run after their producer ended are not flagged as skew', async ({ page }) => {
  const kafka = readFileSync(join(__dirname, '..', 'fixtures', 'zipkin-lens', 'messaging-kafka.json'));
  const res = await fetch(`${serve.urls.zipkin}/api/v2/spans`, { method: 'POST', body: kafka, headers: { 'Content-Type': 'application/json' } });
  expect(res.status).toBe(202);
  await page.goto(serve.urls.ui);
  await page.goto(`${origin()}/traces/0562809467078eab`);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await expect(tree.getByRole('treeitem')).toHaveCount(28);
  await expect(tree.getByRole('treeitem', { name: /^serviceb poll/ }).first()).toBeVisible();
  await expect(tree.getByText('skew', { exact: true })).toHaveCount(0);
});

test('a broken API answer shows an error with a retry, never a blank page', async ({ page }) => {
  const traceId = 'dd44dd44'.repeat(4);
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([span({ traceId, spanId: '04'.repeat(8), name: 'GET /ok', startTimeUnixNano: T0, endTimeUnixNano: T0 + MS, resource: resource('api') })]))).status).toBe(200);
  await page.goto(serve.urls.ui);
  let failures = 1;
  await page.route('**/waterfall', (route) => (failures-- > 0 ? route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>oops</h1>' }) : route.continue()));
  await page.goto(`${origin()}/traces/${traceId}`);
  await expect(page.getByRole('alert')).toContainText('the server answered 500');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('tree', { name: 'Trace waterfall' }).getByRole('treeitem', { name: 'api GET /ok' })).toBeVisible();
});

test('span detail: events at their offsets, dropped counts; a link is followed when its trace is in the store', async ({ page }, info) => {
  const target = 'ee55ee55'.repeat(4);
  const source = 'ff66ff66'.repeat(4);
  const link = (traceId: string, spanId: string) => ({ traceId, spanId, traceState: '', flags: 0, attributes: Object.create(null), droppedAttributesCount: 0 });
  const spans = [
    span({ traceId: target, spanId: '05'.repeat(8), name: 'consume', startTimeUnixNano: T0, endTimeUnixNano: T0 + MS, resource: resource('worker') }),
    span({
      traceId: source,
      spanId: '06'.repeat(8),
      name: 'publish',
      startTimeUnixNano: T0,
      endTimeUnixNano: T0 + 10n * MS,
      resource: resource('api'),
      events: [{ timeUnixNano: T0 + 4n * MS, name: 'queued', attributes: Object.assign(Object.create(null), { 'queue.depth': 3n }), droppedAttributesCount: 0 }],
      links: [link(target, '05'.repeat(8)), link('0123456789abcdef'.repeat(2), '07'.repeat(8))],
      droppedAttributesCount: 3,
      droppedEventsCount: 1,
      droppedLinksCount: 2,
    }),
  ];
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans))).status).toBe(200);
  await page.goto(serve.urls.ui);
  await page.goto(`${origin()}/traces/${source}?span=${'06'.repeat(8)}`);
  const detail = page.getByRole('region', { name: 'Span detail' });
  await expect(detail.getByRole('heading', { name: 'queued at +4ms' })).toBeVisible();
  await expect(detail).toContainText('queue.depth');
  await expect(detail).toContainText('3 attributes, 1 event, 2 links dropped');
  await detail.screenshot({ path: info.outputPath('span-detail-dropped.png') });
  await expect(detail).toContainText(`${'0123456789abcdef'.repeat(2)} / ${'07'.repeat(8)} (not in this store)`);
  await detail.getByRole('link', { name: `${target} / ${'05'.repeat(8)}` }).click();
  await expect(page).toHaveURL(new RegExp(`/traces/${target}\\?span=${'05'.repeat(8)}$`));
  await expect(page.getByRole('treeitem', { name: 'worker consume' })).toHaveAttribute('aria-selected', 'true');
});
