/**
 * `npm start`: the desktop app where Electron can run; elsewhere one line saying why, then the headless
 * server with its UI URL, so the main job still runs.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { electronUnavailableReason, installedElectronBinary } from './electron-availability';
import { main } from './main';

const binary = installedElectronBinary();
const reason = electronUnavailableReason(process.env, process.platform, binary);
if (reason === undefined && binary !== undefined) {
  const child = spawn(binary, [join(__dirname, 'index.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(`Spanscope cannot open its window: ${reason}; running headless instead.\n`);
  main(['serve', ...process.argv.slice(2)]).then((code) => process.exit(code));
}
