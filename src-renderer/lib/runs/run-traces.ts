/**
 * The traces of a run at one operation: the API gives no trace ids per run, so they are found by a search for the
 * operation's spans (service, name, kind) within the run's time span, and, for a run from a resource attribute,
 * carrying that attribute's value (`attr=service.version=1.1`: a span's attributes include its resource's). A run
 * started by hand has only its time span to go by: another run's traces in the same minutes would match too.
 */
import type { Run, RunOperation } from '../api-shapes';

/** The traces a group comparison takes from each run. */
export const GROUP_SIZE = 20;

/** The search parameters (GET /api/traces, and the search page's address) of `run`'s traces holding `op`. */
export function runTraceParams(run: Run, op: Pick<RunOperation, 'service' | 'name' | 'kind'>, limit = GROUP_SIZE): URLSearchParams {
  const params = new URLSearchParams({ service: op.service, operation: op.name, spanKind: op.kind });
  if (run.origin !== 'manual') params.append('attr', `${run.origin}=${run.label}`);
  if (run.startMs !== null && run.endMs !== null) {
    params.set('start', String(run.startMs));
    params.set('end', String(run.endMs));
  }
  params.set('limit', String(limit));
  return params;
}

/** The search page listing `run`'s traces holding `op` (its default limit, 20). */
export function runSearchHref(run: Run, op: Pick<RunOperation, 'service' | 'name' | 'kind'>): string {
  const params = runTraceParams(run, op);
  params.delete('limit');
  return `/search?${params}`;
}
