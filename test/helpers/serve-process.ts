/** Runs the built `spanscope serve` as a child process, as users run it, on free ports. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CoreUrls } from '../../src-main/core/start-core';

export const CLI = join(__dirname, '..', '..', 'bin', 'spanscope.js');
export const TOKEN = 'test-token';

export interface ServeProcess {
  urls: CoreUrls;
  dbPath: string;
  child: ChildProcess;
  stderr: () => string;
  api<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'spanscope-test-')), 'spans.db');
}

/** `env` is added to this process's environment for the child. */
export async function startServe(extraArgs: string[] = [], dbPath = tempDbPath(), env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const args = [CLI, 'serve', '--json', '--db', dbPath, '--token', TOKEN, '--ui-port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--zipkin-port', '0', ...extraArgs];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const urls = await new Promise<CoreUrls>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(JSON.parse(line) as CoreUrls));
    exited.then((code) => reject(new Error(`spanscope serve exited with ${code}: ${stderr}`)));
  });
  return {
    urls,
    dbPath,
    child,
    stderr: () => stderr,
    async api<T>(path: string, init: RequestInit = {}) {
      const res = await fetch(`${urls.api}${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, ...(init.headers ?? {}) } });
      return { status: res.status, body: (await res.json()) as T };
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
