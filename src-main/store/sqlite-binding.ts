/**
 * better-sqlite3's compiled addon when it is not the one npm built for Node: the desktop app in development runs
 * on Electron's ABI and names its own build here (electron/electron-sqlite.ts). Read from the environment because
 * the store opens connections in worker threads of a utility process, which inherit it.
 */
export const SQLITE_BINDING_ENV = 'SPANSCOPE_SQLITE_BINDING';

export function sqliteBinding(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[SQLITE_BINDING_ENV] || undefined;
}
