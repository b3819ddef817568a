/**
 * A launch's arguments (`npm start -- --db PATH FILE…`, the packaged app's, a second launch's): the `serve` flags
 * the core takes, and the archive files to open. Electron's and Chromium's own switches are left out.
 */
import { resolve } from 'node:path';
import { SERVE_VALUE_FLAGS } from '../cli/serve-args';

export function launchArguments(argv: readonly string[], cwd: string, isFile: (path: string) => boolean): { serveArgs: string[]; files: string[] } {
  const serveArgs: string[] = [];
  const candidates: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (SERVE_VALUE_FLAGS.has(arg) && i + 1 < argv.length) serveArgs.push(arg, argv[++i]);
    else if (SERVE_VALUE_FLAGS.has(arg.split('=')[0])) serveArgs.push(arg);
    else if (!arg.startsWith('-') && !/(^|[/\\])(index|main)\.js$/.test(arg) && !/electron(\.exe)?$/i.test(arg)) candidates.push(arg);
  }
  return { serveArgs, files: candidates.map((arg) => resolve(cwd, arg)).filter(isFile) };
}

export function archiveArguments(argv: readonly string[], cwd: string, isFile: (path: string) => boolean): string[] {
  return launchArguments(argv, cwd, isFile).files;
}
