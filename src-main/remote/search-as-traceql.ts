/** The field search (`GET /api/traces`) written as the one TraceQL spanset that asks the same of one span. Pure. */
import type { SearchQuery } from '../query/search-query';

export function searchAsTraceQL(query: SearchQuery): string {
  const conditions: string[] = [];
  if (query.service !== undefined) conditions.push(`resource.service.name = ${quoted(query.service)}`);
  if (query.operation !== undefined) conditions.push(`name = ${quoted(query.operation)}`);
  if (query.spanKind !== undefined) conditions.push(`kind = ${query.spanKind.toLowerCase()}`);
  for (const { key, value } of query.attributes) conditions.push(`${attribute(key)} = ${quoted(value)}`);
  if (query.minDurationNs !== undefined) conditions.push(`duration >= ${query.minDurationNs}ns`);
  if (query.maxDurationNs !== undefined) conditions.push(`duration <= ${query.maxDurationNs}ns`);
  if (query.errorsOnly) conditions.push('status = error');
  return conditions.length === 0 ? '{ }' : `{ ${conditions.join(' && ')} }`;
}

function quoted(text: string): string {
  return JSON.stringify(text);
}

/** An attribute of any scope; a key TraceQL cannot write bare is quoted (`."a key"`). */
function attribute(key: string): string {
  return /^[A-Za-z_][\w.\-/]*$/.test(key) ? `.${key}` : `.${quoted(key)}`;
}
