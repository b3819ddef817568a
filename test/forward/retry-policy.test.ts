import { describe, expect, it } from 'vitest';
import { backoffDelay, decide, MAX_BACKOFF_MS, MAX_SERVER_DELAY_MS, retryAfterMs } from '../../src-main/forward/retry-policy';

const NOW = Date.parse('2026-12-03T12:00:00Z');

describe('which upstream answers are retried (the OTLP specification)', () => {
  it('retries 429, 502, 503 and 504, and drops other HTTP failures naming the status', () => {
    for (const status of [429, 502, 503, 504]) expect(decide({ kind: 'http', status, message: '' }, 0, NOW, 0.5).action).toBe('retry');
    for (const status of [400, 401, 403, 404, 413, 500]) {
      expect(decide({ kind: 'http', status, message: 'bad span' }, 0, NOW, 0.5)).toEqual({ action: 'drop', reason: `refused by upstream: HTTP ${status}`, error: `refused by upstream: HTTP ${status} bad span` });
    }
  });

  it('retries the gRPC codes the specification lists, RESOURCE_EXHAUSTED only with a RetryInfo', () => {
    const retried = [1, 4, 10, 11, 14, 15]; // CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS
    for (const code of retried) expect(decide({ kind: 'grpc', code, message: '' }, 0, NOW, 0.5).action).toBe('retry');
    for (const code of [2, 3, 5, 7, 8, 12, 13, 16]) expect(decide({ kind: 'grpc', code, message: '' }, 0, NOW, 0.5).action).toBe('drop');
    expect(decide({ kind: 'grpc', code: 8, message: 'slow down', retryDelayMs: 2_000 }, 0, NOW, 0.5)).toEqual({ action: 'retry', delayMs: 2_000, error: 'the upstream answered gRPC RESOURCE_EXHAUSTED slow down' });
    expect(decide({ kind: 'grpc', code: 3, message: 'no' }, 0, NOW, 0.5)).toEqual({ action: 'drop', reason: 'refused by upstream: gRPC INVALID_ARGUMENT', error: 'refused by upstream: gRPC INVALID_ARGUMENT no' });
  });

  it('retries a connection that fails, and takes a success as sent', () => {
    expect(decide({ kind: 'network', message: 'ECONNREFUSED' }, 3, NOW, 0.5)).toEqual({ action: 'retry', delayMs: 4_000, error: 'the upstream could not be reached: ECONNREFUSED' });
    expect(decide({ kind: 'ok', rejected: 2, errorMessage: 'x' }, 0, NOW, 0.5)).toEqual({ action: 'sent' });
  });

  it('waits as Retry-After or RetryInfo asks, up to five minutes', () => {
    expect(decide({ kind: 'http', status: 503, message: '', retryAfter: '7' }, 0, NOW, 0.5)).toMatchObject({ delayMs: 7_000 });
    expect(decide({ kind: 'http', status: 429, message: '', retryAfter: 'Thu, 03 Dec 2026 12:00:30 GMT' }, 0, NOW, 0.5)).toMatchObject({ delayMs: 30_000 });
    expect(decide({ kind: 'http', status: 503, message: '', retryAfter: 'soon' }, 0, NOW, 0.5)).toMatchObject({ delayMs: 500 });
    expect(retryAfterMs('86400', NOW)).toBe(MAX_SERVER_DELAY_MS);
    expect(retryAfterMs('Thu, 03 Dec 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(decide({ kind: 'grpc', code: 14, message: '', retryDelayMs: 3_600_000 }, 0, NOW, 0.5)).toMatchObject({ delayMs: MAX_SERVER_DELAY_MS });
  });
});

describe('backoff', () => {
  it('doubles from 500 ms to at most 5 s, spread over half to one and a half of each step', () => {
    expect([0, 1, 2, 3, 4, 5, 40].map((attempt) => backoffDelay(attempt, 0.5))).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
    expect(backoffDelay(0, 0)).toBe(250);
    expect(backoffDelay(10, 0.999999)).toBeLessThanOrEqual(MAX_BACKOFF_MS * 1.5);
  });
});
