/** The comparison page: started from two ticked results or from the trace view, read top to bottom. */
import { expect, test } from '@playwright/test';
import type { Span } from '../../src-main/model/span';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { checkBothThemes } from '../helpers/page-checks';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { attrs, resource, span } from '../helpers/spans';

const MS = 1_000_000n;
const T0 = 1_700_000_000_000_000_000n;
const A = 'a1'.repeat(16);
const B = 'b2'.repeat(16);
let serve: ServeProcess;

/** A checkout: a users call and `inserts` INSERTs of `insertMs` each; B's users call fails. */
function checkout(traceId: string, userId: number, inserts: number, insertMs: bigint, start: bigint): Span[] {
  const root = `${traceId.slice(0, 2)}00000000000001`;
  const spans = [span({ traceId, spanId: root, name: 'POST /checkout', startTimeUnixNano: start, endTimeUnixNano: start + 200n * MS, resource: resource('checkout') })];
  spans.push(span({ traceId, spanId: `${traceId.slice(0, 2)}00000000000002`, parentSpanId: root, name: `GET /users/${userId}`, kind: 'CLIENT', startTimeUnixNano: start + MS, endTimeUnixNano: start + 20n * MS, resource: resource('checkout'), attributes: attrs({ 'http.status_code': userId === 7 ? '500' : '200' }), status: { code: userId === 7 ? 'ERROR' : 'UNSET', message: '' } }));
  for (let i = 0; i < inserts; i++) {
    const s = start + (30n + BigInt(i) * insertMs) * MS;
    spans.push(span({ traceId, spanId: `${traceId.slice(0, 2)}0000000000010${i}`, parentSpanId: root, name: 'INSERT order', kind: 'CLIENT', startTimeUnixNano: s, endTimeUnixNano: s + insertMs * MS, resource: resource('orders-db') }));
  }
  return spans;
}

test.beforeAll(async () => {
  serve = await startServe();
  const spans = [...checkout(A, 42, 2, 20n, T0), ...checkout(B, 7, 3, 40n, T0 + 1000n * MS)];
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans))).status).toBe(200);
});
test.afterAll(async () => {
  await serve.stop();
});

test('tick two results, compare: the summary names what took the time, rows are aligned and coloured', async ({ page }, info) => {
  await page.goto(serve.urls.ui);
  const list = page.getByRole('list', { name: 'Traces' });
  await list.getByRole('checkbox', { name: new RegExp(A) }).check();
  await list.getByRole('checkbox', { name: new RegExp(B) }).check();
  await page.getByRole('button', { name: 'Compare the two ticked traces' }).click();
  await expect(page).toHaveURL(new RegExp(`/compare/(${A}/${B}|${B}/${A})$`));
  await page.goto(`${new URL(serve.urls.ui).origin}/compare/${A}/${B}`); // A first, for the figures below
  await expect(page.getByText('4 matched (4 changed)')).toBeVisible();
  await expect(page.getByText('+1 added')).toBeVisible();
  await expect(page.getByText('A and B took the same time')).toBeVisible(); // the inserts took the root's own time
  // The contributors say what they are: self time, with a sign; calls only where their number changed.
  await expect(page.getByRole('heading', { name: 'Largest changes in self time' })).toBeVisible();
  const contributors = page.getByRole('list', { name: 'Largest changes in self time' });
  await expect(contributors.getByRole('listitem').first()).toHaveText(/^\+80ms\s*orders-db INSERT order\s*2 → 3 calls$/);
  await expect(contributors).not.toContainText('calls)');
  await expect(contributors.getByRole('listitem').nth(1)).toHaveText(/^−80ms\s*checkout POST \/checkout\s*$/); // one call each side: no count
  const grid = page.getByRole('treegrid', { name: 'Aligned spans' });
  const rows = grid.getByRole('row');
  await expect(rows).toHaveCount(5);
  // Same-named siblings are numbered; the added one is marked in words, not only in colour.
  await expect(rows.nth(2)).toHaveAttribute('aria-label', 'changed orders-db INSERT order #1 of 3');
  await expect(rows.nth(4)).toHaveAttribute('aria-label', 'added orders-db INSERT order #3 of 3');
  await expect(rows.nth(4)).toHaveClass(/added/);
  await expect(rows.nth(4)).toContainText('added');
  await expect(rows.nth(3)).toContainText('+20ms');
  // A contributor leads to its first changed row.
  await contributors.getByRole('button', { name: /INSERT order/ }).click();
  await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: 'Compared spans' })).toContainText('#1 of 3 of this name');

  await page.getByRole('checkbox', { name: 'only differences' }).check();
  await expect(rows).toHaveCount(5 - 0); // every row differs here: the root lost self time to the inserts
  await rows.nth(1).click();
  // The detail sits beside the rows, in the window.
  const detail = page.getByRole('region', { name: 'Compared spans' });
  await expect(detail).toContainText('GET /users/42');
  await expect(detail).toContainText('GET /users/7');
  await expect(detail.locator('tr.changed')).toHaveCount(1);
  await expect(detail.locator('tr.changed')).toContainText(/http\.status_code\s*200\s*500/);
  await expect(detail).toBeInViewport();
  const [gridBox, detailBox] = [await grid.boundingBox(), await detail.boundingBox()];
  expect(detailBox!.x).toBeGreaterThanOrEqual(gridBox!.x + gridBox!.width);
  // Arrow keys move the selection.
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true');
  await expect(detail).toContainText('#1 of 3');
  await checkBothThemes(page, info, 'compare');
});

test('swap A and B: the address, the sources and the signs of every change turn round', async ({ page }) => {
  const origin = new URL(serve.urls.ui).origin;
  await page.goto(serve.urls.ui);
  await page.goto(`${origin}/compare/${A}/${B}?aSource=live&bSource=live`);
  const contributors = page.getByRole('list', { name: 'Largest changes in self time' });
  const rows = page.getByRole('treegrid', { name: 'Aligned spans' }).getByRole('row');
  await expect(contributors.getByRole('listitem').filter({ hasText: 'INSERT' })).toContainText('+80ms');
  await expect(rows.nth(3)).toContainText('+20ms');
  await page.getByRole('button', { name: 'Swap A and B' }).click();
  await expect(page).toHaveURL(new RegExp(`/compare/${B}/${A}\\?bSource=live&aSource=live$`));
  await expect(page.getByText('−1 removed')).toBeVisible();
  await expect(contributors.getByRole('listitem').filter({ hasText: 'INSERT' })).toHaveText(/^−80ms\s*orders-db INSERT order\s*3 → 2 calls$/);
  await expect(rows.nth(3)).toContainText('−20ms');
  await expect(rows.nth(4)).toHaveAttribute('aria-label', 'removed orders-db INSERT order #3 of 3');
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/compare/${A}/${B}\\?`));
  await expect(contributors.getByRole('listitem').filter({ hasText: 'INSERT' })).toContainText('+80ms');
});

test('the trace view compares with another trace; a missing one says so', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/traces/${A}`);
  await page.getByRole('button', { name: 'Compare with another trace' }).click();
  await page.getByLabel('Trace to compare with').fill(B);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/compare/${A}/${B}\\?aSource=live&bSource=live$`));
  await expect(page.getByText('4 matched (4 changed)')).toBeVisible();
  await page.goto(`${new URL(serve.urls.ui).origin}/compare/${A}/${'ff'.repeat(16)}`);
  await expect(page.getByRole('alert')).toContainText(`trace ${'ff'.repeat(16)} is not in this store`);
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0); // trying again cannot find it
});

test('compare groups: remember one search as group A, compare it with another search', async ({ page }, info) => {
  const before = Array.from({ length: 6 }, (_, i) => checkout(`c${i}`.padEnd(32, '0'), 42, 2, 20n, T0 + BigInt(10_000 + i * 1000) * MS));
  const after = Array.from({ length: 6 }, (_, i) => checkout(`d${i}`.padEnd(32, '0'), 42, 3, 40n, T0 + BigInt(20_000 + i * 1000) * MS));
  // The two groups are the same endpoint before and after a deploy: the root span says which.
  const deploy = (spans: Span[], version: string) => spans.map((s) => (s.parentSpanId === '' ? { ...s, attributes: attrs({ deploy: version }) } : s));
  const spans = [...before.flatMap((t) => deploy(t, 'v1')), ...after.flatMap((t) => deploy(t, 'v2'))];
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans))).status).toBe(200);
  const origin = new URL(serve.urls.ui).origin;
  await page.goto(serve.urls.ui);
  await page.goto(`${origin}/search?attr=deploy=v1`);
  await expect(page.getByRole('list', { name: 'Traces' }).getByRole('link')).toHaveCount(6);
  await page.getByRole('button', { name: 'Remember these 6 traces as group A' }).click();
  await page.goto(`${origin}/search?attr=deploy=v2`);
  await expect(page.getByRole('list', { name: 'Traces' }).getByRole('link')).toHaveCount(6);
  await page.getByRole('button', { name: 'Compare group A (6) with these 6' }).click();
  await expect(page).toHaveURL(/\/compare-groups\?a=/);
  await expect(page.getByRole('heading', { name: 'Comparing 6 traces (A) with 6 (B)' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Aligned spans of the two groups' });
  const inserts = table.getByRole('row', { name: /orders-db INSERT order/ });
  const cells = (row: number) => inserts.nth(row).getByRole('cell');
  await expect(inserts.first()).toHaveAttribute('aria-label', 'changed orders-db INSERT order #1 of 3');
  await expect(cells(0)).toHaveText(['orders-db INSERT order #1 of 3', '20ms', '20ms', '6 of 6', '40ms', '40ms', '6 of 6', '+20ms']);
  await expect(inserts.nth(2)).toContainText('added');
  const contributors = page.getByRole('list', { name: 'Largest changes in median self time' });
  await expect(contributors.getByRole('listitem').first()).toHaveText(/^\+80ms\s*orders-db INSERT order\s*$/);
  await checkBothThemes(page, info, 'compare-groups');
  // Swapped, A is the later group: the address trades a= and b=, and the change turns round.
  const unswapped = new URL(page.url()).searchParams;
  await page.getByRole('button', { name: 'Swap A and B' }).click();
  await expect(cells(0)).toHaveText(['orders-db INSERT order #1 of 3', '40ms', '40ms', '6 of 6', '20ms', '20ms', '6 of 6', '−20ms']);
  const swapped = new URL(page.url()).searchParams;
  expect(swapped.getAll('a')).toEqual(unswapped.getAll('b'));
  expect(swapped.getAll('b')).toEqual(unswapped.getAll('a'));
  await expect(inserts.nth(2)).toContainText('removed');
});

test('compare groups without groups explains how to make them, without an error', async ({ page }, info) => {
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/compare-groups`);
  const empty = page.getByRole('region', { name: 'No groups to compare' });
  await expect(empty).toContainText('keep them as group A');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await checkBothThemes(page, info, 'compare-groups-empty');
  await empty.getByRole('link', { name: 'Go to Search' }).click();
  await expect(page.getByRole('list', { name: 'Traces' })).toBeVisible();
});
