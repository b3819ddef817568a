/**
 * "Slower than usual" (issue 17): each span of a trace beside its operation's calls over a baseline, the hour
 * before the trace or the time span of the run before the trace's, as "p97 of 1,204 calls, 3.1× the median".
 * The calls are the per-minute latency histograms kept as spans are written (op_minutes), so a trace's marks cost
 * a lookup of its operations' minutes, never a scan of their spans. Baselines are whole minutes: the hour is the
 * sixty minutes before the trace's own, and a run's time span is taken from the start of its first minute to the
 * end of its last; every call of the trace's operations in those minutes counts (on a laptop runs follow one
 * another, and the minutes do not say which run a call was in).
 */
import type { ApiBaseline, BaselineAgainst } from '../model/api';
import { interpolatedQuantile, shareBelow } from '../model/latency-histogram';
import { RUN_ORIGINS } from '../model/run-origins';
import { NS_PER_MINUTE, minuteOf } from '../store/service-map-writer';
import type { RunRow } from '../store/run-reader';
import type { StoreReader, TraceRow } from '../store/store-reader';
import { QueryError } from './query-error';
import { runJson } from './run-list';

/** Fewer calls than this in the baseline, and an operation's spans get no mark: a percentile of a few calls misleads. */
export const MIN_BASELINE_CALLS = 20;

export function spanBaseline(reader: StoreReader, trace: TraceRow, against: BaselineAgainst): ApiBaseline {
  const { fromMinute, toMinute, run } = against === 'last-hour' ? { fromMinute: minuteOf(trace.startNs) - 60, toMinute: minuteOf(trace.startNs), run: undefined } : previousRun(reader, trace);
  const rows = reader.spanDurations(trace.traceNo);
  const opIds = new Set(rows.map(([, opId]) => opId));
  const latencies = reader.operationLatencies(fromMinute, toMinute, opIds);
  const operations: ApiBaseline['operations'] = [];
  const indexOf = new Map<number, number>();
  const medians = new Map<number, number>();
  const sharesBelow = new Map<number, (ns: number) => number>();
  for (const [opId, { latency, minNs, maxNs }] of latencies) {
    const calls = [...latency.values()].reduce((sum, n) => sum + n, 0);
    if (calls < MIN_BASELINE_CALLS) continue;
    const op = reader.operation(opId);
    const quantile = (q: number) => Math.round(interpolatedQuantile(latency, q, minNs, maxNs));
    indexOf.set(opId, operations.length);
    medians.set(opId, quantile(0.5));
    sharesBelow.set(opId, shareBelow(latency));
    operations.push({ service: reader.serviceName(op.serviceId), name: op.name, kind: op.kind, calls, p50Nano: String(quantile(0.5)), p95Nano: String(quantile(0.95)), p99Nano: String(quantile(0.99)) });
  }
  const spans: ApiBaseline['spans'] = [];
  for (const [spanId, opId, duration] of rows) {
    const operation = indexOf.get(opId);
    if (operation === undefined) continue;
    const median = medians.get(opId)!;
    spans.push({ spanId, operation, percentile: Math.round(sharesBelow.get(opId)!(duration) * 1000) / 10, medianRatio: median > 0 ? Math.round((duration / median) * 100) / 100 : 0 });
  }
  const [startNs, endNs] = [BigInt(fromMinute) * NS_PER_MINUTE, BigInt(toMinute) * NS_PER_MINUTE];
  return { traceId: trace.traceId, against, startTimeUnixNano: String(startNs), endTimeUnixNano: String(endNs), ...(run ? { run: runJson(reader, run) } : {}), minCalls: MIN_BASELINE_CALLS, operations, spans };
}

/** The run before the trace's (of the same origin), the first origin that has one; a QueryError saying why not. */
function previousRun(reader: StoreReader, trace: TraceRow): { fromMinute: number; toMinute: number; run: RunRow } {
  const runs = reader.runs
    .runsOfTrace(trace.traceNo)
    .map((id) => reader.runs.run(id))
    .filter((run): run is RunRow => run !== undefined)
    .sort((a, b) => a.origin - b.origin);
  if (runs.length === 0) throw new QueryError(`trace ${trace.traceId} is in no run (no service.version, vcs.ref.head.revision or deployment.environment.name, and no run started by hand); compare with against=last-hour`);
  for (const run of runs) {
    const before = reader.runs.runBefore(run);
    if (before?.startNs != null && before.endNs != null) return { fromMinute: minuteOf(before.startNs), toMinute: minuteOf(before.endNs) + 1, run: before };
  }
  const named = runs.map((run) => `${RUN_ORIGINS[run.origin]}=${run.label}`).join(', ');
  throw new QueryError(`trace ${trace.traceId} is in the first run of its kind (${named}): there is no run before it; compare with against=last-hour`);
}
