/** The service map page and the trace's map tab, against spans of a web → items call and a database query. */
import { expect, test } from '@playwright/test';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import type { Span } from '../../src-main/model/span';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { attrs, hexId, resource, span } from '../helpers/spans';

const MS = 1_000_000n;
let serve: ServeProcess;
let lastTrace = '';

function callTrace(n: number, error: boolean): Span[] {
  const traceId = hexId(16);
  lastTrace = traceId;
  const t0 = BigInt(Date.now() - 60_000) * MS + BigInt(n) * MS;
  const root = hexId(8);
  const client = hexId(8);
  return [
    span({ traceId, spanId: root, name: 'GET /cart', kind: 'SERVER', startTimeUnixNano: t0, endTimeUnixNano: t0 + 100n * MS, resource: resource('web') }),
    span({ traceId, spanId: client, parentSpanId: root, name: 'GET /items', kind: 'CLIENT', startTimeUnixNano: t0 + 10n * MS, endTimeUnixNano: t0 + 60n * MS, resource: resource('web') }),
    span({ traceId, spanId: hexId(8), parentSpanId: client, name: 'GET /items', kind: 'SERVER', startTimeUnixNano: t0 + 12n * MS, endTimeUnixNano: t0 + 58n * MS, resource: resource('items'), status: { code: error ? 'ERROR' : 'UNSET', message: '' } }),
    span({ traceId, spanId: hexId(8), parentSpanId: root, name: 'SELECT', kind: 'CLIENT', startTimeUnixNano: t0 + 70n * MS, endTimeUnixNano: t0 + 75n * MS, resource: resource('web'), attributes: attrs({ 'db.system': 'postgresql' }) }),
  ];
}

test.beforeAll(async () => {
  serve = await startServe();
  const spans = Array.from({ length: 10 }, (_, i) => callTrace(i, i % 5 === 0)).flat();
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans))).status).toBe(200);
});
test.afterAll(async () => {
  await serve.stop();
});

test('the map shows who calls whom, as a graph and as tables; a call opens the traces that hold it', async ({ page }, info) => {
  await page.goto(serve.urls.ui);
  await page.getByRole('link', { name: 'Map', exact: true }).click();
  await expect(page).toHaveURL(/\/map$/);
  await expect(page.getByRole('group', { name: /^Service map: 3 nodes and 2 calls/ }).getByRole('button', { name: /^items, service/ })).toBeVisible();
  const calls = page.getByRole('table', { name: 'Calls' });
  await expect(calls.getByRole('row')).toHaveCount(3); // header + two calls
  await expect(calls).toContainText('web');
  await expect(calls).not.toContainText('service:'); // names, not ids
  await expect(calls.getByRole('row', { name: /^web items service/ })).toContainText('10');
  await expect(calls.getByRole('row', { name: /^web items service/ })).toContainText('2 (20%)'); // errors
  await expect(page.getByRole('table', { name: 'Services and peers' }).getByRole('row', { name: /postgresql database/ })).toBeVisible();
  await page.screenshot({ path: info.outputPath('service-map.png') });

  await calls.getByRole('link', { name: 'items' }).click();
  await expect(page).toHaveURL(/\/search\?call=service%3Aweb%3Eservice%3Aitems&lookback=1h$/);
  await expect(page.getByText('Traces with the call service:web → service:items')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Traces' }).getByRole('link')).toHaveCount(10);
});

test('a service on the map opens its search over the map\'s range; the time range narrows the map', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/map`);
  await page.getByRole('table', { name: 'Services and peers' }).getByRole('link', { name: 'items' }).click();
  await expect(page).toHaveURL(/\/search\?service=items&lookback=1h$/);
  await page.goto(`${new URL(serve.urls.ui).origin}/map`);
  await page.getByRole('combobox', { name: 'Time range' }).click();
  await page.getByRole('option', { name: 'Last 15 minutes' }).click();
  await expect(page).toHaveURL(/\/map\?lookback=15m$/);
  await expect(page.getByRole('table', { name: 'Calls' }).getByRole('row')).toHaveCount(3); // the spans started a minute ago
});

test('the trace view has a map tab with the calls of that trace', async ({ page }, info) => {
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/traces/${lastTrace}`);
  await page.getByRole('tab', { name: 'Map' }).click();
  const calls = page.getByRole('table', { name: 'Calls' });
  await expect(calls.getByRole('row')).toHaveCount(3);
  await expect(calls.getByRole('row', { name: /^web items service/ })).toContainText('1');
  await expect(page.getByRole('group', { name: /^Service map: 3 nodes and 2 calls/ })).toContainText('1 call · p50');
  await page.screenshot({ path: info.outputPath('trace-map-tab.png') });
  await page.getByRole('tab', { name: 'Waterfall' }).click();
  await expect(page.getByRole('tree', { name: 'Trace waterfall' })).toBeVisible();
});
