/** The Electron main process: runs the core and opens the UI in a window (the desktop issue completes this). */
import { app, BrowserWindow } from 'electron';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { defaultDataDir } from '../core/core-options';
import { startCore } from '../core/start-core';
import { parseServeArgs } from '../cli/serve-args';

async function open(): Promise<void> {
  const { options } = parseServeArgs([], {
    dataDir: defaultDataDir(),
    uiRoot: join(__dirname, '..', 'renderer'),
    token: randomBytes(24).toString('base64url'),
    writerWorkerPath: join(__dirname, 'writer-worker.js'),
  });
  const core = await startCore(options, (line) => process.stderr.write(`${line}\n`));
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  await window.loadURL(core.urls.ui);
  app.on('before-quit', () => void core.close());
}

app.whenReady().then(open, (error: Error) => {
  process.stderr.write(`spanscope: ${error.message}\n`);
  app.exit(1);
});
app.on('window-all-closed', () => app.quit());
