/**
 * The desktop app itself (Playwright's `_electron`): it launches, shows the window on the core's UI, and a trace
 * sent to its OTLP port opens in it. Runs where Electron can start; elsewhere it is reported as skipped with
 * the same reason `npm start` prints.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { join } from 'node:path';
import { availableElectron, electronVersion } from '../../src-main/cli/electron-availability';
import { electronSqlitePaths, ensureElectronSqlite, installedBuildSteps } from '../../src-main/electron/electron-sqlite';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { tempDbPath } from '../helpers/serve-process';
import { hexId, resource, span } from '../helpers/spans';

const projectRoot = join(__dirname, '..', '..');
const available = availableElectron(process.env, process.platform);
const binary = 'binary' in available ? available.binary : undefined;
const reason = 'reason' in available ? available.reason : sqliteUnavailableReason();

/** What `npm start` does on a first start: better-sqlite3 built for this Electron, which the main process then finds. */
function sqliteUnavailableReason(): string | undefined {
  const version = electronVersion();
  const built = ensureElectronSqlite(electronSqlitePaths(projectRoot, version, process.platform, process.arch), version, installedBuildSteps(projectRoot));
  return 'reason' in built ? built.reason : undefined;
}

test('the desktop window opens on the core and shows a trace sent to it', async () => {
  test.skip(reason !== undefined, `Electron cannot start here: ${reason}`);
  const otlpPort = 43_000 + Math.floor(Math.random() * 1000);
  const app = await electron.launch({
    executablePath: binary,
    args: [join(projectRoot, 'out', 'main', 'index.js'), '--db', tempDbPath(), '--ui-port', '0', '--otlp-http-port', String(otlpPort), '--otlp-grpc-port', '0', '--zipkin-port', '0'],
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('link', { name: 'Spanscope' })).toBeVisible();
    const traceId = hexId(16);
    const spans = [span({ traceId, spanId: hexId(8), name: 'GET /desktop', resource: resource('desktop-test') })];
    expect((await postOtlp(`http://127.0.0.1:${otlpPort}`, encodeTraceRequestProtobuf(spans))).status).toBe(200);
    await window.goto(`${new URL(window.url()).origin}/traces/${traceId}`);
    await expect(window.getByRole('treeitem', { name: 'desktop-test GET /desktop' })).toBeVisible();
    // The window policy: the preload's bridge is there, Node is not.
    expect(await window.evaluate(() => typeof (window as unknown as { spanscopeDesktop?: unknown }).spanscopeDesktop)).toBe('object');
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  } finally {
    await app.close();
  }
});
