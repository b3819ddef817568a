/**
 * A trace's spans in each run it belongs to, as the `runs` column of `traces` holds them: "runId:spans" or
 * "runId:spans:errors" (errors left out when none), comma-separated. Retention reads it to take evicted traces out
 * of their runs' counts without reading their spans.
 */

export interface TraceRunCount {
  spans: number;
  errors: number;
}

export function parseTraceRunCounts(text: string): Map<number, TraceRunCount> {
  const counts = new Map<number, TraceRunCount>();
  if (text === '') return counts;
  for (const part of text.split(',')) {
    const [runId, spans, errors] = part.split(':');
    counts.set(Number(runId), { spans: Number(spans), errors: Number(errors ?? 0) });
  }
  return counts;
}

export function formatTraceRunCounts(counts: Map<number, TraceRunCount>): string {
  return [...counts].map(([runId, { spans, errors }]) => (errors === 0 ? `${runId}:${spans}` : `${runId}:${spans}:${errors}`)).join(',');
}
