/** Whether a record that just arrived answers the query the view asked (the API's parameters), for the live tail. */
import type { LogRecord } from '../api-shapes';
import { bodyText } from './log-body';
import { minimumSeverity } from './severity';

const valueText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** An epoch-ms or RFC 3339 time parameter in ms; undefined when absent. */
function timeMs(text: string | null): number | undefined {
  if (text === null) return undefined;
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}

export function logMatcher(query: URLSearchParams): (log: LogRecord) => boolean {
  const service = query.get('service');
  const severity = minimumSeverity(query.get('severity') ?? '') ?? 0;
  const text = query.get('text')?.toLowerCase();
  const pairs = query.getAll('attr').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]);
  const traceId = query.get('traceId')?.toLowerCase();
  const spanId = query.get('spanId')?.toLowerCase();
  const start = timeMs(query.get('start'));
  const end = timeMs(query.get('end'));
  return (log) =>
    (!service || log.service === service) &&
    log.severityNumber >= severity &&
    (!text || bodyText(log.body).toLowerCase().includes(text)) &&
    // As the core matches: a record's or its resource's attribute, by its text form.
    pairs.every(([key, value]) => [log.attributes, log.resource.attributes].some((attributes) => key in attributes && valueText(attributes[key]) === value)) &&
    (!traceId || log.traceId === traceId) &&
    (!spanId || log.spanId === spanId) &&
    (start === undefined || log.timeMs >= start) &&
    (end === undefined || log.timeMs <= end);
}
