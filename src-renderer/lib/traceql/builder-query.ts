/** The beginner's builder: a few common fields written as one TraceQL spanset filter. */

export interface BuilderFields {
  service: string;
  spanName: string;
  errorsOnly: boolean;
  /** A TraceQL duration, e.g. `100ms`, `1.5s`; '' for none. */
  minDuration: string;
}

export const EMPTY_BUILDER: BuilderFields = { service: '', spanName: '', errorsOnly: false, minDuration: '' };

const DURATION = /^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)$/;

/** A TraceQL string literal: quotes and backslashes escaped. */
export function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Why the minimum duration cannot be written, or undefined when it can (empty is fine). */
export function minDurationError(value: string): string | undefined {
  const text = value.trim();
  if (text === '' || DURATION.test(text)) return undefined;
  return `"${text}" is not a duration: write a number and a unit (ns, us, ms, s, m, h), for example 100ms or 1.5s`;
}

/** `{ resource.service.name = "x" && name = "y" && status = error && duration > 100ms }`; `{ }` with nothing chosen. */
export function builderQuery(fields: BuilderFields): string {
  const parts: string[] = [];
  if (fields.service) parts.push(`resource.service.name = ${quoted(fields.service)}`);
  if (fields.spanName.trim()) parts.push(`name = ${quoted(fields.spanName.trim())}`);
  if (fields.errorsOnly) parts.push('status = error');
  if (fields.minDuration.trim() && !minDurationError(fields.minDuration)) parts.push(`duration > ${fields.minDuration.trim()}`);
  return parts.length === 0 ? '{ }' : `{ ${parts.join(' && ')} }`;
}
