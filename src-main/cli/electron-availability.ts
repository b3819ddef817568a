/** Whether the desktop window can open here, and if not, the one-line reason `npm start` prints. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { failureLine } from '../electron/electron-sqlite';

export function electronUnavailableReason(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  electronBinary: string | undefined,
  downloadFailure?: string,
): string | undefined {
  if (electronBinary === undefined || !existsSync(electronBinary)) {
    return downloadFailure === undefined
      ? 'the Electron binary is not installed (it is fetched on first run, and this machine cannot download it)'
      : `the Electron binary is not installed and could not be downloaded (${downloadFailure})`;
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
  return undefined;
}

/** The Electron executable to start, fetching it on the first start, or why there is none or it cannot show a window. */
export function availableElectron(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): { binary: string } | { reason: string } {
  const downloadFailure = installedElectronBinary() === undefined ? downloadElectronBinary() : undefined;
  const binary = installedElectronBinary();
  const reason = electronUnavailableReason(env, platform, binary, downloadFailure);
  return reason === undefined && binary !== undefined ? { binary } : { reason: reason ?? 'the Electron binary is not installed' };
}

/** The Electron executable the `electron` package installed, or undefined when it has none yet. */
export function installedElectronBinary(): string | undefined {
  try {
    const pathFile = join(electronPackageDir(), 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    return join(electronPackageDir(), 'dist', readFileSync(pathFile, 'utf8').trim());
  } catch {
    return undefined;
  }
}

/** Runs the `electron` package's own download (done on first run, not at install); undefined when it worked. */
export function downloadElectronBinary(): string | undefined {
  const result = spawnSync(process.execPath, [join(electronPackageDir(), 'install.js')], { encoding: 'utf8' });
  if (result.status === 0) return undefined;
  return failureLine(`${result.stdout ?? ''}\n${result.stderr ?? ''}\n${result.error?.message ?? ''}`) ?? `exit code ${result.status}`;
}

export function electronVersion(): string {
  return (JSON.parse(readFileSync(join(electronPackageDir(), 'package.json'), 'utf8')) as { version: string }).version;
}

function electronPackageDir(): string {
  return join(require.resolve('electron/package.json'), '..');
}
