/** The bench's HTTP side: a `spanscope serve` of the built app, OTLP posts over keep-alive sockets, and latencies. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import type { CoreUrls } from '../../src-main/core/start-core';
import { CLI } from '../helpers/serve-process';
import type { ProbeAnswer } from './latency-probe';

const PROBE = join(__dirname, 'latency-probe.ts');

export const TOKEN = 'bench';
export const SENDERS = 4;
export const MANY_SENDERS = 8;

export type Report = (what: string, figure: string, target?: string) => void;

export async function startServe(dbPath: string, extraArgs: string[] = []): Promise<{ urls: CoreUrls; child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--json', '--db', dbPath, '--token', TOKEN, '--ui-port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--zipkin-port', '0', '--max-db-size', '0', '--retention', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { urls: JSON.parse(line) as CoreUrls, child, exited };
}

const agent = new Agent({ keepAlive: true, maxSockets: MANY_SENDERS });
export function post(url: URL, body: Buffer, contentType: string, path = '/v1/traces'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'POST', agent, headers: { 'Content-Type': contentType, 'Content-Length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `senders` loops, each sending its next body as soon as the last is answered; 503 answers are retried. */
export async function sendAll(bodies: Buffer[], send: (body: Buffer) => Promise<boolean>, senders = SENDERS): Promise<{ ms: number; retries: number }> {
  let next = 0;
  let retries = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        while (!(await send(body))) {
          retries++;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }),
  );
  return { ms: performance.now() - start, retries };
}

export function closeAgent(): void {
  agent.destroy();
}

/**
 * p50 and p95 of `runs` requests after `warmups` (the JIT compiles the path), and the very first, cold. Timed to the
 * last byte by latency-probe.ts in a process of its own, so this process's collections are not counted as the
 * server's time (nor, as with fetch before, a new megabyte kept per answer).
 */
export async function measureLatency(report: Report, label: string, url: string, target: string, runs = 40, warmups = 6): Promise<void> {
  const run = spawnSync(process.execPath, [...process.execArgv, PROBE, url, TOKEN, String(runs + warmups)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${label}: ${run.stderr}`);
  const { times, statuses, first } = JSON.parse(run.stdout) as ProbeAnswer;
  const failed = statuses.findIndex((status) => status !== 200);
  if (failed !== -1) throw new Error(`${label}: ${statuses[failed]} ${failed === 0 ? first : ''}`);
  const body = JSON.parse(first) as { traces?: unknown[]; spans?: unknown[]; edges?: unknown[]; rows?: unknown[]; series?: unknown[]; logs?: unknown[]; operations?: unknown[]; runs?: unknown[]; keys?: unknown[] };
  const count = (body.traces ?? body.spans ?? body.edges ?? body.rows ?? body.series ?? body.logs ?? body.operations ?? body.runs ?? body.keys ?? []).length;
  const cold = times[0];
  const measured = times.slice(warmups).sort((a, b) => a - b);
  const p = (q: number) => measured[Math.min(measured.length - 1, Math.floor(q * measured.length))].toFixed(1);
  report(`${label} (${count} results)`, `p50 ${p(0.5)} ms, p95 ${p(0.95)} ms (first, cold: ${cold.toFixed(1)} ms)`, target);
}
