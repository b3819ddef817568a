/** What every page of the UI must pass: axe-core without serious or critical violations, in both themes, and a look. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

export const SCREEN = { width: 1600, height: 1000 };

/**
 * For each theme (the system's colour scheme, which the UI follows unless told otherwise): axe-core finds no
 * serious or critical violation, and a 1600×1000 screenshot is saved as NAME-light.png / NAME-dark.png.
 */
export async function checkBothThemes(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.setViewportSize(SCREEN);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    await page.screenshot({ path: info.outputPath(`${name}-${colorScheme}.png`) });
  }
}
