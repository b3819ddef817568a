/**
 * Which upstream answers are worth another try, and how long to wait first: the OTLP specification's rules
 * (OTLP/HTTP: 429, 502, 503, 504 retry, honouring Retry-After; OTLP/gRPC: CANCELLED, DEADLINE_EXCEEDED, ABORTED,
 * OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS retry, RESOURCE_EXHAUSTED only with a RetryInfo) and exponential backoff
 * with jitter. A connection that fails is retried too. Pure: the caller supplies the time and the randomness.
 */

/** What one export attempt came to. */
export type SendOutcome =
  | { kind: 'ok'; rejected: number; errorMessage: string }
  | { kind: 'http'; status: number; message: string; retryAfter?: string }
  | { kind: 'grpc'; code: number; message: string; retryDelayMs?: number }
  | { kind: 'network'; message: string };

export type RetryDecision =
  | { action: 'sent' }
  | { action: 'retry'; delayMs: number; error: string }
  /** `reason` is the key the dropped count is kept under; `error` the whole sentence. */
  | { action: 'drop'; reason: string; error: string };

export const INITIAL_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 5_000;
/** The longest wait an upstream's Retry-After or RetryInfo is followed for; past it, it is taken as this. */
export const MAX_SERVER_DELAY_MS = 300_000;

const RETRYABLE_HTTP = new Set([429, 502, 503, 504]);

/** gRPC status codes by number (grpc/doc/statuscodes.md). */
export const GRPC_CODE_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

const RETRYABLE_GRPC = new Set(['CANCELLED', 'DEADLINE_EXCEEDED', 'ABORTED', 'OUT_OF_RANGE', 'UNAVAILABLE', 'DATA_LOSS']);

/**
 * `attempt` counts the failures so far of this batch (0 for its first). `now` (ms since the epoch) reads a
 * Retry-After date; `random` is in [0, 1).
 */
export function decide(outcome: SendOutcome, attempt: number, now: number, random: number): RetryDecision {
  const backoff = backoffDelay(attempt, random);
  switch (outcome.kind) {
    case 'ok':
      return { action: 'sent' };
    case 'network':
      return { action: 'retry', delayMs: backoff, error: `the upstream could not be reached: ${outcome.message}` };
    case 'http': {
      const what = `HTTP ${outcome.status}`;
      const error = `${what}${outcome.message ? ` ${outcome.message}` : ''}`;
      if (!RETRYABLE_HTTP.has(outcome.status)) return { action: 'drop', reason: `refused by upstream: ${what}`, error: `refused by upstream: ${error}` };
      const asked = outcome.retryAfter === undefined ? undefined : retryAfterMs(outcome.retryAfter, now);
      return { action: 'retry', delayMs: asked ?? backoff, error: `the upstream answered ${error}` };
    }
    case 'grpc': {
      const name = GRPC_CODE_NAMES[outcome.code] ?? `code ${outcome.code}`;
      const error = `gRPC ${name}${outcome.message ? ` ${outcome.message}` : ''}`;
      const asked = outcome.retryDelayMs === undefined ? undefined : Math.min(outcome.retryDelayMs, MAX_SERVER_DELAY_MS);
      const retryable = RETRYABLE_GRPC.has(name) || (name === 'RESOURCE_EXHAUSTED' && asked !== undefined);
      if (!retryable) return { action: 'drop', reason: `refused by upstream: gRPC ${name}`, error: `refused by upstream: ${error}` };
      return { action: 'retry', delayMs: asked ?? backoff, error: `the upstream answered ${error}` };
    }
  }
}

/** 500 ms doubled per failure up to 5 s, each wait spread over half to one and a half of it. */
export function backoffDelay(attempt: number, random: number): number {
  const base = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.5 + random));
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now; undefined when it reads as neither. */
export function retryAfterMs(header: string, now: number): number | undefined {
  const text = header.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_SERVER_DELAY_MS);
}
