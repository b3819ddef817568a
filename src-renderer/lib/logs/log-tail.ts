/** The live tail: batches of new records go before the shown ones (or wait while paused), the list kept bounded. */
import type { LogRecord } from '../api-shapes';

/** Records kept in the list; older ones fall off its end. */
export const MAX_TAIL = 1000;

/** `batch` (in any order) newest first, before `shown`; at most `max` in all. */
export function prependLogs(shown: readonly LogRecord[], batch: readonly LogRecord[], max = MAX_TAIL): LogRecord[] {
  const newestFirst = [...batch].sort((a, b) => (a.timeNs === b.timeNs ? 0 : a.timeNs > b.timeNs ? -1 : 1));
  return [...newestFirst, ...shown].slice(0, max);
}
