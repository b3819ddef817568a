/**
 * Every page of the UI, each with real data and the sign that it has finished loading, opened in a chosen theme:
 * what the page-wide tests (axe-core, screenshots) walk through. Pages are found by what the contract promises
 * (roles, names, the data shown), not by markup.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { VIEW_SETTING_KEYS } from '../../src-main/model/desktop';
import { startServe, type ServeProcess } from './serve-process';
import { sendShopTraffic, type ShopTraffic } from './shop-traffic';

export const THEMES = ['light', 'dark'] as const;
export type ThemeName = (typeof THEMES)[number];

export interface UiPage {
  /** For test and file names: `search-results`, `trace`, … */
  name: string;
  /** Which server: the shop's traffic, or an empty store. */
  store: 'shop' | 'empty';
  path(traffic: ShopTraffic): string;
  /** Resolves once the page shows what it is for. */
  ready(main: Locator, world: UiWorld): Promise<void>;
}

export interface UiWorld {
  shop: ServeProcess;
  empty: ServeProcess;
  traffic: ShopTraffic;
  stop(): Promise<void>;
}

const MISSING_TRACE = 'ee'.repeat(16);

export const UI_PAGES: UiPage[] = [
  { name: 'search-results', store: 'shop', path: () => '/', ready: async (main) => {
    await expect(main).toContainText('POST /checkout');
    await expect(main).toContainText('GET /cart');
  } },
  { name: 'search-service', store: 'shop', path: () => '/search?service=cart', ready: async (main) => {
    await expect(main).toContainText('GET /cart');
    await expect(main).toContainText('POST /checkout');
  } },
  { name: 'search-traceql', store: 'shop', path: () => `/search?q=${encodeURIComponent('{ resource.service.name = "payments" && span.http.response.status_code >= 400 }')}`, ready: async (main) => {
    await expect(main.getByRole('list', { name: 'Matched traces' })).toContainText('POST /api/charge');
  } },
  // What the query's traces share against the rest: the panel is opened by its button.
  { name: 'search-traceql-shared', store: 'shop', path: () => `/search?q=${encodeURIComponent('{ resource.service.name = "payments" && span.http.response.status_code >= 400 }')}`, ready: async (main) => {
    await main.getByRole('button', { name: 'What they share' }).click();
    await expect(main.getByRole('region', { name: 'What the selected traces share' }).getByRole('heading', { level: 3 }).first()).toBeVisible();
  } },
  { name: 'search-traceql-metrics', store: 'shop', path: () => `/search?q=${encodeURIComponent('{ kind = server } | rate() by (resource.service.name)')}`, ready: async (main) => {
    await expect(main.getByRole('list', { name: 'Series' })).toContainText('payments');
  } },
  { name: 'trace', store: 'shop', path: ({ showcase }) => `/traces/${showcase.traceId}?span=${showcase.failedPaymentSpanId}`, ready: async (main) => {
    await expect(main.getByRole('tree', { name: 'Trace waterfall' }).getByRole('treeitem', { name: /^frontend POST \/checkout/ })).toBeVisible();
    await expect(main.getByRole('region', { name: 'Span detail' })).toContainText('POST /api/charge');
  } },
  { name: 'trace-missing', store: 'shop', path: () => `/traces/${MISSING_TRACE}`, ready: async (main) => {
    await expect(main).toContainText(/not in this store|not found|no trace/i);
  } },
  { name: 'map', store: 'shop', path: () => '/map', ready: async (main) => {
    await expect(main).toContainText('fulfillment');
    await expect(main).toContainText('payments');
  } },
  { name: 'monitor', store: 'shop', path: () => '/monitor?service=checkout', ready: async (main) => {
    await expect(main.getByRole('table', { name: 'Services', exact: true })).toContainText('payments');
    await expect(main.getByRole('table', { name: 'Operations', exact: true })).toContainText('POST /api/checkout');
  } },
  { name: 'compare', store: 'shop', path: ({ compare }) => `/compare/${compare.a}/${compare.b}`, ready: async (main) => {
    await expect(main).toContainText('INSERT shop.orders');
  } },
  { name: 'compare-groups', store: 'shop', path: ({ groups }) => `/compare-groups?${[...groups.a.map((id) => `a=${id}`), ...groups.b.map((id) => `b=${id}`)].join('&')}`, ready: async (main) => {
    await expect(main).toContainText('INSERT shop.orders');
  } },
  { name: 'compare-groups-empty', store: 'shop', path: () => '/compare-groups', ready: async (main) => {
    await expect(main).toContainText(/group/i);
  } },
  { name: 'runs', store: 'shop', path: () => '/runs', ready: async (main) => {
    await expect(main.getByRole('table', { name: 'Runs' })).toContainText('1.4.2');
    await expect(main.getByRole('table', { name: 'Runs' })).toContainText('staging');
  } },
  // The shop's spans carry both marks of a build: its two runs hold the same calls, too few to tell (under 30).
  { name: 'runs-compare', store: 'shop', path: () => `/runs/compare/${encodeURIComponent('service.version=1.4.2')}/${encodeURIComponent('deployment.environment.name=staging')}`, ready: async (main) => {
    await expect(main).toContainText('POST /api/checkout');
    await expect(main).toContainText('fewer than 30 calls in a run');
  } },
  { name: 'settings', store: 'shop', path: () => '/settings', ready: async (main, { shop }) => {
    await expect(main).toContainText(new URL(shop.urls.otlpHttp).port);
  } },
  { name: 'search-empty-store', store: 'empty', path: () => '/', ready: async (main) => {
    await expect(main).toContainText(/OTEL_EXPORTER_OTLP_ENDPOINT|first trace|no traces/i);
  } },
];

export function uiPage(name: string): UiPage {
  return UI_PAGES.find((p) => p.name === name)!;
}

/** Starts a server with the shop's traffic and one with an empty store. */
export async function startUiWorld(): Promise<UiWorld> {
  const [shop, empty] = await Promise.all([startServe(), startServe()]);
  const traffic = await sendShopTraffic(shop.urls.otlpHttp);
  const listed = await shop.api<{ traces: unknown[] }>('/traces?limit=100');
  expect(listed.body.traces).toHaveLength(traffic.traceCount);
  return {
    shop,
    empty,
    traffic,
    async stop() {
      await Promise.all([shop.stop(), empty.stop()]);
    },
  };
}

/**
 * Opens `uiPage` in `theme` (remembered in localStorage before the page's scripts run, and the system's choice
 * agrees) and waits until it has loaded: its ready sign shows and nothing in <main> is still loading.
 */
export async function openPage(page: Page, world: UiWorld, uiPage: UiPage, theme: ThemeName): Promise<Locator> {
  await page.emulateMedia({ colorScheme: theme });
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [VIEW_SETTING_KEYS.theme, theme] as const);
  const serve = uiPage.store === 'shop' ? world.shop : world.empty;
  await page.goto(serve.urls.ui); // the token becomes the session cookie
  await page.goto(new URL(uiPage.path(world.traffic), serve.urls.ui).href);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  const main = page.getByRole('main');
  await uiPage.ready(main, world);
  await expect(main.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(main.getByText(/^\s*Loading\b/)).toHaveCount(0);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return main;
}
