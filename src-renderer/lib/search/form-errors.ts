/**
 * The search form checked before it is sent, each error under its own field, in the words of the core's checks
 * (query/search-query.ts): a bad value never reaches the server, and its error never sits above stale results.
 */
import type { SearchForm } from '../search-form';

export type SearchField = 'operation' | 'attributes' | 'minDuration' | 'maxDuration' | 'range' | 'limit' | 'call';
export type FieldErrors = Partial<Record<SearchField, string>>;

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|h)?\s*$/;
const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
export const MAX_LIMIT = 10_000;

/** `20ms` → 20,000,000; a bare number is microseconds (as the core and Jaeger read it); undefined when it is not a duration. */
export function durationNs(text: string): number | undefined {
  const match = DURATION.exec(text);
  return match ? Number(match[1]) * UNIT_NS[match[2] ?? 'us'] : undefined;
}

export function formErrors(form: SearchForm): FieldErrors {
  const errors: FieldErrors = {};
  const duration = (text: string, field: 'minDuration' | 'maxDuration', name: string) => {
    if (text.trim() === '') return undefined;
    const ns = durationNs(text);
    if (ns === undefined) errors[field] = `${name} "${text}" is not a duration: use a number with ns, us, ms, s, m or h, such as 20ms`;
    return ns;
  };
  const min = duration(form.minDuration, 'minDuration', 'Min');
  const max = duration(form.maxDuration, 'maxDuration', 'Max');
  if (min !== undefined && max !== undefined && min > max) errors.maxDuration = `Max "${form.maxDuration}" is below the min "${form.minDuration}": no span can match`;
  const badPair = form.attributes.split(/\s+/).find((pair) => pair !== '' && pair.indexOf('=') <= 0);
  if (badPair !== undefined) errors.attributes = `"${badPair}" must be KEY=VALUE, such as http.response.status_code=500`;
  const limit = form.limit.trim();
  if (limit !== '' && (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_LIMIT)) errors.limit = `"${limit}" must be a whole number from 1 to ${MAX_LIMIT}`;
  if (form.lookback === 'custom') {
    if (!form.from && !form.to) errors.range = 'Give a start or an end, or choose a preset';
    else if (form.from && form.to && new Date(form.from) > new Date(form.to)) errors.range = 'The start is after the end';
  }
  return errors;
}

/** The field a 400 from the core is about (its sentences start with the parameter's name), for links made by hand. */
export function fieldOfApiError(message: string): SearchField | undefined {
  const param = /^(\w+) "/.exec(message)?.[1];
  const fields: Record<string, SearchField> = { minDuration: 'minDuration', maxDuration: 'maxDuration', attr: 'attributes', limit: 'limit', start: 'range', end: 'range', spanKind: 'operation', call: 'call' };
  return param === undefined ? undefined : fields[param];
}
