/**
 * A long query stops with a sentence instead of holding a read thread, and a query whose asker went away (a new
 * query from the same page cancelled it) stops at once: both are checked between traces.
 */
import { QueryError } from './query-error';

export const QUERY_TIME_LIMIT_MS = 15_000;

export function deadline(limitMs = QUERY_TIME_LIMIT_MS, now: () => number = () => performance.now(), cancelled: () => boolean = () => false): () => void {
  const end = now() + limitMs;
  return () => {
    if (cancelled()) throw new QueryError('the query was cancelled: its asker went away');
    if (now() > end) throw new QueryError(`the query ran for more than ${limitMs / 1000} s and was stopped: narrow its time range, or add conditions the indexes can use (service, name, kind, status, duration, an attribute value)`);
  };
}
