/** The parameters of `GET /api/search` (TraceQL), read and checked; the query is parsed and validated here. */
import type { ParsedQuery } from '../traceql/ast';
import { parseTraceQL } from '../traceql/parse';
import { findUnsupportedFeature } from '../traceql/unsupported';
import { validateTraceQL } from '../traceql/validate';
import { parseDuration } from './parse-duration';
import { parseTime } from './parse-time';
import { QueryError } from './query-error';
import { DEFAULT_LIMIT, MAX_LIMIT } from './search-query';

export const DEFAULT_SPANS_PER_SPANSET = 3;
export const MAX_SPANS_PER_SPANSET = 1000;

export interface TraceQLSearchRequest {
  q: string;
  startNs?: bigint;
  endNs?: bigint;
  limit: number;
  spansPerSpanset: number;
}

export function parseTraceQLSearchRequest(params: URLSearchParams): TraceQLSearchRequest {
  const q = params.get('q') ?? '';
  if (q.trim() === '') throw new QueryError('q is required: /api/search?q={ status = error }');
  checkTraceQL(q);
  const text = (name: string) => {
    const value = params.get(name);
    return value === null || value === '' ? undefined : value;
  };
  const start = text('start');
  const end = text('end');
  return {
    q,
    startNs: start === undefined ? undefined : parseTime(start, 'start'),
    endNs: end === undefined ? undefined : parseTime(end, 'end'),
    limit: whole(text('limit'), 'limit', DEFAULT_LIMIT, MAX_LIMIT),
    spansPerSpanset: whole(text('spss'), 'spss', DEFAULT_SPANS_PER_SPANSET, MAX_SPANS_PER_SPANSET),
  };
}

export interface TraceQLMetricsRequest {
  q: string;
  startMs: number;
  endMs: number;
  stepMs: number;
}

/** The range defaults to the last hour; the step to a hundredth of it (at least a second). */
export function parseTraceQLMetricsRequest(params: URLSearchParams, nowMs = Date.now()): TraceQLMetricsRequest {
  const q = params.get('q') ?? '';
  if (q.trim() === '') throw new QueryError('q is required: /api/metrics/query_range?q={ } | rate()');
  checkTraceQL(q);
  const value = (name: string) => params.get(name) || undefined;
  const ms = (name: string, fallback: number) => {
    const text = value(name);
    return text === undefined ? fallback : Number(parseTime(text, name) / 1_000_000n);
  };
  const endMs = ms('end', nowMs);
  const startMs = ms('start', endMs - 3_600_000);
  if (startMs >= endMs) throw new QueryError('start must be before end');
  const step = value('step');
  const stepMs = step === undefined ? Math.max(1000, Math.ceil((endMs - startMs) / 100)) : Number(parseDuration(step, 'step') / 1_000_000n);
  if (stepMs < 1) throw new QueryError(`step "${step}" is too small; use at least 1ms`);
  return { q, startMs, endMs, stepMs };
}

/** The query's syntax tree, or a TraceQLError naming the line and column of what is wrong or not supported. */
export function checkTraceQL(q: string): ParsedQuery {
  const query = parseTraceQL(q);
  validateTraceQL(query);
  const unsupported = findUnsupportedFeature(query);
  if (unsupported) throw unsupported;
  return query;
}

function whole(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new QueryError(`${name} "${value}" must be a whole number from 1 to ${max}`);
  return Number(value);
}
