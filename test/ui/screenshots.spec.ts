/**
 * A screenshot of every page at 1600×1000 in both themes, with real data, to look at beside Jaeger UI:
 * `test-results/screenshots/PAGE-THEME.png`. No pixel comparison: each page only has to show its main landmark, a
 * heading (it may be visually hidden) and what it is for.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openPage, startUiWorld, THEMES, UI_PAGES, type UiWorld } from '../helpers/ui-pages';

const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

let world: UiWorld;
test.beforeAll(async () => {
  world = await startUiWorld();
});
test.afterAll(async () => {
  await world?.stop();
});
test.use({ viewport: { width: 1600, height: 1000 } });

for (const theme of THEMES) {
  for (const shown of UI_PAGES) {
    test(`screenshot: ${shown.name} in the ${theme} theme`, async ({ page }) => {
      try {
        const main = await openPage(page, world, shown, theme);
        await expect(main).toBeVisible();
        // Visually hidden is fine: the heading names the page for screen readers and the outline.
        await expect(page.getByRole('heading').first()).toBeAttached();
      } finally {
        // Taken whatever went wrong, so a broken page can be seen too.
        await page.screenshot({ path: join(SCREENSHOTS, `${shown.name}-${theme}.png`), animations: 'disabled' });
      }
    });
  }
}
