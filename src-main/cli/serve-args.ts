/**
 * `spanscope serve` flags → CoreOptions. Pure: the caller supplies the paths and the random token.
 * SERVE_FLAGS is the one place a flag is declared: parsing, its default and `spanscope serve --help` come from it.
 */
import { join } from 'node:path';
import {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_FORWARD_QUEUE_BYTES,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_DB_BYTES,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  DEFAULT_MAX_EVENT_CLIENTS,
  DEFAULT_MAX_INFLIGHT_BYTES,
  DEFAULT_MAX_OPEN_SOURCES,
  DEFAULT_MAX_QUEUED_SPANS,
  DEFAULT_RETENTION_MS,
  type CoreOptions,
} from '../core/core-options';
import { ForwardTargetError, parseForwardHeader, parseForwardUrl } from '../forward/forward-target';
import { DEFAULT_SPAN_LIMITS } from '../store/span-limits';
import { flagHelp, parseFlags, UsageError, type FlagTable } from './flag-table';
import { formatRetention, formatSize, parseCount, parseLength, parsePort, parseRetention, parseSize, parseToken } from './flag-values';

export { UsageError, parseRetention, parseSize };

export interface ServeArgs {
  options: CoreOptions;
  json: boolean;
  /** --forward-header lines, set on options.forward once every flag is read. */
  forwardHeaders: [string, string][];
}

export interface ServeContext {
  dataDir: string;
  uiRoot: string;
  token: string;
  writerWorkerPath?: string;
}

/** One row per flag, in the order help lists them. */
export const SERVE_FLAGS: FlagTable<ServeArgs, ServeContext> = {
  '--db': { value: 'PATH', help: 'database file (":memory:" keeps nothing)', default: (c) => join(c.dataDir, 'spanscope.db'), set: (a, text) => (a.options.dbPath = text) },
  '--host': { value: 'ADDR', help: 'address to listen on', default: '127.0.0.1', set: (a, text) => (a.options.host = text) },
  '--otlp-grpc-port': { value: 'N', help: 'OTLP/gRPC port (0 picks a free port)', default: '4317', set: (a, text, flag) => (a.options.otlpGrpcPort = parsePort(text, flag)) },
  '--otlp-http-port': { value: 'N', help: 'OTLP/HTTP port', default: '4318', set: (a, text, flag) => (a.options.otlpHttpPort = parsePort(text, flag)) },
  '--zipkin-port': { value: 'N', help: 'Zipkin port', default: '9411', set: (a, text, flag) => (a.options.zipkinPort = parsePort(text, flag)) },
  '--ui-port': { value: 'N', help: 'UI and API port', default: '16686', set: (a, text, flag) => (a.options.uiPort = parsePort(text, flag)) },
  '--token': { value: 'TOKEN', help: 'API token', default: (c) => c.token, set: (a, text) => (a.options.token = parseToken(text)) },
  '--max-db-size': {
    value: 'SIZE',
    help: 'evict the oldest traces above this size: bytes, or 500MB, 2GB (0: no limit)',
    default: formatSize(DEFAULT_MAX_DB_BYTES),
    set: (a, text, flag) => (a.options.maxDbBytes = parseSize(text, flag)),
  },
  '--retention': {
    value: 'DURATION',
    help: 'evict traces received longer ago than this: 30m, 12h, 7d (0: keep)',
    default: formatRetention(DEFAULT_RETENTION_MS),
    set: (a, text, flag) => (a.options.retentionMs = parseRetention(text, flag)),
  },
  '--max-body-size': { value: 'SIZE', help: 'largest request body accepted, and gRPC message', default: formatSize(DEFAULT_MAX_BODY_BYTES), set: (a, text, flag) => (a.options.maxBodyBytes = parseSize(text, flag)) },
  '--max-attributes': {
    value: 'N',
    help: 'attributes kept per span, resource, scope, event and link; the rest are dropped and counted',
    default: String(DEFAULT_SPAN_LIMITS.maxAttributes),
    set: (a, text, flag) => (a.options.spanLimits.maxAttributes = parseCount(text, flag)),
  },
  '--max-attribute-length': {
    value: 'SIZE',
    help: 'longest attribute value kept; longer strings are cut and end with "…[truncated from N bytes]"',
    default: formatSize(DEFAULT_SPAN_LIMITS.maxValueBytes),
    set: (a, text, flag) => (a.options.spanLimits.maxValueBytes = parseLength(text, flag)),
  },
  '--max-value-entries': {
    value: 'N',
    help: 'entries kept of one array or key-value-list value; a longer one keeps its first N-1 and ends with "…[truncated from M entries]"',
    default: String(DEFAULT_SPAN_LIMITS.maxValueEntries),
    set: (a, text, flag) => (a.options.spanLimits.maxValueEntries = parseCount(text, flag)),
  },
  '--max-spans-per-trace': {
    value: 'N',
    help: 'spans stored per trace; later ones are refused and the trace is marked truncated',
    default: String(DEFAULT_SPAN_LIMITS.maxSpansPerTrace),
    set: (a, text, flag) => (a.options.spanLimits.maxSpansPerTrace = parseCount(text, flag)),
  },
  '--max-inflight-bytes': {
    value: 'SIZE',
    help: 'bytes of requests in progress, all receivers and uploads together; past it requests are refused with 503 or UNAVAILABLE, retry later',
    default: formatSize(DEFAULT_MAX_INFLIGHT_BYTES),
    set: (a, text, flag) => (a.options.maxInflightBytes = parseLength(text, flag)),
  },
  '--body-timeout': {
    value: 'DURATION',
    help: 'a body that sends nothing this long, or headers that take longer, get 408 and the connection is closed',
    default: formatRetention(DEFAULT_BODY_TIMEOUT_MS),
    set: (a, text, flag) => (a.options.bodyTimeoutMs = parseTimeout(text, flag)),
  },
  '--max-event-clients': {
    value: 'N',
    help: 'live event streams open at once; more are refused with 503',
    default: String(DEFAULT_MAX_EVENT_CLIENTS),
    set: (a, text, flag) => (a.options.maxEventClients = parseCount(text, flag)),
  },
  '--max-open-sources': {
    value: 'N',
    help: 'files open beside the live store at once; opening one more is refused until one is closed',
    default: String(DEFAULT_MAX_OPEN_SOURCES),
    set: (a, text, flag) => (a.options.maxOpenSources = parseCount(text, flag)),
  },
  '--forward': {
    value: 'URL',
    help: 'send every stored export on to an upstream: http://host:4318 (OTLP/HTTP protobuf, /v1/traces and /v1/logs appended) or grpc://host:4317',
    set: (a, text, flag) => (a.options.forward = { ...forwardFlag(() => parseForwardUrl(text, flag)), headers: {} }),
  },
  '--forward-header': {
    value: "'NAME: VALUE'",
    help: 'a header sent with every forwarded export (gRPC: metadata); repeat the flag for more',
    set: (a, text, flag) => a.forwardHeaders.push(forwardFlag(() => parseForwardHeader(text, flag))),
  },
  '--forward-queue-size': {
    value: 'SIZE',
    help: 'bytes the forwarding queue on disk holds while the upstream is away; past it newer exports are dropped',
    default: formatSize(DEFAULT_FORWARD_QUEUE_BYTES),
    set: (a, text, flag) => (a.options.forwardQueueBytes = parseLength(text, flag)),
  },
  '--json': { help: 'print one JSON line once every listener is up; logs go to stderr', set: (a) => (a.json = true) },
};

/** What help shows for the defaults that are made at each start. */
const HELP_CONTEXT: ServeContext = { dataDir: 'DATA_DIR', uiRoot: '', token: 'a new random token each start' };

export const SERVE_HELP = `Usage: spanscope serve [flags]   (--flag VALUE or --flag=VALUE)\n\n${flagHelp(SERVE_FLAGS, HELP_CONTEXT)}`;

/** The serve flags that take a value (the desktop app passes them on to its core). */
export const SERVE_VALUE_FLAGS: ReadonlySet<string> = new Set(Object.keys(SERVE_FLAGS).filter((flag) => SERVE_FLAGS[flag as `--${string}`].value));

export function parseServeArgs(argv: string[], context: ServeContext): ServeArgs {
  const args: ServeArgs = {
    options: {
      // Every field a flag sets is set again from the flag's default below.
      dbPath: '',
      host: '',
      otlpGrpcPort: 0,
      otlpHttpPort: 0,
      zipkinPort: 0,
      uiPort: 0,
      token: '',
      maxDbBytes: 0,
      retentionMs: 0,
      maxBodyBytes: 0,
      maxDecompressedBytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
      maxQueuedSpans: DEFAULT_MAX_QUEUED_SPANS,
      maxInflightBytes: 0,
      bodyTimeoutMs: 0,
      maxEventClients: 0,
      maxOpenSources: 0,
      spanLimits: { ...DEFAULT_SPAN_LIMITS },
      uiRoot: context.uiRoot,
      writerWorkerPath: context.writerWorkerPath,
      forwardQueueBytes: 0,
    },
    json: false,
    forwardHeaders: [],
  };
  parseFlags(argv, SERVE_FLAGS, args, context, { positionals: false, help: 'spanscope serve --help' });
  if (args.forwardHeaders.length > 0 && !args.options.forward) throw new UsageError('--forward-header is given without --forward; name the upstream with --forward URL');
  if (args.options.forward) args.options.forward.headers = Object.fromEntries(args.forwardHeaders);
  return args;
}

function forwardFlag<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof ForwardTargetError ? new UsageError(error.message) : error;
  }
}

function parseTimeout(text: string, flag: string): number {
  const ms = parseRetention(text, flag);
  if (ms < 1000) throw new UsageError(`${flag} "${text}" is too short; use at least 1s, e.g. 10s`);
  return ms;
}
