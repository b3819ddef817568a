/**
 * Log archives with the built command: `spanscope import` counts log records in its line, `spanscope export-logs`
 * writes each format, and what it writes imports into a fresh store as the same records.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CLI, tempDbPath } from '../helpers/serve-process';

const dir = mkdtempSync(join(tmpdir(), 'spanscope-log-archives-'));
const FIXTURE = new URL('../fixtures/archives/checkout-logs.otlp.json', import.meta.url);
const TRACE = '5b8efff798038103d269b633813fc60c';

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

/** Every record of a database, as export-logs writes them in OTLP/JSON. */
function recordsOf(db: string): unknown {
  const run = cli('export-logs', '--db', db);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

describe('spanscope import and export-logs', () => {
  it('imports a logs file, plain and gzipped, saying how many records it held', () => {
    const gz = join(dir, 'checkout-logs.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(FIXTURE)));
    const run = cli('import', FIXTURE.pathname, gz, '--db', tempDbPath());
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('checkout-logs.otlp.json: otlp-json, 0 traces, 0 spans, 3 log records imported\ncheckout-logs.json.gz: otlp-json (gzip), 0 traces, 0 spans, 3 log records imported\n');
    expect(run.status).toBe(0);
  });

  it.each(['otlp-json', 'otlp-json-lines', 'otlp-protobuf'])('exports %s that imports into a fresh store as the same records', (format) => {
    const db = tempDbPath();
    expect(cli('import', FIXTURE.pathname, '--db', db).status).toBe(0);
    const out = join(dir, `all.${format}`);
    const run = cli('export-logs', '--db', db, '--format', format, '-o', out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const fresh = tempDbPath();
    const back = cli('import', out, '--db', fresh);
    expect(back.stdout).toBe(`all.${format}: ${format === 'otlp-json' ? 'otlp-json-lines' : format}, 0 traces, 0 spans, 3 log records imported\n`);
    const original = recordsOf(db) as { resourceLogs: unknown[] };
    expect(original.resourceLogs).toHaveLength(2);
    expect(recordsOf(fresh)).toEqual(original);
  });

  it("exports a trace's records, or those the filters answer; refuses a wrong filter naming its flag", () => {
    const db = tempDbPath();
    cli('import', FIXTURE.pathname, '--db', db);
    const severities = (...args: string[]) => {
      const run = cli('export-logs', ...args, '--db', db, '--format', 'otlp-json-lines');
      expect(run.status).toBe(0);
      return run.stdout.split('\n').filter(Boolean).flatMap((line) => JSON.parse(line).resourceLogs.flatMap((r: { scopeLogs: { logRecords: { severityText: string }[] }[] }) => r.scopeLogs.flatMap((s) => s.logRecords.map((l) => l.severityText))));
    };
    expect(severities(TRACE)).toEqual(['INFO', 'ERROR']);
    expect(severities('--severity', 'warn')).toEqual(['ERROR', 'WARN']);
    expect(severities('--service', 'payments')).toEqual(['WARN']);
    expect(severities('--text', 'CARD', '--end', '1767225601500')).toEqual(['ERROR']);
    expect(severities('--limit', '1')).toEqual(['WARN']);
    const wrong = cli('export-logs', '--severity', 'LOUD', '--db', db);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe('spanscope export-logs: --severity "LOUD" is not a severity; use TRACE, DEBUG, INFO, WARN, ERROR, FATAL or a number from 1 to 24\n');
    expect(cli('export-logs', '--format', 'csv', '--db', db).stderr).toBe('spanscope export-logs: --format "csv" is not one of otlp-json, otlp-json-lines, otlp-protobuf\n');
  });
});
