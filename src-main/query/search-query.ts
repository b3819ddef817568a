/** The search parameters of ../shared/API.md, parsed and checked. */
import { parseDuration } from './parse-duration';
import { QueryError } from './query-error';
import { parseTime } from './parse-time';
import { SPAN_KINDS, type SpanKind } from '../model/span';

export interface SearchQuery {
  service?: string;
  operation?: string;
  /** The matching span's kind: with `operation`, tells the SERVER `GET` from the CLIENT `GET`. */
  spanKind?: SpanKind;
  attributes: { key: string; value: string }[];
  minDurationNs?: bigint;
  maxDurationNs?: bigint;
  startNs?: bigint;
  endNs?: bigint;
  errorsOnly: boolean;
  /** The trace holds a call from one service-map node to another (node ids as GET /api/service-map gives them). */
  call?: { source: string; target: string };
  limit: number;
}

const NODE_ID = '(?:service|database|messaging|external):';
const CALL = new RegExp(`^(${NODE_ID}.*?)>(${NODE_ID}.*)$`);

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 10_000;

export function parseSearchQuery(params: URLSearchParams): SearchQuery {
  const query: SearchQuery = { attributes: [], errorsOnly: false, limit: DEFAULT_LIMIT };
  const text = (name: string) => {
    const value = params.get(name);
    return value === null || value === '' ? undefined : value;
  };
  query.service = text('service');
  query.operation = text('operation');
  const spanKind = text('spanKind');
  if (spanKind !== undefined) {
    const kind = spanKind.toUpperCase();
    if (!(SPAN_KINDS as readonly string[]).includes(kind)) throw new QueryError(`spanKind "${spanKind}" is not a span kind; use one of ${SPAN_KINDS.join(', ')}`);
    query.spanKind = kind as SpanKind;
  }
  for (const attr of params.getAll('attr')) {
    const eq = attr.indexOf('=');
    if (eq <= 0) throw new QueryError(`attr "${attr}" must be KEY=VALUE`);
    query.attributes.push({ key: attr.slice(0, eq), value: attr.slice(eq + 1) });
  }
  const min = text('minDuration');
  if (min !== undefined) query.minDurationNs = parseDuration(min, 'minDuration');
  const max = text('maxDuration');
  if (max !== undefined) query.maxDurationNs = parseDuration(max, 'maxDuration');
  const start = text('start');
  if (start !== undefined) query.startNs = parseTime(start, 'start');
  const end = text('end');
  if (end !== undefined) query.endNs = parseTime(end, 'end');
  const status = text('status');
  if (status !== undefined) {
    if (status !== 'error') throw new QueryError(`status "${status}" is not supported; use status=error`);
    query.errorsOnly = true;
  }
  const call = text('call');
  if (call !== undefined) {
    const match = CALL.exec(call);
    if (!match) throw new QueryError(`call "${call}" must be SOURCE>TARGET with service-map node ids, e.g. service:frontend>service:cart`);
    query.call = { source: match[1], target: match[2] };
  }
  const limit = text('limit');
  if (limit !== undefined) {
    if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_LIMIT) {
      throw new QueryError(`limit "${limit}" must be a whole number from 1 to ${MAX_LIMIT}`);
    }
    query.limit = Number(limit);
  }
  return query;
}
