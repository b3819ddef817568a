/** `spanscope import`, `export` and `export-logs` arguments. Pure: the caller supplies the default database path. */
import { EXPORT_FORMATS, isExportFormat, type ExportFormat } from '../archives/export-traces';
import { isLogExportFormat, LOG_EXPORT_FORMATS, LOG_EXPORT_LIMITS, type LogExportFormat } from '../archives/export-logs';
import { parseLogQuery, type LogQuery } from '../query/log-query';
import { QueryError } from '../query/query-error';
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

export interface ExportLogsArgs {
  traceIds: string[];
  dbPath: string;
  format: LogExportFormat;
  output: string | undefined;
  /** The filters as GET /api/logs takes them, read by the same parser. */
  filters: URLSearchParams;
  query: LogQuery;
}

const IMPORT_FLAGS: FlagTable<ImportArgs, string> = { '--db': DB_FLAG };

/** A filter flag of export-logs: its text goes to the parameter of GET /api/logs with the flag's name. */
const filter = (value: string, help: string) => ({ value, help, set: (args: ExportLogsArgs, text: string, flag: string) => args.filters.set(flag.slice(2), text) });

const EXPORT_LOGS_FLAGS: FlagTable<ExportLogsArgs, string> = {
  '--db': DB_FLAG,
  '--format': {
    value: 'FORMAT',
    help: `${LOG_EXPORT_FORMATS.join(', ')}`,
    default: 'otlp-json',
    set: (args, text) => {
      if (!isLogExportFormat(text)) throw new UsageError(`--format "${text}" is not one of ${LOG_EXPORT_FORMATS.join(', ')}`);
      args.format = text;
    },
  },
  '--service': filter('NAME', 'only records of this service'),
  '--severity': filter('LEVEL', 'only records this severe or more: TRACE, DEBUG, INFO, WARN, ERROR, FATAL, or 1 to 24'),
  '--text': filter('TEXT', 'only records whose body holds this text (any case)'),
  '--start': filter('TIME', 'only records at or after this time: RFC 3339 or epoch milliseconds'),
  '--end': filter('TIME', 'only records at or before this time'),
  '--limit': filter('N', `at most N records, the newest (default and most: ${LOG_EXPORT_LIMITS.max})`),
  '--output': { value: 'FILE', short: 'o', help: 'where to write ("-": standard output)', default: '-', set: (args, text) => (args.output = text) },
};

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
  is read from the content. The OTLP formats may hold log records too (JSON Lines may mix trace and log
  lines, as one Collector file exporter writes both). Prints one line per file.

${flagHelp(IMPORT_FLAGS, HELP_DB)}`;

export const EXPORT_HELP = `Usage: spanscope export TRACE_ID... [--db PATH] [--format ${EXPORT_FORMATS.join('|')}] [-o FILE]

  Writes traces to FILE (default: standard output) in the format (default otlp-json). What the format cannot
  hold is listed on standard error.

${flagHelp(EXPORT_FLAGS, HELP_DB)}`;

export const EXPORT_LOGS_HELP = `Usage: spanscope export-logs [TRACE_ID...] [--db PATH] [--format ${LOG_EXPORT_FORMATS.join('|')}] [filters] [-o FILE]

  Writes log records to FILE (default: standard output) as OTLP (default otlp-json; otlp-json-lines is a request
  per line, as the Collector's file exporter writes; otlp-protobuf is one ExportLogsServiceRequest). With trace
  ids, the records of those traces; else every record. The filters narrow either, as GET /api/logs does. At most
  ${LOG_EXPORT_LIMITS.max.toLocaleString('en-US')} records a run (the newest); spanscope import reads the file back.

${flagHelp(EXPORT_LOGS_FLAGS, HELP_DB)}`;

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

export function parseExportLogsArgs(argv: string[], defaultDb: string): ExportLogsArgs {
  const args: ExportLogsArgs = { traceIds: [], dbPath: '', format: 'otlp-json', output: undefined, filters: new URLSearchParams(), query: { attributes: [], limit: 0 } };
  args.traceIds = parseFlags(argv, EXPORT_LOGS_FLAGS, args, defaultDb, { positionals: true, help: 'spanscope export-logs --help' }).map(traceIdArg);
  try {
    args.query = parseLogQuery(args.filters, LOG_EXPORT_LIMITS);
  } catch (error) {
    // The parser names the parameter ("severity "LOUD" is not a severity…"); here it is a flag.
    if (error instanceof QueryError) throw new UsageError(`--${error.message}`);
    throw error;
  }
  return args;
}

/** A trace id given on the command line: 32 hex digits, or 16 (a 64-bit id, as Zipkin shows them). */
export function traceIdArg(id: string): string {
  const lower = id.toLowerCase();
  if (!/^[0-9a-f]{16}$|^[0-9a-f]{32}$/.test(lower)) throw new UsageError(`"${id}" is not a trace id (32 or 16 hex digits)`);
  return lower.padStart(32, '0');
}
