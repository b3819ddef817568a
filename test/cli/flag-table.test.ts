import { describe, expect, it } from 'vitest';
import { parseExportArgs, parseImportArgs } from '../../src-main/cli/archive-args';
import { parseDiffArgs } from '../../src-main/cli/diff-command';
import { formatRetention, formatSize } from '../../src-main/cli/flag-values';
import { parseServeArgs, SERVE_FLAGS, SERVE_HELP } from '../../src-main/cli/serve-args';

const defaults = { dataDir: '/data', uiRoot: '/ui', token: 'random' };
const TRACE = '5b8aa5a2d2c872e8321cf37308d69df2';

describe('flags through parseArgs', () => {
  it('take --flag=VALUE as well as --flag VALUE, in every command', () => {
    expect(parseServeArgs(['--db=/x.db', '--ui-port=0', '--max-db-size=500MB'], defaults).options).toMatchObject({ dbPath: '/x.db', uiPort: 0, maxDbBytes: 500 * 1024 ** 2 });
    expect(parseImportArgs(['a.json', '--db=/x.db', 'b.json'], '/d.db')).toEqual({ files: ['a.json', 'b.json'], dbPath: '/x.db' });
    expect(parseExportArgs([TRACE, '--db=/x.db', '--format=zipkin-json', '-o', 'out.json'], '/d.db')).toEqual({ traceIds: [TRACE], dbPath: '/x.db', format: 'zipkin-json', output: 'out.json' });
    expect(parseDiffArgs([TRACE, TRACE, '--db=/x.db', '--json'], '/d.db')).toEqual({ a: TRACE, b: TRACE, dbPath: '/x.db', json: true });
  });

  it('take a value that begins with "-" only as --flag=VALUE, and say so', () => {
    expect(parseServeArgs(['--token=-abc'], defaults).options.token).toBe('-abc');
    expect(() => parseServeArgs(['--token', '-abc'], defaults)).toThrow('--token needs a value; a value that begins with "-" is written --token=VALUE');
  });

  it('let the last of a repeated flag win (the desktop app puts saved settings before the launch\'s own)', () => {
    expect(parseServeArgs(['--ui-port', '1', '--ui-port=2'], defaults).options.uiPort).toBe(2);
  });

  it('refuse unknown flags, values given to switches and stray words with one line naming them', () => {
    expect(() => parseServeArgs(['--dbx', 'a'], defaults)).toThrow('unknown flag --dbx; see spanscope serve --help');
    expect(() => parseServeArgs(['--json=yes'], defaults)).toThrow('--json takes no value');
    expect(() => parseServeArgs(['extra'], defaults)).toThrow('"extra" is not a flag; see spanscope serve --help');
    expect(() => parseExportArgs([TRACE, '-o'], '/d.db')).toThrow('-o needs a value');
    expect(() => parseExportArgs([TRACE, '--format=csv'], '/d.db')).toThrow('--format "csv" is not one of otlp-json, jaeger-json, zipkin-json');
    expect(() => parseImportArgs(['-x', 'a.json'], '/d.db')).toThrow('unknown flag -x; see spanscope import --help');
  });

  it('defaults every option from the table, parsed as a given value would be', () => {
    const { options } = parseServeArgs([], defaults);
    expect(options).toMatchObject({ maxDbBytes: 2 * 1024 ** 3, retentionMs: 7 * 86_400_000, maxBodyBytes: 20 * 1024 ** 2, token: 'random' });
    expect(formatSize(2 * 1024 ** 3)).toBe('2GB');
    expect(formatSize(65_536)).toBe('64KB');
    expect(formatSize(1000)).toBe('1000');
    expect(formatRetention(7 * 86_400_000)).toBe('7d');
    expect(formatRetention(90 * 60_000)).toBe('90m');
  });

  it('writes help from the same table: every flag, its value and its default', () => {
    for (const [flag, row] of Object.entries(SERVE_FLAGS)) expect(SERVE_HELP).toContain(`  ${flag}${row.value ? ` ${row.value}` : ''}`);
    expect(SERVE_HELP).toContain('--max-db-size SIZE      evict the oldest traces above this size');
    expect(SERVE_HELP).toContain('(default 2GB)');
    expect(SERVE_HELP).toContain('(default DATA_DIR/spanscope.db)');
    expect(SERVE_HELP.split('\n').every((line) => line.length <= 112)).toBe(true);
  });
});
