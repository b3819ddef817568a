/** A file still opening is shown as far as it is stored: its traces, the banner with the count so far, then all of it. */
import { expect, test } from '@playwright/test';
import type { SourceInfo } from '../../src-main/model/api';
import { startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';
import { startUpload, streamMessage } from '../helpers/slow-upload';
import { hexId } from '../helpers/spans';
import { checkBothThemes } from '../helpers/page-checks';

let serve: ServeProcess;

test.beforeAll(async () => {
  serve = await startServe();
});
test.afterAll(async () => {
  await serve.stop();
});

test('a file opening: its first trace is listed and opens while the rest is on its way, then the second arrives', async ({ page }, info) => {
  const [first, second] = [hexId(16), hexId(16)];
  const upload = startUpload(serve.urls.api, TOKEN, 'two-traces.pb', 'ui-open-while-loading');
  upload.req.write(streamMessage(first));
  let id = '';
  await expect
    .poll(async () => {
      const source = (await serve.api<{ sources: SourceInfo[] }>('/sources')).body.sources.find((s) => s.upload === 'ui-open-while-loading');
      id = source?.id ?? '';
      return source?.spans;
    })
    .toBe(300);

  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/?source=${id}`);
  await expect(page.getByText('Opening the file two-traces.pb: 300 spans in 1 trace so far.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import into live store' })).toBeDisabled();
  const list = page.getByRole('list', { name: 'Traces' });
  await expect(list.getByRole('link')).toHaveCount(1);
  await checkBothThemes(page, info, 'opening');

  upload.req.end(streamMessage(second));
  expect((await upload.answer).status).toBe(200);
  // The list grows by itself once the file is read, and the banner says it is a file being looked at.
  await expect(list.getByRole('link')).toHaveCount(2);
  await expect(page.getByText('Looking at the file two-traces.pb (otlp-protobuf-stream), not the live store.')).toBeVisible();
});
