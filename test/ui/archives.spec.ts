/** Opening trace files in the UI: drop one on the window, see its traces apart from live, save, import, close. */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFile } from '../helpers/drop-file';
import { startServe, type ServeProcess } from '../helpers/serve-process';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'zipkin-lens', name), 'utf8');
let serve: ServeProcess;

test.beforeAll(async () => {
  serve = await startServe();
});
test.afterAll(async () => {
  await serve.stop();
});

test('drop a Zipkin file: its traces show as a source of their own; save one; back to live it is not there', async ({ page }, info) => {
  await page.goto(serve.urls.ui);
  const waterfalls: string[] = [];
  page.on('request', (request) => /\/api\/traces\/[0-9a-f]+\/waterfall/.test(request.url()) && waterfalls.push(request.url()));
  await dropFile(page, 'smartthings.json', fixture('smartthings-mobile-web-install.json'), () => expect(page.getByText('Drop a trace or logs file to open it')).toBeVisible());
  await expect(page.getByRole('status')).toHaveText('smartthings.json: zipkin-json, 1 trace, 957 spans');
  await expect(page).toHaveURL(/\/\?source=f\d+$/);
  await expect(page.getByText('Looking at the file smartthings.json (zipkin-json), not the live store.')).toBeVisible();
  const list = page.getByRole('list', { name: 'Traces' });
  await expect(list.getByRole('link')).toHaveCount(1);
  await page.screenshot({ path: info.outputPath('file-source.png') });
  // The file's one trace starts loading as its row is drawn, before it is clicked; the trace page takes that answer.
  await expect.poll(() => waterfalls.length).toBe(1);
  expect(waterfalls[0]).toMatch(/\/api\/traces\/000000000000000014b60fd9ae504820\/waterfall\?source=f\d+$/);

  await list.getByRole('link').click();
  await expect(page).toHaveURL(/\/traces\/000000000000000014b60fd9ae504820\?source=f\d+$/);
  await expect(page.getByText('957 spans', { exact: true })).toBeVisible();
  expect(waterfalls).toHaveLength(1);
  // The selection goes into the address and the source stays in it.
  await page.getByRole('tree', { name: 'Trace waterfall' }).getByRole('treeitem').nth(1).click();
  await expect(page).toHaveURL(/\/traces\/000000000000000014b60fd9ae504820\?span=[0-9a-f]{16}&source=f\d+$/);
  await page.getByRole('button', { name: 'Save…' }).click();
  await page.getByRole('combobox', { name: 'Save format' }).click();
  await page.getByRole('option', { name: 'Zipkin JSON' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Save trace' }).click()]);
  expect(download.suggestedFilename()).toBe('trace-000000000000000014b60fd9ae504820.zipkin.json');
  const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as unknown[];
  expect(saved).toHaveLength(957);

  await page.getByLabel('Source', { exact: true }).click();
  await page.getByRole('listbox').getByRole('option', { name: /^Live/ }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('Looking at the file')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'No traces yet' })).toBeVisible(); // the live store is empty
});

test('an opened file\'s page shows its own traces, never the live store\'s "no traces" or "no match" in between', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await expect(page.getByRole('region', { name: 'No traces yet' })).toBeVisible(); // the live store is empty
  // Everything the results section showed once the page was the file's, as the page drew it.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
    new MutationObserver(() => {
      if (location.search.includes('source=')) seen.push(document.querySelector('[aria-label="Results"]')?.textContent ?? '');
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.getByLabel('Trace file to open').setInputFiles({ name: 'yelp.json', mimeType: 'application/json', buffer: Buffer.from(fixture('yelp.json')) });
  await expect(page.getByRole('list', { name: 'Traces' }).getByRole('link')).toHaveCount(1);
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.filter((text) => text.includes('No traces match') || text.includes('No traces yet'))).toEqual([]);
  await page.getByRole('button', { name: 'Close file' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('at 1,280 px with a long file name open, the bar keeps Import and Close on screen, clear of the theme', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(serve.urls.ui);
  // On live there is room: the buttons keep their words.
  expect((await page.getByRole('button', { name: 'Open file…' }).boundingBox())!.width).toBeGreaterThan(60);
  await page.getByLabel('Trace file to open').setInputFiles({ name: 'smartthings-mobile-web-install-from-the-staging-cluster.json', mimeType: 'application/json', buffer: Buffer.from(fixture('smartthings-mobile-web-install.json')) });
  await expect(page.getByRole('list', { name: 'Traces' }).getByRole('link')).toHaveCount(1);
  const theme = (await page.getByRole('combobox', { name: 'Theme' }).boundingBox())!;
  for (const name of ['Open file…', 'Add remote source…', 'Import into live store', 'Close file']) {
    const button = (await page.getByRole('button', { name }).boundingBox())!;
    expect(button.x + button.width, name).toBeLessThanOrEqual(theme.x);
  }
  await page.getByRole('button', { name: 'Close file' }).click({ timeout: 5000 });
  await expect(page).toHaveURL(/\/$/);
});

test('a file that is not a trace file is refused with its name and why; nothing is opened', async ({ page }) => {
  await page.goto(serve.urls.ui);
  // The page's questions about the file (announced, then closed) are answered only once it is closed: answers
  // about a source that is gone must not show as the live page's error.
  const held: (() => Promise<void>)[] = [];
  let holding = true;
  await page.route(/\/api\/[^?]*\?(.*&)?source=f/, (route) => (holding ? void held.push(() => route.continue()) : route.continue()));
  const refused = page.waitForResponse((res) => res.request().method() === 'POST' && res.url().includes('/api/sources'));
  await page.getByLabel('Trace file to open').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('shopping list') });
  await refused;
  holding = false;
  await Promise.all(held.map((answer) => answer()));
  await expect(page.getByRole('alert')).toHaveText(/^notes\.txt: not a trace or logs file: it starts with the bytes 73 68 6f 70 .*; the file was not opened$/);
  await page.getByLabel('Source', { exact: true }).click();
  await expect(page.getByRole('listbox').getByRole('option', { name: /^Live/ })).toBeVisible();
  await expect(page.getByRole('option', { name: /notes\.txt/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
});

test('import an opened file into the live store, then close it', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await page.getByLabel('Trace file to open').setInputFiles({ name: 'yelp.json', mimeType: 'application/json', buffer: Buffer.from(fixture('yelp.json')) });
  await expect(page.getByText('Looking at the file yelp.json')).toBeVisible();
  await page.getByRole('button', { name: 'Import into live store' }).click();
  await expect(page.getByRole('status')).toHaveText('yelp.json: 1 trace, 16 spans imported into the live store');
  await page.getByRole('button', { name: 'Close file' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.getByLabel('Source', { exact: true }).click();
  await expect(page.getByRole('listbox').getByRole('option', { name: /^Live/ })).toBeVisible();
  await expect(page.getByRole('option', { name: /yelp\.json/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('list', { name: 'Traces' })).toContainText('routing: post /location/update/v4');
});
