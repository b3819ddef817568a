/**
 * `npm start`: the desktop app where Electron can run; elsewhere one line saying why, then the headless
 * server with its UI URL, so the main job still runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from './main';

export function electronUnavailableReason(env: NodeJS.ProcessEnv, electronBinary: string | undefined): string | undefined {
  if (electronBinary === undefined || !existsSync(electronBinary)) {
    return 'the Electron binary is not installed (it is fetched on first run, and this machine cannot download it)';
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
  return undefined;
}

function electronBinary(): string | undefined {
  try {
    const dir = join(require.resolve('electron/package.json'), '..');
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const relative = readFileSync(pathFile, 'utf8').trim();
    return join(dir, 'dist', relative);
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const reason = electronUnavailableReason(process.env, binary);
if (reason === undefined && binary !== undefined) {
  const child = spawn(binary, [join(__dirname, 'index.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(`Spanscope cannot open its window: ${reason}; running headless instead.\n`);
  main(['serve', ...process.argv.slice(2)]).then((code) => process.exit(code));
}
