/**
 * The settings page. In a browser it says the server's flags are the settings; with the desktop bridge (faked
 * here exactly as the preload exposes it, since Electron cannot run on this machine) it edits and saves them.
 */
import { expect, test } from '@playwright/test';
import { protobufRequest, postOtlp } from '../helpers/otlp-bodies';
import { checkBothThemes } from '../helpers/page-checks';
import { startServe, type ServeProcess } from '../helpers/serve-process';

let serve: ServeProcess;
test.beforeAll(async () => {
  serve = await startServe();
});
test.afterAll(async () => {
  await serve.stop();
});

test('in a browser, settings show the endpoints with copy buttons, the store, the limits, and that serve flags set them', async ({ page }, info) => {
  await page.goto(serve.urls.ui);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const endpoints = page.getByRole('table', { name: 'Endpoints' });
  const otlpHttp = `${serve.urls.otlpHttp}/v1/traces`;
  await expect(endpoints.getByRole('row', { name: /OTLP\/HTTP/ })).toContainText(otlpHttp);
  await expect(endpoints.getByRole('row', { name: /OTLP\/gRPC/ })).toContainText(serve.urls.otlpGrpc);
  await expect(endpoints.getByRole('row', { name: /Zipkin/ })).toContainText(`${serve.urls.zipkin}/api/v2/spans`);
  for (const name of ['OTLP/HTTP', 'OTLP/gRPC', 'Zipkin', 'UI and API']) await expect(endpoints.getByRole('button', { name: `Copy the ${name} address` })).toBeVisible();
  await expect(page.getByText(/Spanscope \d+\.\d+\.\d+/)).toBeVisible();
  const storage = page.getByRole('table', { name: 'Storage' });
  await expect(storage).toContainText(serve.dbPath);
  await expect(storage.getByRole('row', { name: /Keep traces for/ })).toContainText('7 days');
  await expect(storage.getByRole('row', { name: /Size on disk/ })).toContainText(/\d+(\.\d)? (KB|MB) of 2 GB allowed/);
  await expect(page.getByRole('table', { name: 'Limits' }).getByRole('row', { name: /Spans per trace/ })).toContainText('200,000');
  await expect(page.getByText("the server's settings are the flags of spanscope serve")).toBeVisible();

  // Copying puts the exact address on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await endpoints.getByRole('button', { name: 'Copy the OTLP/HTTP address' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(otlpHttp);

  // The variables per language, each protocol pointing at its own port.
  const languages = page.getByRole('tablist', { name: 'Language' });
  await expect(languages.getByRole('tab')).toHaveText(['Node.js', 'Python', 'Java', 'Go', '.NET']);
  const panel = page.getByRole('tabpanel');
  await expect(panel).toContainText(`export OTEL_EXPORTER_OTLP_ENDPOINT=${serve.urls.otlpHttp}\nexport OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\nexport OTEL_SERVICE_NAME=my-service`);
  await page.getByLabel('Service name').fill('checkout');
  await languages.getByRole('tab', { name: 'Python' }).click();
  await expect(panel).toContainText('SDK default: grpc');
  await expect(panel).toContainText('opentelemetry-exporter-otlp-proto-http');
  await expect(panel).toContainText('export OTEL_SERVICE_NAME=checkout');
  await page.getByRole('combobox', { name: 'Protocol' }).click();
  await page.getByRole('option', { name: /grpc/ }).click();
  await expect(panel).toContainText(`export OTEL_EXPORTER_OTLP_ENDPOINT=http://${serve.urls.otlpGrpc}\nexport OTEL_EXPORTER_OTLP_PROTOCOL=grpc`);
  await languages.getByRole('tab', { name: 'Go' }).click();
  await expect(panel).toContainText('otlptracegrpc.New(ctx)');
  await expect(panel.getByRole('figure', { name: 'Environment' })).not.toContainText('OTEL_EXPORTER_OTLP_PROTOCOL'); // Go's exporters do not read it
  await languages.getByRole('tab', { name: '.NET' }).click();
  await page.getByRole('combobox', { name: 'Variables for' }).click();
  await page.getByRole('option', { name: 'PowerShell' }).click();
  await expect(panel).toContainText(`$env:OTEL_EXPORTER_OTLP_ENDPOINT = 'http://${serve.urls.otlpGrpc}'`);
  await panel.getByRole('button', { name: 'Copy the .NET environment variables' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("$env:OTEL_SERVICE_NAME = 'checkout'");
  await languages.getByRole('tab', { name: 'Node.js' }).click();
  await checkBothThemes(page, info, 'settings');
});

test('with the desktop bridge, settings are shown, checked and saved; Open file uses the system dialog', async ({ page }, info) => {
  await page.addInitScript(() => {
    const calls: unknown[] = [];
    (window as unknown as { desktopCalls: unknown[] }).desktopCalls = calls;
    (window as unknown as { spanscopeDesktop: unknown }).spanscopeDesktop = {
      openArchive: async () => void calls.push('openArchive'),
      recentFiles: async () => [],
      version: async () => '0.1.0',
      settings: async () => ({ otlpHttpPort: 4318, retention: '7d' }),
      saveSettings: async (s: { otlpHttpPort?: number }) => {
        calls.push(s);
        return s.otlpHttpPort && s.otlpHttpPort > 65535 ? { error: `--otlp-http-port "${s.otlpHttpPort}" is not a port (0 to 65535)` } : {};
      },
    };
  });
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/settings`);
  const form = page.getByRole('form', { name: 'Settings' });
  await expect(form.getByLabel('OTLP/HTTP port')).toHaveValue('4318');
  await form.getByLabel('OTLP/HTTP port').fill('70000');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toHaveText('--otlp-http-port "70000" is not a port (0 to 65535)');
  await form.getByLabel('OTLP/HTTP port').fill('5318');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved. Spanscope uses them from its next start.');
  expect(await page.evaluate(() => (window as unknown as { desktopCalls: unknown[] }).desktopCalls.at(-1))).toEqual({ otlpHttpPort: 5318, retention: '7d' });
  await checkBothThemes(page, info, 'settings-desktop');
  await form.screenshot({ path: info.outputPath('settings-desktop-form.png') });
  await page.getByRole('button', { name: 'Open file…' }).click();
  expect(await page.evaluate(() => (window as unknown as { desktopCalls: unknown[] }).desktopCalls.at(-1))).toBe('openArchive');
});

test('forwarding: the upstream, the counts and the last error; the desktop form saves the URL and its headers', async ({ page }, info) => {
  const upstream = await startServe();
  const upstreamUrl = upstream.urls.otlpHttp;
  await upstream.stop(); // away: what arrives waits in the queue
  const forwarding = await startServe(['--forward', upstreamUrl]);
  try {
    expect((await postOtlp(forwarding.urls.otlpHttp, protobufRequest('f0'.repeat(16), 4))).status).toBe(200);
    await page.goto(forwarding.urls.ui);
    await page.goto(`${new URL(forwarding.urls.ui).origin}/settings`);
    const table = page.getByRole('table', { name: 'Forwarding' });
    await expect(table.getByRole('row', { name: /Upstream/ })).toContainText(upstreamUrl);
    await expect(table.getByRole('row', { name: /Queued/ })).toContainText(/^Queued4 \(\d+ bytes of 256 MB on disk\)/);
    await expect(table.getByRole('row', { name: /Forwarded/ })).toContainText('0 spans and log records since this start');
    await expect(table.getByRole('row', { name: /Last error/ })).toContainText('the upstream could not be reached: ECONNREFUSED');
    // The counts follow while the page is open.
    expect((await postOtlp(forwarding.urls.otlpHttp, protobufRequest('f1'.repeat(16), 3))).status).toBe(200);
    await expect(table.getByRole('row', { name: /Queued/ })).toContainText(/^Queued7 /);
    await checkBothThemes(page, info, 'settings-forwarding');
    await page.getByRole('region', { name: 'Forwarding' }).screenshot({ path: info.outputPath('settings-forwarding-section.png') });
  } finally {
    await forwarding.stop();
  }

  // Without --forward, the page says how to start it; the desktop form sets it.
  await page.addInitScript(() => {
    const calls: unknown[] = [];
    (window as unknown as { desktopCalls: unknown[] }).desktopCalls = calls;
    (window as unknown as { spanscopeDesktop: unknown }).spanscopeDesktop = {
      openArchive: async () => {},
      recentFiles: async () => [],
      version: async () => '0.1.0',
      settings: async () => ({}),
      saveSettings: async (s: unknown) => (calls.push(s), {}),
    };
  });
  await page.goto(serve.urls.ui);
  await page.goto(`${new URL(serve.urls.ui).origin}/settings`);
  await expect(page.getByText('Not forwarding. Set "Forward to" below')).toBeVisible();
  const form = page.getByRole('form', { name: 'Settings' });
  await form.getByLabel('Forward to').fill('grpc://collector:4317');
  await form.getByLabel('Forwarding headers').fill('Authorization: Bearer abc\nX-Tenant: team-a');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved. Spanscope uses them from its next start.');
  expect(await page.evaluate(() => (window as unknown as { desktopCalls: unknown[] }).desktopCalls.at(-1))).toEqual({
    forward: 'grpc://collector:4317',
    forwardHeaders: 'Authorization: Bearer abc\nX-Tenant: team-a',
  });
});
