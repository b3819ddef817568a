/** What every page of the UI must pass: axe-core without serious or critical violations, in both themes, and a look. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import type { AxeResults } from 'axe-core';

export const SCREEN = { width: 1600, height: 1000 };

/** The violations that fail a page: serious and critical ones. */
export function blockingViolations(violations: AxeResults['violations']): AxeResults['violations'] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Serious and critical axe-core findings on the page as it is (or within `include`), one line each: rule and where. */
export async function axeFindings(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const { violations } = await (include ? builder.include(include) : builder).analyze();
  return blockingViolations(violations).map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * For each theme (the system's colour scheme, which the UI follows unless told otherwise): axe-core finds no
 * serious or critical violation, and a 1600×1000 screenshot is saved as NAME-light.png / NAME-dark.png.
 */
export async function checkBothThemes(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.setViewportSize(SCREEN);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
    expect(await axeFindings(page)).toEqual([]);
    await page.screenshot({ path: info.outputPath(`${name}-${colorScheme}.png`) });
  }
}
