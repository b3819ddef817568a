/**
 * The settings page. In a browser it says the server's flags are the settings; with the desktop bridge (faked
 * here exactly as the preload exposes it, since Electron cannot run on this machine) it edits and saves them.
 */
import { expect, test } from '@playwright/test';
import { startServe, type ServeProcess } from '../helpers/serve-process';

let serve: ServeProcess;
test.beforeAll(async () => {
  serve = await startServe();
});
test.afterAll(async () => {
  await serve.stop();
});

test('in a browser, settings are the serve flags', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByText('the server\'s settings are the flags of spanscope serve')).toBeVisible();
});

test('with the desktop bridge, settings are shown, checked and saved; Open file uses the system dialog', async ({ page }) => {
  await page.addInitScript(() => {
    const calls: unknown[] = [];
    (window as unknown as { desktopCalls: unknown[] }).desktopCalls = calls;
    (window as unknown as { spanscopeDesktop: unknown }).spanscopeDesktop = {
      openArchive: async () => void calls.push('openArchive'),
      recentFiles: async () => [],
      version: async () => '0.1.0',
      settings: async () => ({ otlpHttpPort: 4318, retention: '7d' }),
      saveSettings: async (s: { otlpHttpPort?: number }) => {
        calls.push(s);
        return s.otlpHttpPort && s.otlpHttpPort > 65535 ? { error: `--otlp-http-port "${s.otlpHttpPort}" is not a port (0 to 65535)` } : {};
      },
    };
  });
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/settings`);
  const form = page.getByRole('form', { name: 'Settings' });
  await expect(form.getByLabel('OTLP/HTTP port')).toHaveValue('4318');
  await form.getByLabel('OTLP/HTTP port').fill('70000');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toHaveText('--otlp-http-port "70000" is not a port (0 to 65535)');
  await form.getByLabel('OTLP/HTTP port').fill('5318');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved. Spanscope uses them from its next start.');
  expect(await page.evaluate(() => (window as unknown as { desktopCalls: unknown[] }).desktopCalls.at(-1))).toEqual({ otlpHttpPort: 5318, retention: '7d' });
  await page.getByRole('button', { name: 'Open file…' }).click();
  expect(await page.evaluate(() => (window as unknown as { desktopCalls: unknown[] }).desktopCalls.at(-1))).toBe('openArchive');
});
