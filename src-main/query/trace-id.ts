import { QueryError } from './query-error';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/** A trace id as the API and the MCP tools take it: 32 hex digits, or 16 (Zipkin's short ids) padded with zeros. */
export function traceIdOf(raw: string): string {
  const traceId = raw.toLowerCase().padStart(raw.length === 16 ? 32 : 0, '0');
  if (!TRACE_ID.test(traceId)) throw new QueryError(`"${raw}" is not a trace id (32 or 16 hex digits)`);
  return traceId;
}

/** A span id: 16 hex digits, any case. */
export function spanIdOf(raw: string): string {
  const spanId = raw.toLowerCase();
  if (!SPAN_ID.test(spanId)) throw new QueryError(`"${raw}" is not a span id (16 hex digits)`);
  return spanId;
}
