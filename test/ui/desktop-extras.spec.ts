/**
 * What the desktop app adds to the page, run in Chromium: the View menu's scripts (the same strings the main
 * process sends), and Save as through the bridge (faked exactly as the preload exposes it; Electron cannot run
 * on this machine).
 */
import { expect, test } from '@playwright/test';
import { setThemeScript, toggleMinimapScript } from '../../src-main/electron/page-scripts';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { resource, span } from '../helpers/spans';

let serve: ServeProcess;
const traceId = 'de5c70de'.repeat(4);
const T0 = 1_700_000_000_000_000_000n;
test.beforeAll(async () => {
  serve = await startServe();
  const root = span({ traceId, spanId: '0d'.repeat(8), name: 'GET /desk', startTimeUnixNano: T0, endTimeUnixNano: T0 + 5_000_000n, resource: resource('desk') });
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([root]))).status).toBe(200);
});
test.afterAll(async () => {
  await serve.stop();
});
const origin = () => new URL(serve.urls.ui).origin;

test('the minimap is shown or hidden from the page and from the View menu, and remembered', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await page.goto(`${origin()}/traces/${traceId}`);
  const minimap = page.getByLabel(/Trace minimap/);
  const toggle = page.getByRole('button', { name: 'Minimap' });
  await expect(minimap).toBeVisible();
  await toggle.click();
  await expect(minimap).toHaveCount(0);
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(page.getByRole('tree', { name: 'Trace waterfall' })).toBeVisible();
  await expect(minimap).toHaveCount(0);
  await page.evaluate(toggleMinimapScript());
  await expect(minimap).toBeVisible();
  await page.evaluate(setThemeScript('dark'));
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.evaluate(setThemeScript('light'));
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('with the desktop bridge, Save trace uses the save dialog and can show the file in its folder', async ({ page }) => {
  await page.addInitScript(() => {
    const calls: unknown[][] = [];
    (window as unknown as { desktopCalls: unknown[][] }).desktopCalls = calls;
    (window as unknown as { spanscopeDesktop: unknown }).spanscopeDesktop = {
      saveAs: async (apiPath: string) => (calls.push(['saveAs', apiPath]), { path: '/home/dev/trace.zipkin.json' }),
      revealInFolder: async (path: string) => void calls.push(['revealInFolder', path]),
      openArchive: async () => {},
      recentFiles: async () => [],
      version: async () => '0.1.0',
      settings: async () => ({}),
      saveSettings: async () => ({}),
    };
  });
  await page.goto(serve.urls.ui);
  await page.goto(`${origin()}/traces/${traceId}`);
  await page.getByRole('button', { name: 'Save…' }).click();
  await page.getByRole('combobox', { name: 'Save format' }).click();
  await page.getByRole('option', { name: 'Zipkin JSON' }).click();
  await page.getByRole('button', { name: 'Save trace…' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved to' })).toHaveText(/Saved to \/home\/dev\/trace\.zipkin\.json/);
  await page.getByRole('button', { name: 'Show in folder' }).click();
  const calls = await page.evaluate(() => (window as unknown as { desktopCalls: unknown[][] }).desktopCalls);
  expect(calls).toEqual([
    ['saveAs', `/api/traces/${traceId}/export?format=zipkin-json`],
    ['revealInFolder', '/home/dev/trace.zipkin.json'],
  ]);
  await expect(page.getByRole('link', { name: 'Save trace' })).toHaveCount(0);
});
