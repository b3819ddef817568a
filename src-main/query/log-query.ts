/** The parameters of `GET /api/logs`, parsed and checked (../shared/API.md). */
import { levelFloor, SEVERITY_LEVELS, type SeverityLevel } from '../model/log';
import { parseTime } from './parse-time';
import { QueryError } from './query-error';

export interface LogQuery {
  service?: string;
  /** The lowest severity number wanted (1–24). */
  minSeverity?: number;
  /** A case-insensitive substring of the body. */
  text?: string;
  attributes: { key: string; value: string }[];
  traceId?: string;
  spanId?: string;
  startNs?: bigint;
  endNs?: bigint;
  limit: number;
}

export const DEFAULT_LOG_LIMIT = 100;
export const MAX_LOG_LIMIT = 1000;

/** `limits`: the default and largest `limit` (a search's by default; an export takes more). */
export function parseLogQuery(params: URLSearchParams, limits = { default: DEFAULT_LOG_LIMIT, max: MAX_LOG_LIMIT }): LogQuery {
  const text = (name: string) => {
    const value = params.get(name);
    return value === null || value === '' ? undefined : value;
  };
  const query: LogQuery = { attributes: [], limit: limits.default, service: text('service'), text: text('text') };
  const severity = text('severity');
  if (severity !== undefined) query.minSeverity = severityNumber(severity);
  for (const attr of params.getAll('attr')) {
    const eq = attr.indexOf('=');
    if (eq <= 0) throw new QueryError(`attr "${attr}" must be KEY=VALUE`);
    query.attributes.push({ key: attr.slice(0, eq), value: attr.slice(eq + 1) });
  }
  const traceId = text('traceId');
  if (traceId !== undefined) {
    if (!/^[0-9a-fA-F]{32}$/.test(traceId)) throw new QueryError(`traceId "${traceId}" is not a trace id: 32 hex digits`);
    query.traceId = traceId.toLowerCase();
  }
  const spanId = text('spanId');
  if (spanId !== undefined) {
    if (!/^[0-9a-fA-F]{16}$/.test(spanId)) throw new QueryError(`spanId "${spanId}" is not a span id: 16 hex digits`);
    query.spanId = spanId.toLowerCase();
  }
  const start = text('start');
  if (start !== undefined) query.startNs = parseTime(start, 'start');
  const end = text('end');
  if (end !== undefined) query.endNs = parseTime(end, 'end');
  const limit = text('limit');
  if (limit !== undefined) {
    if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > limits.max) throw new QueryError(`limit "${limit}" must be a whole number from 1 to ${limits.max}`);
    query.limit = Number(limit);
  }
  return query;
}

/** `WARN` (any case) or a number 1–24 → the lowest severity number it stands for. */
function severityNumber(text: string): number {
  const level = text.toUpperCase();
  if ((SEVERITY_LEVELS as readonly string[]).includes(level)) return levelFloor(level as SeverityLevel);
  if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 24) return Number(text);
  throw new QueryError(`severity "${text}" is not a severity; use ${SEVERITY_LEVELS.join(', ')} or a number from 1 to 24`);
}
