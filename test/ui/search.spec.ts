/** The search page: operations by name and kind, errors beside their field, the keyboard, the fitted scatter and its brush. */
import { axeFindings } from '../helpers/page-checks';
import { expect, test, type Page } from '@playwright/test';
import type { Span } from '../../src-main/model/span';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { attrs, resource, span } from '../helpers/spans';

const MS = 1_000_000n;
const MINUTE = 60_000n * MS;
const NOW = BigInt(Date.now()) * MS;
const frontend = resource('frontend');
let serve: ServeProcess;
let origin: string;

/** A page served by frontend: a SERVER GET with an HTTP route, calling an API with a CLIENT GET of 10 ms. */
function served(n: number, start: bigint, ms: bigint, error = false): Span[] {
  const traceId = `5e${n}`.padEnd(32, '0');
  const root = `${n}`.padStart(16, 'a');
  return [
    span({
      traceId,
      spanId: root,
      name: 'GET',
      kind: 'SERVER',
      startTimeUnixNano: start,
      endTimeUnixNano: start + ms * MS,
      resource: frontend,
      attributes: attrs({ 'http.request.method': 'GET', 'http.route': '/checkout/{id}', 'http.response.status_code': error ? 503n : 200n }),
      status: { code: error ? 'ERROR' : 'UNSET', message: '' },
    }),
    span({ traceId, spanId: `${n}`.padStart(16, 'b'), parentSpanId: root, name: 'GET', kind: 'CLIENT', startTimeUnixNano: start + MS, endTimeUnixNano: start + 11n * MS, resource: frontend }),
    span({ traceId, spanId: `${n}`.padStart(16, 'c'), parentSpanId: `${n}`.padStart(16, 'b'), name: 'GET /prices', kind: 'SERVER', startTimeUnixNano: start + 2n * MS, endTimeUnixNano: start + 10n * MS, resource: resource('prices') }),
  ];
}

/** A job of frontend's with only a CLIENT GET. */
function polling(start: bigint): Span[] {
  const traceId = 'c1'.padEnd(32, '0');
  return [
    span({ traceId, spanId: '01'.repeat(8), name: 'poll', kind: 'INTERNAL', startTimeUnixNano: start, endTimeUnixNano: start + 40n * MS, resource: frontend }),
    span({ traceId, spanId: '02'.repeat(8), parentSpanId: '01'.repeat(8), name: 'GET', kind: 'CLIENT', startTimeUnixNano: start + MS, endTimeUnixNano: start + 31n * MS, resource: frontend }),
  ];
}

test.beforeAll(async () => {
  serve = await startServe();
  origin = new URL(serve.urls.ui).origin;
  const spans = [
    ...served(1, NOW - 40n * MINUTE, 98n),
    ...served(2, NOW - 39n * MINUTE, 25n),
    ...served(3, NOW - 38n * MINUTE, 60n, true),
    ...served(4, NOW - 6n * MINUTE, 15n),
    ...polling(NOW - 5n * MINUTE),
    // Years old: it must not stretch the scatter of a recent search.
    ...served(9, 1_420_070_400_000n * MS, 30n),
  ];
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans))).status).toBe(200);
});

test.afterAll(async () => {
  await serve.stop();
});

const rows = (page: Page) => page.getByRole('list', { name: 'Traces' }).getByRole('link');

async function choose(page: Page, field: string, option: string) {
  await page.getByRole('button', { name: `Show the choices of ${field}` }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The page at `path`, after the session cookie is set by the token address. */
async function openAt(page: Page, path: string) {
  await page.goto(serve.urls.ui);
  await page.goto(`${origin}${path}`);
}

test('the SERVER GET and the CLIENT GET are two operations, searched apart', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await choose(page, 'Service', 'frontend');
  await page.getByRole('button', { name: 'Show the choices of Operation' }).click();
  await expect(page.getByRole('option', { name: /^GET · (server|client)$/ })).toHaveCount(2);
  await page.getByRole('option', { name: 'GET · server', exact: true }).click();
  await page.getByRole('button', { name: 'Find traces' }).click();
  await expect(page).toHaveURL(/\/search\?service=frontend&operation=GET&spanKind=SERVER$/);
  await expect(rows(page)).toHaveCount(5);
  await expect(rows(page).first()).toContainText('frontend: GET');
  await expect(rows(page).first()).toContainText('GET /checkout/{id}');

  await openAt(page, `/search?service=frontend&operation=GET&spanKind=CLIENT&maxDuration=20ms`);
  // Span-level: every trace has a 10 ms CLIENT GET, however long the trace; the job's GET takes 30 ms.
  await expect(rows(page)).toHaveCount(5);
  await expect(page.getByRole('list', { name: 'Traces' })).not.toContainText('frontend: poll');
  await expect(page.getByText('A trace matches when one of its spans')).toBeVisible();
});

test('a bad duration shows under its field, is not sent, and the old results are marked as old', async ({ page }) => {
  await openAt(page, `/search?service=frontend`);
  await expect(rows(page)).toHaveCount(6);
  const max = page.getByRole('textbox', { name: 'Max' });
  await max.fill('fast');
  await page.getByRole('button', { name: 'Find traces' }).click();
  await expect(page.locator('#maxDuration-error')).toHaveText('Max "fast" is not a duration: use a number with ns, us, ms, s, m or h, such as 20ms');
  await expect(max).toHaveAttribute('aria-invalid', 'true');
  await expect(max).toHaveAttribute('aria-describedby', 'maxDuration-error');
  await expect(page).toHaveURL(/\/search\?service=frontend$/);
  await expect(page.getByRole('status').filter({ hasText: 'The results shown are from the previous search' })).toBeVisible();

  // A link made by hand reaches the core, whose 400 lands under the same field; there is nothing to retry.
  await openAt(page, `/search?maxDuration=fast`);
  await expect(page.locator('#maxDuration-error')).toContainText('maxDuration "fast" is not a duration');
  await expect(rows(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
});

test('arrow keys move through the results and Enter opens one', async ({ page }) => {
  await openAt(page, `/search?service=frontend&lookback=1h`);
  await expect(rows(page)).toHaveCount(5);
  await rows(page).first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(rows(page).nth(2)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(rows(page).nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  // Most recent first: the poll job, then trace 4.
  await expect(page).toHaveURL(new RegExp(`/traces/${'5e4'.padEnd(32, '0')}$`));
});

test('the scatter is fitted to the results; a box drawn on it narrows the list', async ({ page }, info) => {
  await openAt(page, `/search?service=frontend&lookback=1h`);
  await expect(rows(page)).toHaveCount(5);
  const scatter = page.getByRole('img', { name: /traces by start time and duration/ });
  await expect(scatter.locator('canvas')).toBeVisible();
  const summary = (await scatter.getAttribute('aria-label'))!;
  expect(summary).toMatch(/^5 traces by start time and duration, started .* lasting 15ms to 98ms; 1 with errors/);
  expect(summary).not.toContain('2015');

  // The chart spans 40 minutes ago to 5 minutes ago: its right third holds the two recent traces only.
  const area = (await scatter.boundingBox())!;
  await page.mouse.move(area.x + area.width * 0.7, area.y + 18);
  await page.mouse.down();
  await page.mouse.move(area.x + area.width * 0.85, area.y + area.height * 0.5, { steps: 4 });
  await page.mouse.move(area.x + area.width - 2, area.y + area.height - 32, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByText('2 in the selected area')).toBeVisible();
  await expect(rows(page)).toHaveCount(2);
  await page.screenshot({ path: info.outputPath('search-brushed.png') });
  await page.getByRole('button', { name: 'Clear the selected area' }).click();
  await expect(rows(page)).toHaveCount(5);
  await page.getByRole('checkbox', { name: 'Log duration axis' }).check();
  await expect(scatter).toHaveAttribute('aria-label', /Durations on a log scale/);
  await page.getByRole('checkbox', { name: 'Log duration axis' }).uncheck();

  // A click on a point opens its trace: the 98 ms one is the earliest, at the left margin (3% of 35 minutes), near 100 ms.
  const grid = { left: area.x + 64, top: area.y + 14, width: area.width - 84, height: area.height - 44 };
  await page.mouse.click(grid.left + grid.width * (0.03 / 1.06), grid.top + grid.height * 0.02);
  await expect(page).toHaveURL(new RegExp(`/traces/${'5e1'.padEnd(32, '0')}$`));
});

test('sorting and the row figures: duration, spans, errors, status, services', async ({ page }) => {
  await openAt(page, `/search?service=frontend&lookback=1h`);
  await page.getByRole('combobox', { name: 'Sort' }).click();
  await page.getByRole('option', { name: 'Longest' }).click();
  const first = rows(page).first();
  await expect(first).toContainText('98ms');
  await expect(first).toContainText('3 spans');
  await expect(first).toContainText('200');
  await expect(first).toContainText('prices');
  await page.getByRole('combobox', { name: 'Sort' }).click();
  await page.getByRole('option', { name: 'Most errors' }).click();
  await expect(rows(page).first()).toContainText('1 error');
  await expect(rows(page).first()).toContainText('503');
});

test('an empty store says how to send the first trace', async ({ page }) => {
  const empty = await startServe();
  try {
    await page.goto(empty.urls.ui);
    const state = page.getByRole('region', { name: 'No traces yet' });
    // The endpoints this server bound (ports chosen at start), and the variables to paste into a service.
    await expect(state).toContainText(`${empty.urls.otlpHttp}/v1/traces`);
    await expect(state).toContainText(`OTEL_EXPORTER_OTLP_ENDPOINT=`);
    await expect(state.getByRole('link', { name: 'Settings' })).toBeVisible();
  } finally {
    await empty.stop();
  }
});

for (const theme of ['light', 'dark'] as const) {
  test(`the search page in the ${theme} theme: axe-core finds nothing serious`, async ({ page }, info) => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.emulateMedia({ colorScheme: theme });
    await openAt(page, '/search?lookback=1h');
    await expect(rows(page)).toHaveCount(5);
    await expect(page.getByRole('img', { name: /traces by start time/ }).locator('canvas')).toBeVisible();
    await page.screenshot({ path: info.outputPath(`search-${theme}.png`) });
    expect(await axeFindings(page)).toEqual([]);
  });
}
