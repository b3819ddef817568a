/**
 * axe-core on every page in both themes with real data: no serious or critical WCAG 2.1 A/AA violation. And the
 * keyboard path every user takes first: the skip link, then the search results within a few Tabs.
 */
import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
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
      const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
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

test('keyboard: the first Tab stop skips to the content, and a search result is at most 5 Tabs further', async ({ page }) => {
  const main = await openPage(page, world, uiPage('search-results'), 'light');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(main).toHaveAttribute('id', 'content');
  expect(await page.evaluate(() => document.activeElement?.closest('main#content') !== null)).toBe(true);
  const walked: string[] = [];
  for (let presses = 1; presses <= 5; presses++) {
    await page.keyboard.press('Tab');
    walked.push(await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return 'nothing';
      const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
      return `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''} "${label.trim().slice(0, 40)}"`;
    }));
    if (await focusIsOnAResult(page)) return;
  }
  throw new Error(`5 Tabs after the skip link, focus is still not on a search result; it went to:\n  ${walked.join('\n  ')}`);
});
