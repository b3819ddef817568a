/** `spanscope serve` flags → CoreOptions. Pure: the caller supplies the paths and the random token. */
import { join } from 'node:path';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_DB_BYTES,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  DEFAULT_MAX_OPEN_SOURCES,
  DEFAULT_MAX_QUEUED_SPANS,
  DEFAULT_RETENTION_MS,
  type CoreOptions,
} from '../core/core-options';
import { DEFAULT_SPAN_LIMITS } from '../store/span-limits';

export class UsageError extends Error {}

export interface ServeArgs {
  options: CoreOptions;
  json: boolean;
}

export const SERVE_HELP = `Usage: spanscope serve [flags]

  --db PATH               database file (":memory:" keeps nothing); default DATA_DIR/spanscope.db
  --host ADDR             address to listen on (default 127.0.0.1)
  --otlp-grpc-port N      OTLP/gRPC port (default 4317; 0 picks a free port)
  --otlp-http-port N      OTLP/HTTP port (default 4318)
  --zipkin-port N         Zipkin port (default 9411)
  --ui-port N             UI and API port (default 16686)
  --token TOKEN           API token (default: a new random token each start)
  --max-db-size SIZE      evict the oldest traces above this size: bytes, or 500MB, 2GB (default 2GB; 0: no limit)
  --retention DURATION    evict traces received longer ago than this: 30m, 12h, 7d (default 7d; 0: keep)
  --max-body-size SIZE    largest request body accepted, and gRPC message (default 20MB)
  --max-attributes N      attributes kept per span, resource, scope, event and link; the rest are
                          dropped and counted (default 128)
  --max-attribute-length SIZE
                          longest attribute value kept; longer strings are cut and end with
                          "…[truncated from N bytes]" (default 64KB)
  --max-spans-per-trace N spans stored per trace; later ones are refused and the trace is marked
                          truncated (default 200000)
  --max-open-sources N    files open beside the live store at once; opening one more is refused
                          until one is closed (default 16)
  --json                  print one JSON line once every listener is up; logs go to stderr
`;

const NUMBER_FLAGS = {
  '--otlp-grpc-port': 'otlpGrpcPort',
  '--otlp-http-port': 'otlpHttpPort',
  '--zipkin-port': 'zipkinPort',
  '--ui-port': 'uiPort',
} as const;

export function parseServeArgs(argv: string[], defaults: { dataDir: string; uiRoot: string; token: string; writerWorkerPath?: string }): ServeArgs {
  const options: CoreOptions = {
    dbPath: join(defaults.dataDir, 'spanscope.db'),
    host: '127.0.0.1',
    otlpGrpcPort: 4317,
    otlpHttpPort: 4318,
    zipkinPort: 9411,
    uiPort: 16686,
    token: defaults.token,
    maxDbBytes: DEFAULT_MAX_DB_BYTES,
    retentionMs: DEFAULT_RETENTION_MS,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    maxDecompressedBytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
    maxQueuedSpans: DEFAULT_MAX_QUEUED_SPANS,
    spanLimits: { ...DEFAULT_SPAN_LIMITS },
    maxOpenSources: DEFAULT_MAX_OPEN_SOURCES,
    uiRoot: defaults.uiRoot,
    writerWorkerPath: defaults.writerWorkerPath,
  };
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--json') json = true;
    else if (flag === '--db') options.dbPath = value();
    else if (flag === '--host') options.host = value();
    else if (flag === '--token') {
      options.token = value();
      if (options.token === '') throw new UsageError('--token cannot be empty');
    } else if (flag in NUMBER_FLAGS) options[NUMBER_FLAGS[flag as keyof typeof NUMBER_FLAGS]] = parsePort(value(), flag);
    else if (flag === '--max-db-size') options.maxDbBytes = parseSize(value(), flag);
    else if (flag === '--max-body-size') options.maxBodyBytes = parseSize(value(), flag);
    else if (flag === '--retention') options.retentionMs = parseRetention(value(), flag);
    else if (flag === '--max-attributes') options.spanLimits.maxAttributes = parseCount(value(), flag);
    else if (flag === '--max-attribute-length') options.spanLimits.maxValueBytes = parseLength(value(), flag);
    else if (flag === '--max-spans-per-trace') options.spanLimits.maxSpansPerTrace = parseCount(value(), flag);
    else if (flag === '--max-open-sources') options.maxOpenSources = parseCount(value(), flag);
    else throw new UsageError(`unknown flag ${flag}; see spanscope serve --help`);
  }
  return { options, json };
}

function parsePort(text: string, flag: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`${flag} "${text}" is not a port (0 to 65535)`);
  return port;
}

function parseCount(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} "${text}" is not a count; use a whole number of at least 1`);
  return Number(text);
}

function parseLength(text: string, flag: string): number {
  const bytes = parseSize(text, flag);
  if (bytes < 1) throw new UsageError(`${flag} "${text}" is too small; use at least 1 byte, e.g. 64KB`);
  return bytes;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

export function parseSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?b?)$/i.exec(text.trim());
  const unit = match ? SIZE_UNITS[match[2].toLowerCase().replace(/^([kmgt])$/, '$1b')] : undefined;
  if (!match || unit === undefined) throw new UsageError(`${flag} "${text}" is not a size; use bytes or a number with KB, MB, GB`);
  return Math.floor(Number(match[1]) * unit);
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseRetention(text: string, flag: string): number {
  if (text === '0') return 0;
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} "${text}" is not a duration; use 30m, 12h, 7d or 0 to keep everything`);
  return Math.floor(Number(match[1]) * DURATION_UNITS[match[2]]);
}
