/** Whether the desktop window can open here, and if not, the one-line reason `npm start` prints. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function electronUnavailableReason(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, electronBinary: string | undefined): string | undefined {
  if (electronBinary === undefined || !existsSync(electronBinary)) {
    return 'the Electron binary is not installed (it is fetched on first run, and this machine cannot download it)';
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
  return undefined;
}

/** The Electron executable the `electron` package installed, or undefined when it has none yet. */
export function installedElectronBinary(): string | undefined {
  try {
    const dir = join(require.resolve('electron/package.json'), '..');
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    return join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  } catch {
    return undefined;
  }
}
