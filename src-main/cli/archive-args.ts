/** `spanscope import` and `spanscope export` arguments. Pure: the caller supplies the default database path. */
import { EXPORT_FORMATS, isExportFormat, type ExportFormat } from '../archives/export-traces';
import { flagHelp, parseFlags, UsageError, type FlagTable } from './flag-table';

/** The database flag of every command but serve (whose own is in SERVE_FLAGS): its default is the caller's. */
export const DB_FLAG = {
  value: 'PATH',
  help: 'database file',
  default: (defaultDb: string) => defaultDb,
  set: (args: { dbPath: string }, text: string) => (args.dbPath = text),
};

/** What help shows for the default database. */
export const HELP_DB = 'DATA_DIR/spanscope.db';

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

const IMPORT_FLAGS: FlagTable<ImportArgs, string> = { '--db': DB_FLAG };

const EXPORT_FLAGS: FlagTable<ExportArgs, string> = {
  '--db': DB_FLAG,
  '--format': {
    value: 'FORMAT',
    help: `${EXPORT_FORMATS.join(', ')}`,
    default: 'otlp-json',
    set: (args, text) => {
      if (!isExportFormat(text)) throw new UsageError(`--format "${text}" is not one of ${EXPORT_FORMATS.join(', ')}`);
      args.format = text;
    },
  },
  '--output': { value: 'FILE', short: 'o', help: 'where to write ("-": standard output)', default: '-', set: (args, text) => (args.output = text) },
};

export const IMPORT_HELP = `Usage: spanscope import FILE... [--db PATH]

  Imports trace archives into the store: OTLP JSON (one request, or JSON Lines), OTLP protobuf (one request,
  or the collector's length-prefixed stream), Jaeger JSON, Zipkin v2 JSON; any of them gzipped. The format
  is read from the content. Prints one line per file.

${flagHelp(IMPORT_FLAGS, HELP_DB)}`;

export const EXPORT_HELP = `Usage: spanscope export TRACE_ID... [--db PATH] [--format ${EXPORT_FORMATS.join('|')}] [-o FILE]

  Writes traces to FILE (default: standard output) in the format (default otlp-json). What the format cannot
  hold is listed on standard error.

${flagHelp(EXPORT_FLAGS, HELP_DB)}`;

export function parseImportArgs(argv: string[], defaultDb: string): ImportArgs {
  const args: ImportArgs = { files: [], dbPath: '' };
  args.files = parseFlags(argv, IMPORT_FLAGS, args, defaultDb, { positionals: true, help: 'spanscope import --help' });
  if (args.files.length === 0) throw new UsageError('import needs at least one FILE; see spanscope import --help');
  return args;
}

export function parseExportArgs(argv: string[], defaultDb: string): ExportArgs {
  const args: ExportArgs = { traceIds: [], dbPath: '', format: 'otlp-json', output: undefined };
  const ids = parseFlags(argv, EXPORT_FLAGS, args, defaultDb, { positionals: true, help: 'spanscope export --help' });
  if (ids.length === 0) throw new UsageError('export needs at least one TRACE_ID; see spanscope export --help');
  args.traceIds = ids.map(traceIdArg);
  return args;
}

/** A trace id given on the command line: 32 hex digits, or 16 (a 64-bit id, as Zipkin shows them). */
export function traceIdArg(id: string): string {
  const lower = id.toLowerCase();
  if (!/^[0-9a-f]{16}$|^[0-9a-f]{32}$/.test(lower)) throw new UsageError(`"${id}" is not a trace id (32 or 16 hex digits)`);
  return lower.padStart(32, '0');
}
