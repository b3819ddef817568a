/**
 * The value of a field expression on one span (and, for event and link fields, one of its events or links), with
 * TraceQL's rules: a missing attribute is nil and fails every comparison but `= nil`; an array attribute matches
 * `=` and `=~` when any element does and `!=` and `!~` when none does; values of different types never compare
 * equal; strings order lexicographically; regular expressions are fully anchored.
 */
import { anyValueText } from '../model/any-value-text';
import { serviceOf, type AnyValue, type SpanEvent, type SpanLink } from '../model/span';
import type { Attribute, FieldExpression, Intrinsic, Static } from './ast';
import type { QuerySpan, QueryTrace } from './query-trace';
import { compileTraceQLRegex, type TraceQLRegex } from './regex';

/** Status and kind values are their lowercase names, as the query writes them. */
export type Value = null | string | number | boolean | Value[];

export interface SpanContext {
  trace: QueryTrace;
  node: QuerySpan;
  event?: SpanEvent;
  link?: SpanLink;
}

export function fieldValue(expr: FieldExpression, ctx: SpanContext): Value {
  switch (expr.type) {
    case 'static':
      return staticValue(expr);
    case 'intrinsic':
      return intrinsicValue(expr, ctx);
    case 'attribute':
      return attributeValue(expr, ctx);
    case 'unary': {
      const operand = fieldValue(expr.operand, ctx);
      if (expr.op === '-') return typeof operand === 'number' ? -operand : null;
      return typeof operand === 'boolean' ? !operand : null;
    }
    case 'binary': {
      if (expr.op === '&&') return truthy(expr.lhs, ctx) && truthy(expr.rhs, ctx);
      if (expr.op === '||') return truthy(expr.lhs, ctx) || truthy(expr.rhs, ctx);
      const lhs = fieldValue(expr.lhs, ctx);
      const rhs = fieldValue(expr.rhs, ctx);
      if (expr.op === '=~' || expr.op === '!~') return matches(lhs, rhs, expr.op === '!~');
      if (isComparison(expr.op)) return compare(expr.op, lhs, rhs);
      return arithmetic(expr.op, lhs, rhs);
    }
  }
}

/** An operand of `&&` / `||`: a boolean attribute on its own counts as `= true`; nil is false. */
export function truthy(expr: FieldExpression, ctx: SpanContext): boolean {
  return fieldValue(expr, ctx) === true;
}

export function staticValue(s: Static): Value {
  switch (s.valueType) {
    case 'nil':
      return null;
    case 'int':
    case 'duration':
      return Number(s.value);
    default:
      return s.value;
  }
}

function intrinsicValue(field: Intrinsic, { trace, node, event, link }: SpanContext): Value {
  const span = node.span;
  switch (field.name) {
    case 'span:duration':
      return Number(span.endTimeUnixNano - span.startTimeUnixNano);
    case 'span:name':
      return span.name;
    case 'span:status':
      return span.status.code.toLowerCase();
    case 'span:statusMessage':
      return span.status.message;
    case 'span:kind':
      return span.kind.toLowerCase();
    case 'span:id':
      return span.spanId;
    case 'span:parentID':
      return span.parentSpanId === '' ? null : span.parentSpanId;
    case 'span:childCount':
      return node.children.length;
    case 'trace:duration':
      return Number(trace.durationNs);
    case 'trace:rootName':
      return trace.root?.span.name ?? null;
    case 'trace:rootService':
      return trace.root ? serviceOf(trace.root.span.resource) : null;
    case 'trace:id':
      return trace.traceId;
    case 'event:name':
      return event?.name ?? null;
    case 'event:timeSinceStart':
      return event ? Number(event.timeUnixNano - span.startTimeUnixNano) : null;
    case 'link:traceID':
      return link?.traceId ?? null;
    case 'link:spanID':
      return link?.spanId ?? null;
    case 'instrumentation:name':
      return span.scope.name;
    case 'instrumentation:version':
      return span.scope.version;
    case 'nestedSetLeft':
      return node.left;
    case 'nestedSetRight':
      return node.right;
    case 'nestedSetParent':
      return node.parent?.left ?? -1;
    case 'parent':
      return null;
  }
}

function attributeValue(field: Attribute, ctx: SpanContext): Value {
  const node = field.parent ? ctx.node.parent : ctx.node;
  if (!node) return null;
  const span = node.span;
  const read = (value: AnyValue | undefined): Value => (value === undefined ? null : fromAnyValue(value));
  switch (field.scope) {
    case 'none':
      return read(span.attributes[field.name] ?? span.resource.attributes[field.name]);
    case 'span':
      return read(span.attributes[field.name]);
    case 'resource':
      return read(span.resource.attributes[field.name]);
    case 'instrumentation':
      return read(span.scope.attributes[field.name]);
    case 'event':
      return read(ctx.event?.attributes[field.name]);
    case 'link':
      return read(ctx.link?.attributes[field.name]);
  }
}

export function fromAnyValue(value: AnyValue): Value {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromAnyValue);
  return anyValueText(value);
}

type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';
const isComparison = (op: string): op is Comparison => op === '=' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';

function compare(op: Comparison, lhs: Value, rhs: Value): boolean {
  // `= nil` holds for a missing value, `!= nil` for a present one; a missing value fails every other comparison.
  if (rhs === null) return op === '=' ? lhs === null : op === '!=' && lhs !== null;
  if (lhs === null) return false;
  if (Array.isArray(lhs)) return op === '!=' ? !lhs.some((v) => compare('=', v, rhs)) : lhs.some((v) => compare(op, v, rhs));
  if (Array.isArray(rhs)) return op === '!=' ? !rhs.some((v) => compare('=', lhs, v)) : rhs.some((v) => compare(op, lhs, v));
  if (typeof lhs !== typeof rhs) return false;
  switch (op) {
    case '=':
      return lhs === rhs;
    case '!=':
      return lhs !== rhs;
    case '<':
      return lhs < rhs;
    case '<=':
      return lhs <= rhs;
    case '>':
      return lhs > rhs;
    case '>=':
      return lhs >= rhs;
  }
}

function matches(lhs: Value, pattern: Value, negated: boolean): boolean {
  if (typeof pattern !== 'string' || lhs === null) return false;
  const re = anchored(pattern);
  if (Array.isArray(lhs)) {
    const any = lhs.some((v) => typeof v === 'string' && re.test(v));
    return negated ? !any : any;
  }
  if (typeof lhs !== 'string') return false;
  return re.test(lhs) !== negated;
}

function arithmetic(op: string, lhs: Value, rhs: Value): Value {
  if (typeof lhs !== 'number' || typeof rhs !== 'number') return null;
  switch (op) {
    case '+':
      return lhs + rhs;
    case '-':
      return lhs - rhs;
    case '*':
      return lhs * rhs;
    case '/':
      return rhs === 0 ? null : lhs / rhs;
    case '%':
      return rhs === 0 ? null : lhs % rhs;
    case '^':
      return lhs ** rhs;
    default:
      return null;
  }
}

const compiled = new Map<string, TraceQLRegex>();

/** The pattern compiled once per query run (validation has already refused the ones that do not compile). */
function anchored(pattern: string): TraceQLRegex {
  let re = compiled.get(pattern);
  if (re === undefined) {
    re = compileTraceQLRegex(pattern);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}
