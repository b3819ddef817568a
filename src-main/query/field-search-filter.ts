/**
 * The field search (`GET /api/traces`) is a TraceQL spanset filter: service, operation, kind, duration bounds, error
 * status and every attribute must hold on one span. This builds that filter's tree, so the search's candidates are
 * verified by the TraceQL engine. An attribute is looked for where the field search always looked (the span, its
 * resource, its instrumentation scope, its events and links), with the value as text, and as a number or a boolean
 * when the text reads as one (`attr=http.response.status_code=500` finds the int 500, `72.50` the float 72.5).
 */
import type { AttributeScope, FieldExpression, Static } from '../traceql/ast';
import type { SearchQuery } from './search-query';

const AT = { from: 0, to: 0 };
const ATTRIBUTE_SCOPES: AttributeScope[] = ['span', 'resource', 'instrumentation', 'event', 'link'];

/** The filter the query's span conditions make; null when it has none (every span is one). */
export function fieldSearchFilter(query: SearchQuery): FieldExpression | null {
  const conditions: FieldExpression[] = [];
  if (query.service !== undefined) conditions.push(equals({ type: 'attribute', scope: 'resource', parent: false, name: 'service.name', ...AT }, string(query.service)));
  if (query.operation !== undefined) conditions.push(equals({ type: 'intrinsic', name: 'span:name', spelling: 'name', ...AT }, string(query.operation)));
  if (query.spanKind !== undefined) conditions.push(equals({ type: 'intrinsic', name: 'span:kind', spelling: 'kind', ...AT }, { type: 'static', valueType: 'kind', value: query.spanKind.toLowerCase() as 'server', ...AT }));
  if (query.errorsOnly) conditions.push(equals({ type: 'intrinsic', name: 'span:status', spelling: 'status', ...AT }, { type: 'static', valueType: 'status', value: 'error', ...AT }));
  const duration: FieldExpression = { type: 'intrinsic', name: 'span:duration', spelling: 'duration', ...AT };
  if (query.minDurationNs !== undefined) conditions.push({ type: 'binary', op: '>=', lhs: duration, rhs: { type: 'static', valueType: 'duration', value: query.minDurationNs, ...AT }, ...AT });
  if (query.maxDurationNs !== undefined) conditions.push({ type: 'binary', op: '<=', lhs: duration, rhs: { type: 'static', valueType: 'duration', value: query.maxDurationNs, ...AT }, ...AT });
  for (const { key, value } of query.attributes) {
    const alternatives = ATTRIBUTE_SCOPES.flatMap((scope) => valuesOf(value).map((v) => equals({ type: 'attribute', scope, parent: false, name: key, ...AT }, v)));
    conditions.push(alternatives.reduce((a, b) => ({ type: 'binary', op: '||', lhs: a, rhs: b, ...AT })));
  }
  return conditions.length === 0 ? null : conditions.reduce((a, b) => ({ type: 'binary', op: '&&', lhs: a, rhs: b, ...AT }));
}

/** The literals a searched text stands for. */
function valuesOf(text: string): Static[] {
  const values = [string(text)];
  const n = Number(text);
  if (text.trim() !== '' && Number.isFinite(n)) values.push(Number.isInteger(n) && Number.isSafeInteger(n) ? { type: 'static', valueType: 'int', value: BigInt(n), ...AT } : { type: 'static', valueType: 'float', value: n, ...AT });
  if (text === 'true' || text === 'false') values.push({ type: 'static', valueType: 'bool', value: text === 'true', ...AT });
  return values;
}

const string = (value: string): Static => ({ type: 'static', valueType: 'string', value, ...AT });
const equals = (lhs: FieldExpression, rhs: FieldExpression): FieldExpression => ({ type: 'binary', op: '=', lhs, rhs, ...AT });
