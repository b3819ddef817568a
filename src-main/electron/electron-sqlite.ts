/**
 * better-sqlite3 for Electron in development. npm builds the addon for Node, which tests and `serve` use; Electron
 * has an ABI of its own, so `npm start` builds a second copy once, in a folder named by the Electron version, and
 * the main process names it to the core (store/sqlite-binding.ts). `npm run dist` packages the same build as a
 * resource of the app (package-app.ts).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Where `npm run dist` puts the Electron build for electron-builder (package.json build.extraResources)... */
export const PACKAGE_SQLITE_SOURCE = 'node_modules/.cache/spanscope/package/better_sqlite3.node';
/** ...and its name in the installed app's resources folder. */
export const PACKAGED_SQLITE_RESOURCE = 'better_sqlite3.node';

export interface ElectronSqlitePaths {
  buildDir: string;
  binding: string;
}

export interface BuildSteps {
  exists(path: string): boolean;
  /** Copies the installed better-sqlite3 package, without its Node build, into buildDir/node_modules. */
  copyPackage(buildDir: string): void;
  /** Builds buildDir's better-sqlite3 for an Electron version: a prebuilt binary when one is published, else from source. */
  rebuild(buildDir: string, electronVersion: string): { status: number | null; output: string };
}

export type ElectronSqlite = { binding: string } | { reason: string };

export function electronSqlitePaths(projectRoot: string, electronVersion: string, platform: string, arch: string): ElectronSqlitePaths {
  const buildDir = join(projectRoot, 'node_modules', '.cache', 'spanscope', `better-sqlite3-electron-${electronVersion}-${platform}-${arch}`);
  return { buildDir, binding: join(buildDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node') };
}

export function ensureElectronSqlite(paths: ElectronSqlitePaths, electronVersion: string, steps: BuildSteps): ElectronSqlite {
  if (steps.exists(paths.binding)) return { binding: paths.binding };
  steps.copyPackage(paths.buildDir);
  const { status, output } = steps.rebuild(paths.buildDir, electronVersion);
  if (status === 0 && steps.exists(paths.binding)) return { binding: paths.binding };
  return { reason: `better-sqlite3 could not be built for Electron ${electronVersion} (${failureLine(output) ?? `exit code ${status}`})` };
}

/** What a failed build's output says went wrong: the first paragraph naming an error (without its stack), else the last line. */
export function failureLine(output: string): string | undefined {
  const lines = output.split('\n').map((line) => line.trim());
  const start = lines.findIndex((line) => /error/i.test(line));
  if (start < 0) return lines.filter((line) => line !== '').at(-1);
  const end = lines.findIndex((line, i) => i > start && (line === '' || line.startsWith('at ')));
  return lines.slice(start, end < 0 ? undefined : end).join(' ');
}

/** The environment for the build: without npm's `nodedir`, which would compile against Node's headers, not Electron's. */
export function electronBuildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.toLowerCase() !== 'npm_config_nodedir'));
}

/** The steps on this machine: copies from the project's node_modules, and @electron/rebuild's command. */
export function installedBuildSteps(projectRoot: string): BuildSteps {
  const modules = join(projectRoot, 'node_modules');
  return {
    exists: existsSync,
    copyPackage(buildDir) {
      const source = join(modules, 'better-sqlite3');
      const nodeBuild = join(source, 'build');
      mkdirSync(buildDir, { recursive: true });
      cpSync(source, join(buildDir, 'node_modules', 'better-sqlite3'), { recursive: true, dereference: true, filter: (path) => path !== nodeBuild && !path.startsWith(nodeBuild + sep) });
      writeFileSync(join(buildDir, 'package.json'), JSON.stringify({ name: 'spanscope-electron-sqlite', private: true, dependencies: { 'better-sqlite3': '*' } }));
    },
    rebuild(buildDir, electronVersion) {
      const cli = join(modules, '@electron', 'rebuild', 'lib', 'cli.js');
      const result = spawnSync(process.execPath, [cli, '--version', electronVersion, '--module-dir', buildDir, '--only', 'better-sqlite3', '--force'], {
        cwd: buildDir,
        encoding: 'utf8',
        env: electronBuildEnv(process.env),
      });
      return { status: result.status, output: `${result.stdout ?? ''}\n${result.stderr ?? ''}\n${result.error?.message ?? ''}` };
    },
  };
}
