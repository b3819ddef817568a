/**
 * axe-core on every page in both themes with real data: no serious or critical WCAG 2.1 A/AA violation. And the
 * keyboard path every user takes first: the skip link to the content, then the one to the search results.
 */
import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { blockingViolations } from '../helpers/page-checks';
import { openPage, startUiWorld, THEMES, UI_PAGES, uiPage, type UiWorld } from '../helpers/ui-pages';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

let world: UiWorld;
test.beforeAll(async () => {
  world = await startUiWorld();
});
test.afterAll(async () => {
  await world?.stop();
});

/** One line a violation: rule, impact, help and where (the first three targets). */
function listViolations(violations: AxeResults['violations']): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}${v.nodes.length > 3 ? `\n    … ${v.nodes.length - 3} more` : ''}`)
    .join('\n');
}

for (const theme of THEMES) {
  for (const shown of UI_PAGES) {
    const name = shown.name;
    test(`axe: ${name} in the ${theme} theme has no serious or critical violation`, async ({ page }, info) => {
      await openPage(page, world, shown, theme);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(results.passes.length, 'axe-core ran in the page (the CSP let it in)').toBeGreaterThan(0);
      // Every violation, the moderate and minor ones too, for whoever fixes the page.
      writeFileSync(info.outputPath('axe-violations.json'), JSON.stringify(results.violations, null, 2));
      const blocking = blockingViolations(results.violations);
      expect(blocking.map((v) => v.id), `${name} (${theme}):\n${listViolations(blocking)}`).toEqual([]);
    });
  }
}

/** Whether focus is on a search result: a link to a trace, or anything inside a list, listbox, grid or table of traces. */
async function focusIsOnAResult(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const focused = document.activeElement;
    if (!focused || !focused.closest('main')) return false;
    if (focused.closest('a[href*="/traces/"]')) return true;
    const results = focused.closest('[role=list],[role=listbox],[role=grid],[role=table],ul,ol,table');
    if (!results) return false;
    const labelledBy = results.getAttribute('aria-labelledby');
    const name = results.getAttribute('aria-label') ?? (labelledBy ? document.getElementById(labelledBy)?.textContent : '') ?? '';
    return /traces|results/i.test(name);
  });
}

test('keyboard: the first Tab stop skips to the content, the next one skips to the results', async ({ page }) => {
  const main = await openPage(page, world, uiPage('search-results'), 'light');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(main).toHaveAttribute('id', 'content');
  expect(await page.evaluate(() => document.activeElement?.closest('main#content') !== null)).toBe(true);
  await page.keyboard.press('Tab');
  const toResults = page.getByRole('link', { name: 'Skip to results' });
  await expect(toResults).toBeFocused();
  await expect(toResults).toBeInViewport();
  await page.keyboard.press('Enter');
  expect(await focusIsOnAResult(page), 'Enter on "Skip to results" puts focus on a search result').toBe(true);
  // The arrow keys then move between the results.
  const first = await page.evaluate(() => document.activeElement?.getAttribute('href'));
  await page.keyboard.press('ArrowDown');
  expect(await focusIsOnAResult(page)).toBe(true);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).not.toBe(first);
});
