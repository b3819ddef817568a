/** Everything `spanscope serve` (and the desktop app) can set, with the defaults of ../shared/API.md. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ForwardTarget } from '../forward/forward-target';
import type { SpanLimits } from '../store/span-limits';

export interface CoreOptions {
  dbPath: string;
  host: string;
  otlpGrpcPort: number;
  otlpHttpPort: number;
  zipkinPort: number;
  uiPort: number;
  token: string;
  maxDbBytes: number;
  retentionMs: number;
  maxBodyBytes: number;
  maxDecompressedBytes: number;
  maxQueuedSpans: number;
  /** Bytes held by requests in progress, all receivers and uploads together; past it they are refused 503. */
  maxInflightBytes: number;
  /** A request body (or gRPC message) that sends nothing for this long is answered 408; headers must arrive within it. */
  bodyTimeoutMs: number;
  /** Open `/api/events` streams at most. */
  maxEventClients: number;
  /** Attributes per span, value length, entries per value, spans per trace (store/span-limits.ts). */
  spanLimits: SpanLimits;
  /** Files open beside the live store at once (each is a temporary store); past this, opening one is refused. */
  maxOpenSources: number;
  uiRoot: string;
  writerWorkerPath?: string;
  /** --forward and --forward-header: the upstream every stored export is sent on to. */
  forward?: ForwardTarget;
  /** Bytes the forwarding queue on disk holds at most (--forward-queue-size). */
  forwardQueueBytes: number;
}

export const DEFAULT_MAX_DB_BYTES = 2 * 1024 ** 3;
export const DEFAULT_RETENTION_MS = 7 * 24 * 3_600_000;
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 ** 2;
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 100 * 1024 ** 2;
export const DEFAULT_MAX_QUEUED_SPANS = 200_000;
export const DEFAULT_MAX_INFLIGHT_BYTES = 256 * 1024 ** 2;
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_EVENT_CLIENTS = 64;
export const DEFAULT_MAX_OPEN_SOURCES = 16;
export const DEFAULT_FORWARD_QUEUE_BYTES = 256 * 1024 ** 2;

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'spanscope');
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'spanscope');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'spanscope');
}

/** The database `serve`, `import` and `export` use when no --db is given. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataDir(env), 'spanscope.db');
}
