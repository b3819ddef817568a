import { existsSync, lstatSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { electronBuildEnv, electronSqlitePaths, ensureElectronSqlite, failureLine, installedBuildSteps, type BuildSteps } from '../../src-main/electron/electron-sqlite';
import { openDatabase } from '../../src-main/store/open-database';
import { SQLITE_BINDING_ENV } from '../../src-main/store/sqlite-binding';

const installed = join(__dirname, '..', '..', 'node_modules', 'better-sqlite3');
const paths = electronSqlitePaths('/project', '45.4.1', 'linux', 'x64');

/** What @electron/rebuild printed on this machine, which cannot reach Electron's header server. */
const OFFLINE_OUTPUT = `Searching dependency tree
Building modules: better-sqlite3

Error: This is most likely not a problem with node-gyp or the package itself and
is related to network connectivity. In most cases you are behind a proxy or have bad
network settings.
    at go (/work/main/node_modules/node-gyp/lib/install.js:244:21)

✖ Rebuild Failed
`;

function steps(built: boolean, rebuild: BuildSteps['rebuild']) {
  const made = new Set<string>(built ? [paths.binding] : []);
  return {
    exists: (path: string) => made.has(path),
    copyPackage: vi.fn(),
    rebuild: vi.fn((dir: string, version: string) => {
      const result = rebuild(dir, version);
      if (result.status === 0) made.add(paths.binding);
      return result;
    }),
  };
}

describe('better-sqlite3 for Electron in development', () => {
  it('keeps one build per Electron version, platform and architecture, apart from the Node build', () => {
    expect(paths.buildDir).toBe('/project/node_modules/.cache/spanscope/better-sqlite3-electron-45.4.1-linux-x64');
    expect(paths.binding).toBe(`${paths.buildDir}/node_modules/better-sqlite3/build/Release/better_sqlite3.node`);
    expect(paths.binding.startsWith(join('/project', 'node_modules', 'better-sqlite3'))).toBe(false);
  });

  it('builds once: a second start finds the build and runs nothing', () => {
    const first = steps(false, () => ({ status: 0, output: '' }));
    expect(ensureElectronSqlite(paths, '45.4.1', first)).toEqual({ binding: paths.binding });
    expect(first.copyPackage).toHaveBeenCalledWith(paths.buildDir);
    expect(first.rebuild).toHaveBeenCalledWith(paths.buildDir, '45.4.1');
    const second = steps(true, () => ({ status: 0, output: '' }));
    expect(ensureElectronSqlite(paths, '45.4.1', second)).toEqual({ binding: paths.binding });
    expect(second.copyPackage).not.toHaveBeenCalled();
    expect(second.rebuild).not.toHaveBeenCalled();
  });

  it('says why when the build fails, in one line', () => {
    const offline = steps(false, () => ({ status: 1, output: OFFLINE_OUTPUT }));
    expect(ensureElectronSqlite(paths, '45.4.1', offline)).toEqual({
      reason:
        'better-sqlite3 could not be built for Electron 45.4.1 (Error: This is most likely not a problem with node-gyp or the package itself and is related to network connectivity. In most cases you are behind a proxy or have bad network settings.)',
    });
    expect(failureLine('make: nothing\nexit 2\n')).toBe('exit 2');
  });

  it('copies the package sources, never the Node build, even from a linked node_modules', () => {
    const project = mkdtempSync(join(tmpdir(), 'spanscope-esq-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(installed, join(project, 'node_modules', 'better-sqlite3'));
    const local = electronSqlitePaths(project, '45.4.1', process.platform, process.arch);
    installedBuildSteps(project).copyPackage(local.buildDir);
    const copy = join(local.buildDir, 'node_modules', 'better-sqlite3');
    expect(lstatSync(copy).isSymbolicLink()).toBe(false);
    expect(existsSync(join(copy, 'binding.gyp'))).toBe(true);
    expect(existsSync(join(copy, 'src'))).toBe(true);
    expect(existsSync(join(copy, 'build'))).toBe(false);
    expect(existsSync(join(installed, 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
  });

  it('builds against Electron headers: npm\'s nodedir (Node\'s headers) is dropped from the environment', () => {
    expect(electronBuildEnv({ npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr', PATH: '/bin' })).toEqual({ PATH: '/bin' });
  });
});

describe('the store under another ABI', () => {
  afterEach(() => {
    delete process.env[SQLITE_BINDING_ENV];
  });

  it('loads the addon the environment names, and says which one failed', () => {
    process.env[SQLITE_BINDING_ENV] = '/nonexistent/better_sqlite3.node';
    expect(() => openDatabase(':memory:')).toThrow(/nonexistent\/better_sqlite3\.node/);
    process.env[SQLITE_BINDING_ENV] = join(installed, 'build', 'Release', 'better_sqlite3.node');
    const db = openDatabase(':memory:');
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
  });
});
