/**
 * The parameters of the Tempo-compatible API (`/tempo/api/...`), read as Grafana Tempo reads them (its
 * pkg/api/http.go): times in Unix seconds, `start` before `end` when either is given, positive `limit` and `spss`.
 * Every refusal is a QueryError whose sentence begins as Tempo's does (`invalid start: …`).
 */
import type { TagScope } from '../model/api';
import type { TimeWindow } from './newest-traces';
import { QueryError } from './query-error';
import { MAX_LIMIT, DEFAULT_LIMIT } from './search-query';
import { TAG_SCOPES } from './tempo-tags';
import { checkTraceQL, DEFAULT_SPANS_PER_SPANSET, MAX_SPANS_PER_SPANSET, type TraceQLSearchRequest } from './traceql-request';

/** `start` and `end` in Unix seconds; absent or 0 both means no window, as in Tempo. */
export function tempoWindow(params: URLSearchParams): TimeWindow {
  const start = seconds(params, 'start');
  const end = seconds(params, 'end');
  if (start === 0 && end === 0) return {};
  if (end <= start) throw new QueryError(`http parameter start must be before end. received start=${start} end=${end}`);
  return { startNs: BigInt(start) * 1_000_000_000n, endNs: BigInt(end) * 1_000_000_000n };
}

/** `GET /tempo/api/search`: a TraceQL search (`q`; Tempo's older `tags=` search is not offered). */
export function parseTempoSearch(params: URLSearchParams): TraceQLSearchRequest {
  if (params.has('tags') || params.has('minDuration') || params.has('maxDuration')) {
    throw new QueryError('invalid request: Spanscope answers TraceQL searches only; send the search as q={ … } instead of tags, minDuration or maxDuration');
  }
  const q = params.get('q') || '{}';
  if (checkTraceQL(q).metrics) throw new QueryError('invalid TraceQL query: a metrics query is not a search; Spanscope answers it at /api/metrics/query_range');
  return {
    q,
    ...tempoWindow(params),
    limit: positive(params, 'limit', DEFAULT_LIMIT, MAX_LIMIT),
    spansPerSpanset: positive(params, 'spss', DEFAULT_SPANS_PER_SPANSET, MAX_SPANS_PER_SPANSET),
  };
}

/** `scope` of `GET /tempo/api/v2/search/tags`: one of Tempo's, or every scope when absent (or `all`). */
export function parseTagScope(params: URLSearchParams): TagScope | undefined {
  const scope = params.get('scope') ?? '';
  if (scope === '' || scope === 'all') return undefined;
  if (!(TAG_SCOPES as readonly string[]).includes(scope)) throw new QueryError(`invalid scope: "${scope}" is not one of ${TAG_SCOPES.join(', ')}`);
  return scope as TagScope;
}

/** `limit` of the tag endpoints: positive; undefined when absent. */
export function tagLimit(params: URLSearchParams): number | undefined {
  return params.get('limit') ? positive(params, 'limit', 0, Number.MAX_SAFE_INTEGER) : undefined;
}

function seconds(params: URLSearchParams, name: string): number {
  const text = params.get(name);
  if (text === null || text === '') return 0;
  // Tempo reads them as 32-bit signed integers.
  if (!/^-?\d+$/.test(text) || Number(text) < 0 || Number(text) > 2 ** 31 - 1) throw new QueryError(`invalid ${name}: "${text}" is not a time in Unix seconds`);
  return Number(text);
}

function positive(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const text = params.get(name);
  if (text === null || text === '') return fallback;
  if (!/^-?\d+$/.test(text)) throw new QueryError(`invalid ${name}: "${text}" is not a whole number`);
  const value = Number(text);
  if (value <= 0) throw new QueryError(`invalid ${name}: must be a positive number`);
  if (value > max) throw new QueryError(`invalid ${name}: ${value} is more than the ${max} Spanscope answers at once`);
  return value;
}
