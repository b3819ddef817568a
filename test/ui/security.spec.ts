/**
 * Hostile span text in every view: markup, entities, bidi controls and a 1 MB string, sent as span data, must show
 * as the text it is, run nothing, reorder nothing around it, and neither hang the page nor stretch its layout.
 */
import { expect, test, type Page } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Span } from '../../src-main/model/span';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { attrs, resource, span } from '../helpers/spans';

const SCRIPT = '<script>window.__xss = "script"</script>';
const IMG = `<img src=x onerror="window.__xss = 'img'">`;
const ENTITIES = '&lt;b&gt; &amp; &#x41; &quot;';
const RLO = '\u202E';
/** Every bidi control: embeddings, overrides, isolates, marks. */
const BIDI = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
const MEGABYTE = 1024 * 1024;
const huge = (what: string) => `${what}-start ${'x'.repeat(MEGABYTE)} ${what}-end`;

const EVIL_SERVICE = `svc ${IMG}${RLO}`;
const BIDI_SERVICE = `billing${BIDI}`;
const HUGE_SERVICE = huge('service');
const ROOT_NAME = `${SCRIPT} checkout`;
const HUGE_NAME = huge('name');
const HUGE_VALUE = huge('value');
const BIDI_KEY = `key${RLO}yek`;
const MS = 1_000_000n;
const A = 'a0'.repeat(16);
const B = 'b0'.repeat(16);
const hostileSpanId = (trace: string) => `${trace.slice(0, 2)}00000000000002`;
const hugeSpanId = (trace: string) => `${trace.slice(0, 2)}00000000000003`;
const hugeServiceSpanId = (trace: string) => `${trace.slice(0, 2)}00000000000004`;
let serve: ServeProcess;
let origin: string;

function hostileTrace(traceId: string, start: bigint, slower: bigint): Span[] {
  const root = `${traceId.slice(0, 2)}00000000000001`;
  return [
    span({ traceId, spanId: root, name: ROOT_NAME, startTimeUnixNano: start, endTimeUnixNano: start + 100n * MS + slower, resource: resource(EVIL_SERVICE) }),
    span({
      traceId,
      spanId: hostileSpanId(traceId),
      parentSpanId: root,
      name: ENTITIES,
      kind: 'CLIENT',
      startTimeUnixNano: start + 10n * MS,
      endTimeUnixNano: start + 40n * MS + slower,
      resource: resource(BIDI_SERVICE),
      attributes: attrs({ [IMG]: SCRIPT, 'entities': ENTITIES, [BIDI_KEY]: `value${BIDI}tail`, 'huge.value': HUGE_VALUE }),
      events: [{ name: `${IMG}${RLO}`, timeUnixNano: start + 20n * MS, attributes: attrs({ [SCRIPT]: IMG }), droppedAttributesCount: 0 }],
      status: { code: 'ERROR', message: `${SCRIPT}${RLO}` },
    }),
    span({ traceId, spanId: hugeSpanId(traceId), parentSpanId: root, name: HUGE_NAME, kind: 'CLIENT', startTimeUnixNano: start + 50n * MS, endTimeUnixNano: start + 70n * MS, resource: resource(BIDI_SERVICE) }),
    span({ traceId, spanId: hugeServiceSpanId(traceId), parentSpanId: root, name: 'GET /huge', kind: 'CLIENT', startTimeUnixNano: start + 70n * MS, endTimeUnixNano: start + 90n * MS, resource: resource(HUGE_SERVICE) }),
  ];
}

test.beforeAll(async () => {
  serve = await startServe();
  origin = new URL(serve.urls.ui).origin;
  const t0 = BigInt(Date.now() - 60_000) * MS;
  const res = await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([...hostileTrace(A, t0, 0n), ...hostileTrace(B, t0 + 1000n * MS, 20n * MS)]));
  expect(res.status).toBe(200);
});
test.afterAll(async () => {
  await serve.stop();
});

/** Fails the test on any dialog; records CSP violations (an injected handler would be one). */
test.beforeEach(async ({ page }) => {
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.sample}`));
  });
  await page.goto(serve.urls.ui); // the session cookie
});

/** Nothing ran and nothing was injected; the page is responsive and no wider than the window. */
async function expectSafeAndWhole(page: Page): Promise<void> {
  const started = Date.now();
  const state = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: string }).__xss,
    violations: (window as unknown as { __violations: string[] }).__violations,
    images: document.querySelectorAll('img, script:not([src]), iframe, object').length,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  }));
  expect(Date.now() - started, 'the page answers at once').toBeLessThan(2_000);
  expect(state.xss).toBeUndefined();
  expect(state.violations).toEqual([]);
  expect(state.images).toBe(0);
  // A few pixels: the waterfall's last time tick is centred on its right edge.
  expect(state.overflow, 'no horizontal overflow').toBeLessThan(16);
}

/** Text nodes holding bidi controls: each must be the only content of an element that isolates it. */
function unisolatedBidi(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement!;
      // An option is drawn by the select as a box of its own.
      if (!controls.test((node as Text).data) || parent.tagName === 'OPTION') continue;
      const isolates = ['isolate', 'isolate-override', 'plaintext'].includes(getComputedStyle(parent).unicodeBidi);
      if (!isolates || parent.childNodes.length !== 1) bad.push(parent.outerHTML.slice(0, 100));
    }
    return bad;
  });
}

/** True when the two characters starting `snippet` (in the first text node holding it) are drawn left to right. */
function readsLeftToRight(page: Page, within: string, snippet: string): Promise<boolean> {
  return page.evaluate(
    ([selector, text]) => {
      const root = document.querySelector(selector)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = (node as Text).data.indexOf(text);
        if (at < 0) continue;
        const x = (offset: number) => {
          const range = document.createRange();
          range.setStart(node!, offset);
          range.setEnd(node!, offset + 1);
          return range.getBoundingClientRect().left;
        };
        return x(at) < x(at + 1);
      }
      throw new Error(`"${text}" is not shown in ${selector}`);
    },
    [within, snippet] as const,
  );
}

test('search: names show as text, isolated and clipped; the service and operation lists stay usable', async ({ page }, info) => {
  const list = page.getByRole('list', { name: 'Traces' });
  await expect(list.getByRole('link')).toHaveCount(2);
  await expect(list.getByRole('link').first()).toContainText(`svc ${IMG}`);
  await expect(list.getByRole('link').first()).toContainText(ROOT_NAME);
  // The service's RLO must not turn the root name after it around.
  expect(await readsLeftToRight(page, 'ul.traces', '<script>')).toBe(true);
  expect(await unisolatedBidi(page)).toEqual([]);
  // The store may keep only the start of a long service name: its choice is found by its start.
  await page.getByRole('button', { name: 'Show the choices of Service' }).click();
  await expect(page.getByRole('option', { name: /^service-start x+…$/ })).toHaveCount(1);
  expect(await unisolatedBidi(page)).toEqual([]);
  await page.getByRole('option', { name: /^billing/ }).click();
  await page.getByRole('button', { name: 'Show the choices of Operation' }).click();
 
  await expect(page.getByRole('option', { name: /^&lt;b&gt;.* · client$|^name-start x+…$/ })).toHaveCount(2);
  await expect(page.getByRole('option', { name: 'Any operation' })).toBeVisible();
  expect(await unisolatedBidi(page)).toEqual([]);
  await expectSafeAndWhole(page);
  await page.keyboard.press('Escape');
  for (const list of ['Service', 'Operation']) expect((await page.getByLabel(list, { exact: true }).boundingBox())!.width, list).toBeLessThan(600);
  await page.screenshot({ path: info.outputPath('search.png') });
});

test('trace view: the waterfall and the span detail show the text as it is, controls made visible', async ({ page, context }, info) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const started = Date.now();
  await page.goto(`${origin}/traces/${A}`);
  const tree = page.getByRole('tree', { name: 'Trace waterfall' });
  await expect(tree.getByRole('treeitem')).toHaveCount(4);
  expect(Date.now() - started, 'the trace with 1 MB names opens without hanging').toBeLessThan(10_000);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ROOT_NAME);
  expect(await readsLeftToRight(page, 'h1', '<script>')).toBe(true);
  for (const name of [/^service-start x+… GET \/huge, /, /^billing\W+ name-start x+…, /]) {
    expect((await tree.getByRole('treeitem', { name }).boundingBox())!.height).toBe(24);
  }
  expect(await unisolatedBidi(page)).toEqual([]);
  await expectSafeAndWhole(page);

  await tree.getByRole('treeitem', { name: `${BIDI_SERVICE} ${ENTITIES}` }).click();
  const detail = page.getByRole('region', { name: 'Span detail' });
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(ENTITIES);
  await expect(detail).toContainText(`${IMG}${SCRIPT}`); // key, value
  await expect(detail).toContainText(`entities${ENTITIES}`);
  await expect(detail).toContainText('key⟨U+202E⟩yek');
  await expect(detail).toContainText('value⟨U+202A⟩⟨U+202B⟩⟨U+202C⟩⟨U+202D⟩⟨U+202E⟩⟨U+2066⟩⟨U+2067⟩⟨U+2068⟩⟨U+2069⟩⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩tail');
  await expect(detail).toContainText(`ERROR: ${SCRIPT}⟨U+202E⟩`);
  await expect(detail.getByRole('heading', { level: 4 })).toContainText(`${IMG}⟨U+202E⟩ at +`);
  await expect(detail).toContainText(`${SCRIPT}${IMG}`); // the event's attribute
  expect(await detail.evaluate((el) => /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/.test(el.textContent!))).toBe(false);

  // The long value: its start, its length, the whole on demand; the copy is exactly what the server holds.
  const stored = await page.evaluate(async ([trace, spanId]) => (await (await fetch(`/api/traces/${trace}/spans/${spanId}`)).json()).attributes['huge.value'] as string, [A, hostileSpanId(A)] as const);
  expect(stored.startsWith('value-start x')).toBe(true);
  const hugeCell = detail.getByRole('row', { name: /^huge\.value/ });
  await expect(hugeCell).toContainText(`${stored.length.toLocaleString('en-US')} characters`);
  expect((await hugeCell.textContent())!.length).toBeLessThan(10_000);
  await expectSafeAndWhole(page);
  await page.screenshot({ path: info.outputPath('trace.png'), fullPage: true });
  await hugeCell.getByRole('button', { name: 'copy' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(stored);
  await hugeCell.getByRole('button', { name: 'show all' }).click();
  await expect(hugeCell).toContainText(stored.slice(-20));
  await expectSafeAndWhole(page);

  await tree.getByRole('treeitem', { name: /name-start/ }).click();
  await expect(detail.getByRole('heading', { level: 2 })).toContainText('name-start x');
  expect((await detail.getByRole('heading', { level: 2 }).textContent())!.length).toBeLessThan(10_000);
  await expectSafeAndWhole(page);
});

test('service map: the tables and the graph show names as text', async ({ page }, info) => {
  await page.goto(`${origin}/map`);
  const services = page.getByRole('table', { name: 'Services and peers' });
  await expect(services).toContainText(`svc ${IMG}`);
  await expect(services).toContainText('billing');
  await expect(services).toContainText('service-start x');
  // The graph's cards hold the names as SVG text, isolated; their names and tooltips spell bidi controls out.
  const graph = page.getByRole('group', { name: /^Service map:/ });
  await expect(graph).toContainText('svc <img');
  await expect(graph.getByRole('button', { name: `svc ${IMG}⟨U+202E⟩, service` })).toBeVisible();
  await expect(graph.getByRole('button', { name: /^service-start x+…, service/ })).toBeVisible();
  expect(await unisolatedBidi(page)).toEqual([]);
  await expectSafeAndWhole(page);

  await graph.getByRole('button', { name: /^svc / }).hover();
  expect(await unisolatedBidi(page)).toEqual([]);
  await expectSafeAndWhole(page);
  await page.screenshot({ path: info.outputPath('map.png') });
});

test('compare: rows and the compared spans show names as text, isolated and clipped', async ({ page }, info) => {
  await page.goto(`${origin}/compare/${A}/${B}`);
  const rows = page.getByRole('treegrid', { name: 'Aligned spans' }).getByRole('row');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toContainText(ROOT_NAME);
  expect(await readsLeftToRight(page, '[aria-label="Aligned spans"]', '<script>')).toBe(true);
  expect(await unisolatedBidi(page)).toEqual([]);
  await expectSafeAndWhole(page);

  await rows.nth(1).click();
  const compared = page.getByRole('region', { name: 'Compared spans' });
  await expect(compared.getByRole('row', { name: /^Span/ })).toContainText(ENTITIES);
  await expect(compared).toContainText(`${IMG}${SCRIPT}`);
  await expect(compared).toContainText('key⟨U+202E⟩yek');
  await expect(compared).toContainText('characters');
  expect((await compared.textContent())!.length).toBeLessThan(30_000);
  expect(await unisolatedBidi(page)).toEqual([]);
  await expectSafeAndWhole(page);
  await page.screenshot({ path: info.outputPath('compare.png') });
});

test('a page of another origin cannot read the API or import through it, even on 127.0.0.1 with the session cookie', async ({ page }) => {
  // A real server on another port of the same host: the same site, so the SameSite=Strict cookie goes along.
  const other = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>another page</title>'));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
  const before = (await serve.api<{ traces: unknown[] }>('/traces?limit=100')).body.traces.length;
  const archive = JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [{ traceId: 'c0'.repeat(16), spanId: 'c0'.repeat(8), name: 'planted', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] });
  const attempts = await page.evaluate(
    async ([api, body]) => {
      const outcome = (request: Promise<Response>) => request.then((res) => `answered ${res.type} ${res.status}`, () => 'failed');
      return {
        read: await outcome(fetch(`${api}/services`, { credentials: 'include' })),
        readWithHeader: await outcome(fetch(`${api}/services`, { credentials: 'include', headers: { Authorization: 'Bearer guess' } })),
        events: await new Promise<string>((resolve) => {
          const events = new EventSource(`${api}/events`, { withCredentials: true });
          events.onopen = () => resolve('open');
          events.onerror = () => resolve('failed');
        }),
        blindImport: await outcome(fetch(`${api}/import`, { method: 'POST', mode: 'no-cors', credentials: 'include', body, headers: { 'Content-Type': 'text/plain' } })),
      };
    },
    [serve.urls.api, archive] as const,
  );
  expect(attempts).toEqual({ read: 'failed', readWithHeader: 'failed', events: 'failed', blindImport: 'answered opaque 0' });
  expect((await serve.api<{ traces: unknown[] }>('/traces?limit=100')).body.traces).toHaveLength(before);
  expect((await serve.api<{ traces: unknown[] }>('/traces/c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0')).status).toBe(404);
  other.close();
});
