/**
 * A logs file opened in the UI: dropped on the window it becomes a source of its own, the Logs view shows its
 * records (and not live's), and "Download logs" saves them, in the view and on a trace's Logs tab.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { dropFile } from '../helpers/drop-file';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { resource, span } from '../helpers/spans';

const FIXTURE = readFileSync(join(__dirname, '..', 'fixtures', 'archives', 'checkout-logs.otlp.json'), 'utf8');
const TRACE = '5b8efff798038103d269b633813fc60c';
let serve: ServeProcess;

test.beforeAll(async () => {
  serve = await startServe();
  // One live record: the opened file's view must not show it.
  const live = { resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'frontend' } }] }, scopeLogs: [{ logRecords: [{ timeUnixNano: '1767225600000000000', severityNumber: 9, body: { stringValue: 'a live record' } }] }] }] };
  expect((await postOtlp(serve.urls.otlpHttp, JSON.stringify(live), 'application/json', {}, '/v1/logs')).status).toBe(200);
});
test.afterAll(async () => {
  await serve.stop();
});

const logsTable = (page: Page) => page.getByRole('table', { name: 'Logs', exact: true });

test('a logs file opened as a source shows its records in the Logs view, apart from live, and Download logs saves them', async ({ page }, info) => {
  await page.goto(serve.urls.ui);
  await dropFile(page, 'checkout-logs.otlp.json', FIXTURE);
  await expect(page.getByRole('status')).toHaveText('checkout-logs.otlp.json: otlp-json, 0 traces, 0 spans, 3 log records');
  await expect(page).toHaveURL(/\/\?source=f\d+$/);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Logs' }).click();
  await expect(page).toHaveURL(/\/logs\?source=f\d+$/);
  const rows = logsTable(page).getByRole('row');
  await expect(rows).toHaveCount(4); // the header and the file's three records
  await expect(rows.nth(1)).toContainText('retrying the card processor');
  await expect(rows.nth(2)).toContainText('card declined');
  await expect(rows.nth(3)).toContainText('cart checked out: 3 items');
  await expect(logsTable(page)).not.toContainText('a live record');
  await page.screenshot({ path: info.outputPath('logs-of-a-file.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download logs' }).click()]);
  expect(download.suggestedFilename()).toBe('logs.otlp.json');
  const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { resourceLogs: { scopeLogs: { logRecords: { body: { stringValue?: string } }[] }[] }[] };
  expect(saved.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords.map((l) => l.body.stringValue ?? 'a map')))).toEqual(['cart checked out: 3 items', 'a map', 'retrying the card processor']);

  // The filters the view shows are the ones downloaded, in the format chosen.
  const source = new URL(page.url()).searchParams.get('source');
  await page.goto(`${new URL(serve.urls.ui).origin}/logs?source=${source}&severity=ERROR`);
  await expect(rows).toHaveCount(2);
  await page.getByRole('combobox', { name: 'Log file format' }).click();
  await page.getByRole('option', { name: 'OTLP JSON Lines' }).click();
  const [errors] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download logs' }).click()]);
  expect(errors.suggestedFilename()).toBe('logs.otlp.jsonl');
  const lines = readFileSync((await errors.path())!, 'utf8').split('\n').filter(Boolean);
  expect(lines.map((line) => JSON.parse(line).resourceLogs[0].scopeLogs[0].logRecords[0].eventName)).toEqual(['payment.failed']);
});

test("a trace's Logs tab downloads the trace's records", async ({ page }) => {
  // Live: the trace's span, and the fixture's records sent as OTLP/HTTP (two of them carry the trace's context).
  const root = span({ traceId: TRACE, spanId: 'eee19b7ec3c1b174', name: 'POST /checkout', startTimeUnixNano: 1767225599900000000n, endTimeUnixNano: 1767225601100000000n, resource: resource('checkout') });
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([root]))).status).toBe(200);
  expect((await postOtlp(serve.urls.otlpHttp, FIXTURE, 'application/json', {}, '/v1/logs')).status).toBe(200);
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/traces/${TRACE}`);
  await expect(page.getByRole('tab', { name: /^Logs/ })).toContainText('2');
  await page.getByRole('tab', { name: /^Logs/ }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download logs' }).click()]);
  expect(download.suggestedFilename()).toBe(`trace-${TRACE}-logs.otlp.json`);
  const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { resourceLogs: { scopeLogs: { logRecords: { traceId: string }[] }[] }[] };
  expect(saved.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords.map((l) => l.traceId)))).toEqual([TRACE, TRACE]);
});
