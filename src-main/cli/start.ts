/**
 * `npm start`: the desktop app where Electron can run; elsewhere one line saying why, then the headless
 * server with its UI URL, so the main job still runs. On the first start it fetches Electron's binary and builds
 * better-sqlite3 for Electron (electron/electron-sqlite.ts); later starts find both.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { electronSqlitePaths, ensureElectronSqlite, installedBuildSteps } from '../electron/electron-sqlite';
import { SQLITE_BINDING_ENV } from '../store/sqlite-binding';
import { availableElectron, electronVersion } from './electron-availability';
import { main } from './main';

const projectRoot = join(__dirname, '..', '..');

function desktopOrReason(): { binary: string; binding: string } | { reason: string } {
  const electron = availableElectron(process.env, process.platform);
  if ('reason' in electron) return electron;
  const version = electronVersion();
  const paths = electronSqlitePaths(projectRoot, version, process.platform, process.arch);
  const steps = installedBuildSteps(projectRoot);
  if (!steps.exists(paths.binding)) process.stderr.write(`Building better-sqlite3 for Electron ${version} (first start only, about a minute)…\n`);
  const sqlite = ensureElectronSqlite(paths, version, steps);
  return 'reason' in sqlite ? sqlite : { binary: electron.binary, binding: sqlite.binding };
}

const desktop = desktopOrReason();
if ('binary' in desktop) {
  const env = { ...process.env, [SQLITE_BINDING_ENV]: desktop.binding };
  const child = spawn(desktop.binary, [join(__dirname, 'index.js'), ...process.argv.slice(2)], { stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(`Spanscope cannot open its window: ${desktop.reason}; running headless instead.\n`);
  main(['serve', ...process.argv.slice(2)]).then((code) => process.exit(code));
}
