/** Runs in words: their origin, their name as the API and the CLI take it, their time span. */
import type { RunOrigin } from '../../../src-main/model/run-origins';
import type { Run } from '../api-shapes';

/** An origin as the table shows it: the resource attribute, or "by hand". */
export function originText(origin: RunOrigin): string {
  return origin === 'manual' ? 'by hand' : origin;
}

/** `service.version=1.4.2`, `manual=candidate`: the name `spanscope compare-runs` and the API take. */
export function runName(run: Pick<Run, 'origin' | 'label'>): string {
  return `${run.origin}=${run.label}`;
}

const dateTime = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const timeOnly = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayOnly = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric' });

/** "14 Nov 2023, 22:13:20 – 22:13:24" (the end's day only when it differs); "no spans yet" without any. */
export function timeSpanText(run: Pick<Run, 'startMs' | 'endMs'>): string {
  if (run.startMs === null || run.endMs === null) return 'no spans yet';
  const start = new Date(run.startMs);
  const end = new Date(run.endMs);
  const sameDay = dayOnly.format(start) === dayOnly.format(end);
  return `${dateTime.format(start)} – ${sameDay ? timeOnly.format(end) : dateTime.format(end)}`;
}
