/** A trace cut at the per-trace span limit says so in its header. */
import { expect, test } from '@playwright/test';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { span } from '../helpers/spans';

const TRACE = '7a11ce00'.repeat(4);
let serve: ServeProcess;

test.beforeAll(async () => {
  serve = await startServe(['--max-spans-per-trace', '5']);
  const root = span({ traceId: TRACE, spanId: '01'.repeat(8), name: 'batch job' });
  const children = Array.from({ length: 7 }, (_, i) => span({ traceId: TRACE, spanId: (i + 2).toString(16).padStart(16, '0'), parentSpanId: root.spanId, name: `step ${i}` }));
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([root, ...children]))).status).toBe(200);
});

test.afterAll(async () => {
  await serve.stop();
});

test('the trace header says how many spans past the limit were not stored', async ({ page }) => {
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/traces/${TRACE}`);
  await expect(page.getByRole('tree', { name: 'Trace waterfall' }).getByRole('treeitem')).toHaveCount(5);
  await expect(page.locator('.trace-header')).toContainText('5 spans');
  await expect(page.locator('.trace-header')).toContainText('truncated: 3 more spans not stored');
});
