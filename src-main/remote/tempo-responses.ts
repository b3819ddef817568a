/**
 * Grafana Tempo's answers (its HTTP API documentation, `docs/sources/tempo/api_docs/_index.md`) read into
 * Spanscope's shapes. Pure.
 */
import type { TraceSummary } from '../model/api';
import { fullTraceId, isObject } from './remote-backend';

/** Tempo trims a trace id's leading zeros ("d6e9329d67b6146a", 30-digit ids): made whole so it opens. */
export function tempoSearchSummaries(body: unknown): TraceSummary[] | string {
  if (!isObject(body) || !Array.isArray(body.traces)) return 'it has no "traces" array';
  const summaries: TraceSummary[] = [];
  for (const [i, trace] of body.traces.entries()) {
    if (!isObject(trace) || typeof trace.traceID !== 'string' || !/^[0-9a-fA-F]{1,32}$/.test(trace.traceID)) return `traces[${i}] has no hex "traceID"`;
    const stats = isObject(trace.serviceStats) ? Object.entries(trace.serviceStats).filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1])) : [];
    const count = (stat: Record<string, unknown>, key: string) => (typeof stat[key] === 'number' ? (stat[key] as number) : 0);
    summaries.push({
      traceId: fullTraceId(trace.traceID),
      rootService: typeof trace.rootServiceName === 'string' ? trace.rootServiceName : '',
      rootName: typeof trace.rootTraceName === 'string' ? trace.rootTraceName : '',
      startTimeUnixNano: typeof trace.startTimeUnixNano === 'string' && /^\d+$/.test(trace.startTimeUnixNano) ? trace.startTimeUnixNano : '0',
      durationNano: (BigInt(typeof trace.durationMs === 'number' ? Math.round(trace.durationMs) : 0) * 1_000_000n).toString(),
      spanCount: stats.reduce((sum, [, stat]) => sum + count(stat, 'spanCount'), 0),
      errorCount: stats.reduce((sum, [, stat]) => sum + count(stat, 'errorCount'), 0),
      services: stats.map(([name, stat]) => ({ name, spanCount: count(stat, 'spanCount') })),
      lastReceivedMs: 0,
      refusedSpanCount: 0,
    });
  }
  return summaries;
}

/** `/api/search` passed through: Tempo's own document, its trace ids made whole. */
export function tempoSearchWithWholeIds(body: unknown): unknown {
  if (!isObject(body) || !Array.isArray(body.traces)) return body;
  return { ...body, traces: body.traces.map((trace) => (isObject(trace) && typeof trace.traceID === 'string' ? { ...trace, traceID: fullTraceId(trace.traceID) } : trace)) };
}

/** `/api/v2/search/tags`: the attribute names of every scope but the intrinsics (the editor knows those). */
export function tempoTagNames(body: unknown): string[] | string {
  if (!isObject(body) || !Array.isArray(body.scopes)) return 'it has no "scopes" array';
  const names = new Set<string>();
  for (const scope of body.scopes) {
    if (!isObject(scope) || scope.name === 'intrinsic' || !Array.isArray(scope.tags)) continue;
    for (const tag of scope.tags) if (typeof tag === 'string') names.add(tag);
  }
  return [...names].sort();
}

/** `/api/v2/search/tag/NAME/values`: the values' text. */
export function tempoTagValues(body: unknown): string[] | string {
  if (!isObject(body) || !Array.isArray(body.tagValues)) return 'it has no "tagValues" array';
  return body.tagValues.flatMap((entry) => (isObject(entry) && typeof entry.value === 'string' ? [entry.value] : []));
}

/** `/api/v2/traces/ID`: the OTLP/JSON trace under `trace` (an empty object when Tempo has none). */
export function tempoTraceDocument(body: unknown): unknown {
  return isObject(body) && isObject(body.trace) ? body.trace : undefined;
}
