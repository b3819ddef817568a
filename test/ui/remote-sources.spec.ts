/**
 * Remote sources in the UI: the add dialog (backend, address, a bearer token), a replayed Zipkin searched and a trace
 * opened, the filter its backend could not apply said under the search, an unreachable one named; axe-core on both.
 * The replayed answers are openzipkin/zipkin `zipkin-lens/testdata/yelp.json` in the shapes of `zipkin2-api.yaml`.
 */
import { expect, test } from '@playwright/test';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { axeFindings } from '../helpers/page-checks';
import { fixture, replayServer, type ReplayServer } from '../helpers/replay-server';
import { startServe, type ServeProcess } from '../helpers/serve-process';

const yelp = fixture('zipkin-lens/yelp.json');
let serve: ServeProcess;
let zipkin: ReplayServer;

test.beforeAll(async () => {
  zipkin = await replayServer({
    '/api/v2/services': { body: ['mobile_api', 'routing'] },
    '/api/v2/spans': { body: ['get', 'post'] },
    '/api/v2/traces': { body: [yelp] },
    '/api/v2/trace/a03ee8fff1dcd9b9': { body: yelp },
  });
  serve = await startServe();
  // The same trace in the live store, to compare the remote one with.
  const imported = await serve.api('/import?name=yelp.json', { method: 'POST', body: JSON.stringify(yelp) });
  expect(imported.status).toBe(200);
});
test.afterAll(async () => {
  await serve.stop();
  await zipkin.close();
});

async function addRemote(page: import('@playwright/test').Page, backend: string, address: string, token?: string) {
  await page.getByRole('button', { name: 'Add remote source…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a remote source' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Backend' }).click();
  await page.getByRole('option', { name: backend }).click();
  await dialog.getByRole('textbox', { name: 'Address' }).fill(address);
  if (token) {
    await dialog.getByRole('combobox', { name: 'Credentials' }).click();
    await page.getByRole('option', { name: 'Bearer token' }).click();
    await dialog.getByLabel('Token').fill(token);
  }
  return dialog;
}

test('add a Zipkin by its address and a token: search it, see what it could not filter, open a trace, compare it with the live copy', async ({ page }) => {
  await page.goto(serve.urls.ui);
  const dialog = await addRemote(page, 'Zipkin', zipkin.url, 's3cret');
  expect(await axeFindings(page, '[role="dialog"]')).toEqual([]);
  await dialog.getByRole('button', { name: 'Add source' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/\/\?source=r\d+$/);
  await expect(page.getByText(/^Looking at Zipkin 127\.0\.0\.1:\d+ \(remote, read-only\), not the live store\.$/)).toBeVisible();
  const list = page.getByRole('list', { name: 'Traces' });
  await expect(list.getByRole('link')).toHaveCount(1);
  expect(zipkin.requests.some((r) => r.headers.authorization === 'Bearer s3cret')).toBe(true);
  expect(await page.content()).not.toContain('s3cret');

  const source = new URL(page.url()).searchParams.get('source');
  await page.goto(`${new URL(serve.urls.ui).origin}/search?spanKind=server&source=${source}`);
  const note = page.getByRole('note', { name: 'Filters not applied' });
  await expect(note).toContainText('the span kind is not a Zipkin search filter');
  await expect(list.getByRole('link')).toHaveCount(1);
  expect(await axeFindings(page)).toEqual([]);

  await list.getByRole('link').click();
  await expect(page).toHaveURL(/\/traces\/0000000000000000a03ee8fff1dcd9b9\?source=r\d+$/);
  await expect(page.getByRole('tree', { name: 'Trace waterfall' }).getByRole('treeitem')).toHaveCount(16);

  // The main use: the remote trace beside a local one.
  await page.getByRole('button', { name: 'Compare with another trace' }).click();
  await page.getByLabel('Trace to compare with').fill('0000000000000000a03ee8fff1dcd9b9');
  await page.getByRole('combobox', { name: 'Its source' }).click();
  await page.getByRole('listbox').getByRole('option', { name: /^Live/ }).click();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page).toHaveURL(/\/compare\/0000000000000000a03ee8fff1dcd9b9\/0000000000000000a03ee8fff1dcd9b9\?aSource=(r\d+)&bSource=live&source=\1$/);
  await expect(page.getByText(/^16 matched/)).toBeVisible();
});

test('an address nothing answers at is added with the reason it cannot be reached; checked again once it answers', async ({ page }) => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  await page.goto(serve.urls.ui);
  const dialog = await addRemote(page, 'Grafana Tempo', `http://127.0.0.1:${port}`);
  await dialog.getByRole('button', { name: 'Add source' }).click();
  const sentence = `Tempo at http://127.0.0.1:${port} cannot be reached: connection refused`;
  await expect(page.getByRole('alert').filter({ hasText: sentence }).first()).toBeVisible();
  expect(await axeFindings(page)).toEqual([]);

  await page.getByRole('link', { name: 'Settings' }).click();
  const table = page.getByRole('table', { name: 'Remote sources' });
  const row = table.getByRole('row', { name: new RegExp(`Tempo 127\\.0\\.0\\.1:${port}`) });
  await expect(row).toContainText(sentence);
  expect(await axeFindings(page)).toEqual([]);
  // Tempo comes up at that address (its documented tag names): asked again, the source answers.
  const tempo = await replayServer({ '/api/v2/search/tags': { body: fixture('remote/tempo-search-tags-v2.json') }, '/api/v2/search/tag/resource.service.name/values': { body: fixture('remote/tempo-tag-values-v2.json') } }, port);
  try {
    await row.getByRole('button', { name: 'Check again' }).click();
    await expect(row).toContainText('answering');
  } finally {
    await tempo.close();
  }
});
