import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_SQLITE_SOURCE, PACKAGED_SQLITE_RESOURCE } from '../../src-main/electron/electron-sqlite';

const projectRoot = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
const build = pkg.build;

interface Association {
  ext: string | string[];
  rank?: string;
}
const extensions = (list: Association[]) => list.flatMap((a) => a.ext);

describe('the packaging config (npm run dist)', () => {
  it('makes AppImage and deb, dmg, and nsis installers', () => {
    expect(pkg.scripts.dist).toMatch(/package-app\.ts/);
    expect(build.linux.target).toEqual(['AppImage', 'deb']);
    expect(build.mac.target).toEqual(['dmg']);
    expect(build.win.target).toEqual(['nsis']);
  });

  it('ships better-sqlite3 built for Electron where the main process looks, and leaves node_modules alone', () => {
    expect(build.extraResources).toEqual([{ from: PACKAGE_SQLITE_SOURCE, to: PACKAGED_SQLITE_RESOURCE }]);
    expect(build.npmRebuild).toBe(false);
  });

  it('associates archive files: OTLP protobuf everywhere, the generic JSON and gzip only as an alternative', () => {
    expect(extensions(build.fileAssociations)).toEqual(['otlp', 'binpb']);
    expect(extensions(build.linux.fileAssociations)).toEqual(expect.arrayContaining(['otlp', 'binpb', 'pb', 'json', 'jsonl', 'ndjson', 'gz']));
    const generic = (build.mac.fileAssociations as Association[]).filter((a) => extensions([a]).includes('json'));
    expect(generic.map((a) => a.rank)).toEqual(['Alternate']);
    expect(build.nsis.perMachine).toBe(true); // NSIS registers associations only for per-machine installs
  });
});

/**
 * The packaging itself, with a stand-in for Electron's binary (it cannot be downloaded here) and `--dir`
 * (the installers' tools are downloaded from GitHub). What it checks is ours: which files the app holds.
 */
describe('a packaged app', () => {
  it('holds the built app, its runtime dependencies and the Electron addon, and nothing of the sources or tests', () => {
    const electronDist = mkdtempSync(join(tmpdir(), 'spanscope-electron-'));
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\n');
    chmodSync(join(electronDist, 'electron'), 0o755);
    const addon = join(projectRoot, PACKAGE_SQLITE_SOURCE);
    if (!existsSync(addon)) {
      mkdirSync(join(addon, '..'), { recursive: true });
      copyFileSync(join(projectRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), addon);
    }
    const output = mkdtempSync(join(tmpdir(), 'spanscope-dist-'));
    const cli = join(projectRoot, 'node_modules', 'electron-builder', 'cli.js');
    const run = spawnSync(process.execPath, [cli, '--dir', '--linux', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.electronVersion=${pkg.devDependencies.electron}`, `-c.directories.output=${output}`], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const app = join(output, 'linux-unpacked');
    const has = (path: string) => existsSync(join(app, path));
    expect(has('spanscope')).toBe(true);
    expect(has(`resources/${PACKAGED_SQLITE_RESOURCE}`)).toBe(true);
    for (const file of ['main/index.js', 'main/core-entry.js', 'main/writer-worker.js', 'main/archive-worker.js', 'main/read-worker.js', 'preload/index.js', 'renderer/index.html']) {
      expect(has(`resources/app/out/${file}`), file).toBe(true);
    }
    const packagedMain = JSON.parse(readFileSync(join(app, 'resources/app/package.json'), 'utf8')).main;
    expect(has(`resources/app/${packagedMain}`)).toBe(true);
    expect(has('resources/app/node_modules/better-sqlite3/lib/index.js')).toBe(true);
    expect(has('resources/app/node_modules/@grpc/grpc-js')).toBe(true);
    expect(has('resources/app/node_modules/better-sqlite3/build')).toBe(false);
    for (const devOnly of ['electron', 'vitest', 'svelte', 'echarts', 'src-main', 'test']) {
      expect(has(`resources/app/node_modules/${devOnly}`) || has(`resources/app/${devOnly}`), devOnly).toBe(false);
    }
  }, 120_000);
});
