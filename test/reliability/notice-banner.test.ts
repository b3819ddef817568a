/**
 * The UI shows what GET /api/status tells (a damaged database set aside) in a banner the person can dismiss.
 * A browser run from vitest, beside the other fault tests; Playwright's own runner keeps to test/ui.
 */
import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, tempDbPath, type ServeProcess } from '../helpers/serve-process';

let serve: ServeProcess | undefined;
afterAll(async () => {
  await serve?.stop();
});

describe('the notice banner', () => {
  it('says the damaged database was set aside, and goes when dismissed', async () => {
    const dbPath = tempDbPath();
    writeFileSync(dbPath, 'not a database\n');
    serve = await startServe([], dbPath);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      await page.goto(serve.urls.ui);
      const banner = page.getByRole('status', { name: 'Notices' });
      await banner.waitFor();
      expect(await banner.textContent()).toContain(`${dbPath} was damaged (file is not a database); it was moved to ${dbPath}.corrupt-`);
      await banner.getByRole('button', { name: 'Dismiss' }).click();
      await banner.waitFor({ state: 'detached' });
    } finally {
      await browser.close();
    }
  });
});
