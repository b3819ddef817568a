/** `spanscope import` and `spanscope export` arguments. Pure: the caller supplies the default database path. */
import { EXPORT_FORMATS, isExportFormat, type ExportFormat } from '../archives/export-traces';
import { UsageError } from './serve-args';

export const IMPORT_HELP = `Usage: spanscope import FILE... [--db PATH]

  Imports trace archives into the store: OTLP JSON (one request, or JSON Lines), OTLP protobuf (one request,
  or the collector's length-prefixed stream), Jaeger JSON, Zipkin v2 JSON; any of them gzipped. The format
  is read from the content. Prints one line per file.
  --db PATH   database file; default DATA_DIR/spanscope.db
`;

export const EXPORT_HELP = `Usage: spanscope export TRACE_ID... [--db PATH] [--format ${EXPORT_FORMATS.join('|')}] [-o FILE]

  Writes traces to FILE (default: standard output) in the format (default otlp-json). What the format cannot
  hold is listed on standard error.
`;

export interface ImportArgs {
  files: string[];
  dbPath: string;
}

export interface ExportArgs {
  traceIds: string[];
  dbPath: string;
  format: ExportFormat;
  output: string | undefined;
}

export function parseImportArgs(argv: string[], defaultDb: string): ImportArgs {
  const { positional, flags } = split(argv, ['--db']);
  if (positional.length === 0) throw new UsageError('import needs at least one FILE; see spanscope import --help');
  return { files: positional, dbPath: flags['--db'] ?? defaultDb };
}

export function parseExportArgs(argv: string[], defaultDb: string): ExportArgs {
  const { positional, flags } = split(argv, ['--db', '--format', '-o']);
  if (positional.length === 0) throw new UsageError('export needs at least one TRACE_ID; see spanscope export --help');
  const traceIds = positional.map((id) => {
    const lower = id.toLowerCase();
    if (!/^[0-9a-f]{16}$|^[0-9a-f]{32}$/.test(lower)) throw new UsageError(`"${id}" is not a trace id (32 or 16 hex digits)`);
    return lower.padStart(32, '0');
  });
  const format = flags['--format'] ?? 'otlp-json';
  if (!isExportFormat(format)) throw new UsageError(`--format "${format}" is not one of ${EXPORT_FORMATS.join(', ')}`);
  return { traceIds, dbPath: flags['--db'] ?? defaultDb, format, output: flags['-o'] };
}

function split(argv: string[], known: string[]): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') positional.push(arg);
    else if (known.includes(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      flags[arg] = value;
    } else throw new UsageError(`unknown flag ${arg}`);
  }
  return { positional, flags };
}
