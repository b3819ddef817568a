/**
 * Opening a saved trace (issue 20): one wide trace of 1,000, 10,000 and 100,000 spans in Jaeger JSON and OTLP JSON,
 * from choosing the file in Chromium to the trace's first rows painted (the file shows while it loads: its trace is
 * listed, clicked and drawn as far as it is stored); and `spanscope import` of one huge trace beside the same number
 * of spans in 10-span traces.
 */
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Span } from '../../src-main/model/span';
import { encodeJaegerJson } from '../../src-main/formats/jaeger-encode';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { CLI, tempDbPath } from '../helpers/serve-process';
import { startServe, type Report } from './bench-http';
import { bigTrace, syntheticTrace } from './synthetic-spans';

const FORMATS = { 'jaeger.json': (spans: Span[]) => encodeJaegerJson(spans).text, 'otlp.json': (spans: Span[]) => JSON.stringify(encodeTraceRequestJson(spans)) };

/** The file (written once; kept in the temp folder between runs). */
function file(name: string, spans: () => Span[], format: keyof typeof FORMATS): string {
  const path = join(tmpdir(), `spanscope-bench-${name}.${format}`);
  if (!existsSync(path)) writeFileSync(path, FORMATS[format](spans()));
  return path;
}

/**
 * One OTLP JSON document of a trace too big for one string (a million spans is about 930 MB): written a hundred
 * thousand spans at a time, each piece's `resourceSpans` appended to the one list.
 */
function hugeOtlpFile(count: number): string {
  const path = join(tmpdir(), `spanscope-bench-trace-${count}.otlp.json`);
  if (existsSync(path)) return path;
  const all = bigTrace(count, 30);
  const fd = openSync(`${path}.part`, 'w');
  writeSync(fd, '{"resourceSpans":[');
  for (let i = 0; i < count; i += 100_000) {
    const text = JSON.stringify(encodeTraceRequestJson(all.slice(i, i + 100_000)));
    writeSync(fd, (i > 0 ? ',' : '') + text.slice('{"resourceSpans":['.length, -']}'.length));
  }
  writeSync(fd, ']}');
  closeSync(fd);
  renameSync(`${path}.part`, path);
  return path;
}

/** The process's resident memory now (Linux), in MiB. */
function residentMiB(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : NaN;
}

export async function benchOpenFile(report: Report): Promise<void> {
  const serve = await startServe(tempDbPath());
  const ui = serve.urls.ui;
  const origin = new URL(ui).origin;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(ui);
    for (const [count, target] of [
      [1_000, '≤ 300 ms'],
      [10_000, '≤ 500 ms'],
      [100_000, '≤ 1.5 s'],
      [1_000_000, '≤ 10 s'],
    ] as const) {
      // A million-span Jaeger document is past the 500 MB a document may have (one JSON string): OTLP JSON only.
      for (const format of count === 1_000_000 ? (['otlp.json'] as const) : (['jaeger.json', 'otlp.json'] as const)) {
        const path = count === 1_000_000 ? hugeOtlpFile(count) : file(`trace-${count}`, () => bigTrace(count, 30), format);
        await page.goto(`${origin}/`);
        // Timed in the page, from the file input's change to the first waterfall row painted: the trace's link is
        // clicked as soon as the list shows it (the page's own clock; no polling from outside adds to it).
        const firstRows = page.evaluate(
          () =>
            new Promise<{ ms: number; shown: string }>((resolve) => {
              let chosen = 0;
              let clicked = false;
              document.addEventListener('change', () => (chosen = window.performance.now()), { capture: true, once: true });
              const watch = new MutationObserver(() => {
                const link = document.querySelector<HTMLAnchorElement>('[aria-label="Traces"] a');
                if (link && !clicked) {
                  clicked = true;
                  link.click();
                }
                if (clicked && document.querySelector('[role=treeitem]')) {
                  watch.disconnect();
                  requestAnimationFrame(() => {
                    const ms = window.performance.now() - chosen;
                    // The trace header's span count as drawn then.
                    const count = [...document.querySelectorAll('main *')].find((e) => e.children.length === 0 && /^\d[\d,]* spans?$/.test(e.textContent?.trim() ?? ''));
                    resolve({ ms, shown: count?.textContent?.trim() ?? '' });
                  });
                }
              });
              watch.observe(document.body, { childList: true, subtree: true });
            }),
        );
        const t = performance.now();
        let mostResident = 0;
        const sampling = setInterval(() => (mostResident = Math.max(mostResident, residentMiB(serve.child.pid!))), 200);
        await page.getByLabel('Trace file to open').setInputFiles(path);
        const { ms: firstRowsMs, shown } = await firstRows;
        await page.getByText(new RegExp(`^spanscope-bench-trace-${count}\\.${format.replace('.', '\\.')}: `)).waitFor({ timeout: 600_000 });
        const loadedMs = performance.now() - t;
        clearInterval(sampling);
        if (count === 1_000_000) report('opening the million-span file: the core\'s resident memory at most, sampled every 200 ms', `${Math.round(mostResident)} MiB (the file is ${Math.round(statSync(path).size / 2 ** 20)} MiB)`);
        report(`open a ${count.toLocaleString('en-US')}-span ${format === 'jaeger.json' ? 'Jaeger JSON' : 'OTLP JSON'} file → first rows of its trace`, `${Math.round(firstRowsMs)} ms (${shown || 'its spans'} drawn then; the whole file read in ${Math.round(loadedMs)} ms from the Node side)`, target);
        await page.getByRole('button', { name: 'Close file' }).click();
      }
    }
  } finally {
    await browser.close();
    serve.child.kill('SIGTERM');
    await serve.exited;
  }

  // One trace of 100,000 spans beside 10,000 traces of 10, through `spanscope import`.
  const huge = file('trace-100000', () => bigTrace(100_000, 30), 'otlp.json');
  const many = file('traces-10000x10', () => Array.from({ length: 10_000 }, (_, i) => syntheticTrace(i, 31, 1_763_800_000_000_000_000n)).flat(), 'otlp.json');
  const rates: number[] = [];
  for (const [what, path] of [
    ['one trace of 100,000 spans', huge],
    ['10,000 traces of 10 spans', many],
  ] as const) {
    const t = performance.now();
    const run = spawnSync(process.execPath, [CLI, 'import', path, '--db', tempDbPath()], { encoding: 'utf8' });
    if (run.status !== 0 || !run.stdout.includes('100,000 spans imported')) throw new Error(`spanscope import: ${run.stdout}${run.stderr}`);
    rates.push(100_000 / ((performance.now() - t) / 1000));
    report(`spanscope import, OTLP JSON, ${what}`, `${Math.round(rates[rates.length - 1]).toLocaleString('en-US')} spans/s`);
  }
  report('spanscope import: one huge trace ÷ many small traces, per span', `${Math.round((rates[0] / rates[1]) * 100)}%`, '≥ 100%');
}
