/**
 * `spanscope import` of a JSON Lines archive as the OpenTelemetry Collector's file exporter writes it (one
 * ExportTraceServiceRequest of 100 traces per line): spans per second and the importer's peak resident memory,
 * for a file of `megabytes` and one a tenth of it (memory must not grow with the file).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { CLI, tempDbPath } from '../helpers/serve-process';
import { syntheticTrace } from './synthetic-spans';

type Report = (what: string, figure: string, target?: string) => void;
const T0 = 1_763_900_000_000_000_000n;
const TRACES_PER_LINE = 100;

/** Writes (once; kept in the temp folder between runs) a JSON Lines file of about `megabytes`. */
async function archive(megabytes: number): Promise<{ path: string; spans: number }> {
  const path = join(tmpdir(), `spanscope-bench-${megabytes}mb.jsonl`);
  const countPath = `${path}.spans`;
  if (existsSync(path) && existsSync(countPath)) return { path, spans: Number(readFileSync(countPath, 'utf8')) };
  const out = createWriteStream(path);
  let bytes = 0;
  let spans = 0;
  for (let t = 0; bytes < megabytes * 1024 * 1024; t += TRACES_PER_LINE) {
    const traces = Array.from({ length: TRACES_PER_LINE }, (_, i) => syntheticTrace(t + i, 91, T0)).flat();
    const line = `${JSON.stringify(encodeTraceRequestJson(traces))}\n`;
    bytes += Buffer.byteLength(line);
    spans += traces.length;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
  createWriteStream(countPath).end(String(spans));
  return { path, spans };
}

async function timedImport(path: string): Promise<{ ms: number; peakMb: number; stdout: string }> {
  const t = performance.now();
  const child = spawn(process.execPath, [CLI, 'import', path, '--db', tempDbPath()], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  let peakMb = 0;
  const sample = setInterval(() => {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
      peakMb = Math.max(peakMb, Math.round(kb / 1024));
    } catch {
      // the process has just exited
    }
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sample);
  if (code !== 0) throw new Error(`spanscope import exited with ${code}`);
  return { ms: performance.now() - t, peakMb, stdout };
}

export async function benchImport(megabytes: number, report: Report): Promise<void> {
  process.stderr.write(`writing the ${megabytes} MB and ${Math.round(megabytes / 10)} MB JSON Lines archives (kept in ${tmpdir()})…\n`);
  const small = await archive(Math.round(megabytes / 10));
  const large = await archive(megabytes);
  for (const [file, target] of [
    [small, ''],
    [large, '≥ 50,000'],
  ] as const) {
    const { ms, peakMb, stdout } = await timedImport(file.path);
    if (!stdout.includes(`${file.spans.toLocaleString('en-US')} spans imported`)) throw new Error(`unexpected import result: ${stdout}`);
    const mb = Math.round(statSync(file.path).size / 1024 / 1024);
    report(`spanscope import, OTLP JSON Lines, ${mb} MB (${file.spans.toLocaleString('en-US')} spans)`, `${Math.round((file.spans / ms) * 1000).toLocaleString('en-US')} spans/s, peak resident memory ${peakMb} MB`, target);
  }
}
