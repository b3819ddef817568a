/**
 * `npm run dist`: the installers of package.json's "build" (AppImage and deb, dmg, nsis: the host's own).
 * better-sqlite3 goes in as built for the pinned Electron (electron-sqlite.ts), as a resource the main process
 * names to the core; electron-builder's own rebuild is off because it rebuilds node_modules in place, which would
 * take away the Node build that tests and `serve` load.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { electronVersion } from '../cli/electron-availability';
import { electronSqlitePaths, ensureElectronSqlite, installedBuildSteps, PACKAGE_SQLITE_SOURCE } from './electron-sqlite';

const projectRoot = join(__dirname, '..', '..');
const version = electronVersion();
const sqlite = ensureElectronSqlite(electronSqlitePaths(projectRoot, version, process.platform, process.arch), version, installedBuildSteps(projectRoot));
if ('reason' in sqlite) {
  process.stderr.write(`spanscope dist: ${sqlite.reason}\n`);
  process.exit(1);
}
const packaged = join(projectRoot, PACKAGE_SQLITE_SOURCE);
mkdirSync(dirname(packaged), { recursive: true });
copyFileSync(sqlite.binding, packaged);
const builder = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'electron-builder', 'cli.js'), '--publish', 'never', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
});
process.exit(builder.status ?? 1);
