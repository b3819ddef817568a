/**
 * The runs as the API gives them (`GET /api/runs`), and a run named the way the API and the CLI take it: by id, by
 * ORIGIN=LABEL (`service.version=1.4.2`, `manual=baseline`), or by label alone, the newest run of that label.
 * A number is an id first; a label made of digits is named with its origin (`manual=42`). A label that looks like
 * ORIGIN=LABEL itself is found as a label when no run of that origin has the rest as its label.
 */
import type { ApiRun } from '../model/api';
import { isRunOrigin, MANUAL_ORIGIN, RUN_ORIGINS } from '../model/run-origins';
import type { RunRow } from '../store/run-reader';
import type { StoreReader } from '../store/store-reader';

/** Runs named in an unknown run's sentence at most. */
const RUNS_NAMED = 10;

/** A run name that names no run of the store; the message lists the runs there are. */
export class UnknownRunError extends Error {}

/** Every run, the newest first. */
export function listRuns(reader: StoreReader): ApiRun[] {
  const current = reader.runs.currentManualRunId();
  return reader.runs.runs().map((row) => runJson(reader, row, current));
}

export function runJson(reader: StoreReader, row: RunRow, currentManualRunId = reader.runs.currentManualRunId()): ApiRun {
  return {
    id: row.id,
    label: row.label,
    origin: RUN_ORIGINS[row.origin] ?? 'manual',
    startTimeUnixNano: String(row.startNs ?? 0n),
    endTimeUnixNano: String(row.endNs ?? 0n),
    traceCount: row.traceCount,
    services: row.serviceIds.map((id) => reader.serviceName(id)).sort(),
    spanCount: row.spanCount,
    errorCount: row.errorCount,
    errorRate: row.spanCount === 0 ? 0 : row.errorCount / row.spanCount,
    createdMs: row.createdMs,
    current: row.origin === MANUAL_ORIGIN && row.id === currentManualRunId,
  };
}

/** "3 (service.version=1.4.2)": how a run can be named. */
export function runName(row: Pick<RunRow, 'id' | 'origin' | 'label'>): string {
  return `${row.id} (${RUN_ORIGINS[row.origin]}=${row.label})`;
}

/** The run `name` names; UnknownRunError when none. */
export function namedRun(reader: StoreReader, name: string): RunRow {
  const text = name.trim();
  if (/^\d+$/.test(text)) {
    const run = reader.runs.run(Number(text));
    if (run) return run;
  }
  const split = text.indexOf('=');
  const origin = split > 0 ? text.slice(0, split) : '';
  const run = (isRunOrigin(origin) ? reader.runs.runsLabelled(text.slice(split + 1)).find((row) => RUN_ORIGINS[row.origin] === origin) : undefined) ?? reader.runs.runsLabelled(text)[0];
  if (run) return run;
  throw new UnknownRunError(unknownRunSentence(reader.runs.runs(), name));
}

function unknownRunSentence(runs: RunRow[], name: string): string {
  const what = `there is no run "${name}" in this store`;
  if (runs.length === 0) {
    return `${what}, which has no runs yet: runs come from the resource attributes ${RUN_ORIGINS.slice(1).join(', ')}, or are started by hand (POST /api/runs, spanscope run start LABEL)`;
  }
  const named = runs.slice(0, RUNS_NAMED).map(runName).join(', ');
  const more = runs.length > RUNS_NAMED ? ` and ${runs.length - RUNS_NAMED} more (GET /api/runs lists them all)` : '';
  return `${what}; name a run by its id, ORIGIN=LABEL or its label: ${named}${more}`;
}
