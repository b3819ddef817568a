/**
 * The Electron main process: starts the core in a utility process, opens one window on its UI with the window
 * policy (window-policy.ts), the menus (menu-template.ts) and the desktop extras of the preload. Archives named
 * on the command line, by a second launch, or by the OS ("open with") open as sources. Kept small: everything it
 * decides is in the modules beside it, tested without Electron.
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, safeStorage, screen, shell, utilityProcess } from 'electron';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { basename, dirname, join } from 'node:path';
import { parseServeArgs } from '../cli/serve-args';
import { defaultDataDir } from '../core/core-options';
import type { SourceInfo } from '../model/api';
import { announcedSource } from './announced-source';
import type { CoreMessage } from './core-protocol';
import { archiveArguments, launchArguments } from './file-arguments';
import { menuTemplate } from './menu-template';
import { portConflict, withFreePort } from './port-conflict';
import { withRecent } from './recent-files';
import { applyWindowPolicy, webPreferences } from './window-policy';
import { stopCoreOnQuit } from './stop-core-on-quit';
import { restoredBounds } from './window-state';
import { saveDownload } from './save-download';
import { setThemeScript, toggleMinimapScript } from './page-scripts';
import { checkSettings, settingsToServeArgs } from './settings';
import { readSavedRemoteSources, requestOf, withoutRemoteSource, withRemoteSource, type RemoteSourceRequest, type SavedRemoteSource } from './saved-remote-sources';
import { electronSqlitePaths, PACKAGED_SQLITE_RESOURCE } from './electron-sqlite';
import { privateFile } from '../store/private-files';
import { SQLITE_BINDING_ENV } from '../store/sqlite-binding';

type Ready = Extract<CoreMessage, { type: 'ready' }>;
/** The core's receivers wait up to 5 s for their requests, then the database closes. */
const CORE_STOP_GRACE_MS = 10_000;
const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
const recentPath = () => join(app.getPath('userData'), 'recent.json');
const readRecent = (): string[] => (existsSync(recentPath()) ? (JSON.parse(readFileSync(recentPath(), 'utf8')) as string[]) : []);

let window: BrowserWindow | undefined;
/** Files saved this session: with the recent files, the only ones "Show in folder" reveals. */
const savedFiles = new Set<string>();
let core: Ready | undefined;

/** The core loads better-sqlite3 as built for Electron: by `npm start` in development, or shipped as a resource. */
function useElectronSqlite(): void {
  if (process.env[SQLITE_BINDING_ENV]) return;
  const binding = app.isPackaged
    ? join(process.resourcesPath, PACKAGED_SQLITE_RESOURCE)
    : electronSqlitePaths(join(__dirname, '..', '..'), process.versions.electron, process.platform, process.arch).binding;
  if (existsSync(binding)) process.env[SQLITE_BINDING_ENV] = binding;
}

function startCoreProcess(serveArgs: string[]): Promise<Ready> {
  useElectronSqlite();
  const { options } = parseServeArgs(serveArgs, {
    dataDir: defaultDataDir(),
    uiRoot: join(__dirname, '..', 'renderer'),
    token: randomBytes(24).toString('base64url'),
    writerWorkerPath: join(__dirname, 'writer-worker.js'),
  });
  const child = utilityProcess.fork(join(__dirname, 'core-entry.js'), [JSON.stringify(options)], { stdio: 'inherit' });
  return new Promise((resolve, reject) =>
    child.once('message', (message: CoreMessage) => {
      if (message.type !== 'ready') return reject(new Error(message.message));
      stopCoreOnQuit(app, child, CORE_STOP_GRACE_MS);
      resolve(message);
    }),
  );
}

/** Starts the core; a taken port is said in a dialog that offers a free one, never a silent failure. */
async function startCoreOrAsk(serveArgs: string[]): Promise<Ready> {
  for (let args = serveArgs; ; ) {
    try {
      return await startCoreProcess(args);
    } catch (error) {
      const conflict = portConflict((error as Error).message);
      if (!conflict) throw error;
      const { response } = await dialog.showMessageBox({
        type: 'warning',
        message: `Port ${conflict.port} is already in use`,
        detail: `Another program, or another Spanscope, listens on it (${conflict.flag}). Spanscope can use a free port instead; services sending spans then need the new address (Help → Copy the OTLP endpoints).`,
        buttons: ['Use a free port', 'Quit'],
        defaultId: 0,
      });
      if (response !== 0) app.exit(2); // the user chose to quit: the reason was on screen
      args = withFreePort(args, conflict.flag);
    }
  }
}

const windowStatePath = () => join(app.getPath('userData'), 'window.json');
const settingsPath = () => join(app.getPath('userData'), 'settings.json');

function readSettings() {
  if (!existsSync(settingsPath())) return {};
  const checked = checkSettings(JSON.parse(readFileSync(settingsPath(), 'utf8')) as unknown);
  return 'settings' in checked ? checked.settings : {};
}

function savedBounds() {
  const saved = existsSync(windowStatePath()) ? (JSON.parse(readFileSync(windowStatePath(), 'utf8')) as unknown) : undefined;
  return restoredBounds(saved, screen.getAllDisplays().map((d) => d.workArea));
}

const remoteSourcesPath = () => join(app.getPath('userData'), 'remote-sources.json');
const readRemoteSources = (): SavedRemoteSource[] => (existsSync(remoteSourcesPath()) ? readSavedRemoteSources(JSON.parse(readFileSync(remoteSourcesPath(), 'utf8')) as unknown) : []);
const writeRemoteSources = (saved: SavedRemoteSource[]) => {
  mkdirSync(dirname(remoteSourcesPath()), { recursive: true });
  writeFileSync(remoteSourcesPath(), JSON.stringify(saved, null, 2), { mode: 0o600 });
};

/** Adds a remote source to the core: its header values go from here to the core, never back to the page. */
async function addRemoteToCore(remote: RemoteSourceRequest): Promise<{ source?: SourceInfo; error?: string }> {
  const res = await fetch(`${new URL(core!.urls.api).origin}/api/sources/remote`, { method: 'POST', headers: { Authorization: `Bearer ${core!.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(remote) });
  const answer = (await res.json()) as SourceInfo & { error?: string };
  return res.ok ? { source: answer } : { error: answer.error ?? `the core answered ${res.status}` };
}

/** Streams a file to the core as a new source, and shows it as soon as the core announces it (while it loads). */
function openArchive(path: string): void {
  if (!core || !window) return;
  const api = new URL(core.urls.api);
  const headers = { Authorization: `Bearer ${core.token}` };
  const token = randomBytes(12).toString('hex');
  let answered = false;
  let shown: string | undefined;
  const show = (id: string) => {
    if (shown === undefined) void window?.loadURL(`${api.origin}/?source=${encodeURIComponent(id)}`);
    shown = id;
  };
  const listSources = async () => ((await (await fetch(`${api.origin}/api/sources`, { headers })).json()) as { sources: SourceInfo[] }).sources;
  void announcedSource(listSources, token, () => answered).then((id) => id && show(id));
  const upload = request({ host: api.hostname, port: api.port, method: 'POST', path: `/api/sources?name=${encodeURIComponent(basename(path))}&upload=${token}`, headers }, (res) => {
    let body = '';
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => {
      answered = true;
      const answer = JSON.parse(body) as { id?: string; error?: string };
      if (answer.id) {
        mkdirSync(dirname(recentPath()), { recursive: true });
        writeFileSync(recentPath(), JSON.stringify(withRecent(readRecent(), path)));
        buildMenu();
        show(answer.id);
      } else {
        if (shown !== undefined) void window?.loadURL(`${api.origin}/`);
        dialog.showErrorBox('Spanscope could not open the file', answer.error ?? body);
      }
    });
  });
  upload.on('error', (error) => {
    answered = true;
    dialog.showErrorBox('Spanscope could not open the file', error.message);
  });
  createReadStream(path).pipe(upload);
}

async function chooseArchive(): Promise<void> {
  const result = await dialog.showOpenDialog({ properties: ['openFile', 'multiSelections'], title: 'Open a trace or logs file' });
  for (const path of result.filePaths) openArchive(path);
}

function buildMenu(): void {
  const origin = core ? new URL(core.urls.api).origin : '';
  const go = (path: string) => void window?.loadURL(`${origin}${path}`);
  const template = menuTemplate(
    {
      openArchive: () => void chooseArchive(),
      openRecent: openArchive,
      saveTrace: () => window?.webContents.executeJavaScript("document.querySelector('[data-save]')?.click()"),
      exportResults: () => window?.webContents.executeJavaScript("document.querySelector('[data-save]')?.click()"),
      closeSource: () => go('/'),
      setTheme: (theme) => window?.webContents.executeJavaScript(setThemeScript(theme)),
      toggleMinimap: () => window?.webContents.executeJavaScript(toggleMinimapScript()),
      openDataFolder: () => void shell.openPath(defaultDataDir()),
      copyEndpoints: () => core && clipboard.writeText(`OTLP/HTTP ${core.urls.otlpHttp}\nOTLP/gRPC ${core.urls.otlpGrpc}\nZipkin ${core.urls.zipkin}`),
      about: () => void dialog.showMessageBox({ message: `Spanscope ${app.getVersion()}`, detail: `Data: ${core?.urls.db ?? ''}` }),
    },
    readRecent(),
    process.platform === 'darwin',
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template as Electron.MenuItemConstructorOptions[]));
}

async function open(): Promise<void> {
  // Saved settings first: the command line's flags come after them and win.
  core = await startCoreOrAsk([...settingsToServeArgs(readSettings()), ...launchArguments(process.argv, process.cwd(), isFile).serveArgs]);
  window = new BrowserWindow({ ...savedBounds(), title: 'Spanscope', webPreferences: webPreferences(join(__dirname, '..', 'preload', 'index.js')) });
  window.on('close', () => {
    mkdirSync(dirname(windowStatePath()), { recursive: true });
    if (window) writeFileSync(windowStatePath(), JSON.stringify(window.getBounds()));
  });
  applyWindowPolicy(window.webContents, new URL(core.urls.api).origin, (url) => void shell.openExternal(url));
  ipcMain.handle('spanscope:open-archive', () => chooseArchive());
  ipcMain.handle('spanscope:recent-files', () => readRecent());
  ipcMain.handle('spanscope:version', () => app.getVersion());
  ipcMain.handle('spanscope:save-as', async (_event, apiPath: string) => {
    const answer = await saveDownload(apiPath, { origin: new URL(core!.urls.api).origin, token: core!.token }, {
      fetch: (url, headers) => fetch(url, { headers }).then((res) => ({ status: res.status, headers: res.headers, bytes: async () => new Uint8Array(await res.arrayBuffer()) })),
      choosePath: async (name) => (await dialog.showSaveDialog(window!, { defaultPath: join(app.getPath('downloads'), name) })).filePath || undefined,
      write: (path, bytes) => writeFile(path, bytes),
    });
    if (answer.path) savedFiles.add(answer.path);
    return answer;
  });
  ipcMain.handle('spanscope:reveal-in-folder', (_event, path: string) => {
    if (savedFiles.has(path) || readRecent().includes(path)) shell.showItemInFolder(path);
  });
  ipcMain.handle('spanscope:settings', () => readSettings());
  ipcMain.handle('spanscope:save-settings', (_event, value: unknown) => {
    const checked = checkSettings(value);
    if ('error' in checked) return checked;
    mkdirSync(dirname(settingsPath()), { recursive: true });
    privateFile(settingsPath()); // the forwarding headers may hold a token
    writeFileSync(settingsPath(), JSON.stringify(checked.settings, null, 2));
    return {};
  });
  // Remote sources are saved with their header values encrypted by the keychain (saved-remote-sources.ts).
  ipcMain.handle('spanscope:add-remote-source', async (_event, remote: RemoteSourceRequest) => {
    const answer = await addRemoteToCore(remote);
    if (answer.source) writeRemoteSources(withRemoteSource(readRemoteSources(), { kind: remote.kind, url: answer.source.remote!.url, headers: remote.headers }, safeStorage));
    return answer;
  });
  ipcMain.handle('spanscope:forget-remote-source', (_event, kind: RemoteSourceRequest['kind'], url: string) => writeRemoteSources(withoutRemoteSource(readRemoteSources(), kind, url)));
  // Not waited for: a backend that is down must not hold up the window; each source shows once the core adds it.
  for (const saved of readRemoteSources()) void addRemoteToCore(requestOf(saved, safeStorage)).catch(() => {});
  buildMenu();
  await window.loadURL(core.urls.ui);
  for (const path of archiveArguments(process.argv, process.cwd(), isFile)) openArchive(path);
}

if (!app.requestSingleInstanceLock()) app.quit();
else {
  // A second launch hands its files to this one; macOS "open with" does the same.
  app.on('second-instance', (_event, argv, cwd) => {
    for (const path of archiveArguments(argv, cwd, isFile)) openArchive(path);
    window?.focus();
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openArchive(path);
  });
  app
    .whenReady()
    .then(open)
    .catch((error: Error) => {
      process.stderr.write(`spanscope: ${error.message}\n`);
      dialog.showErrorBox('Spanscope could not start', error.message);
      app.exit(1);
    });
  app.on('window-all-closed', () => app.quit());
}
