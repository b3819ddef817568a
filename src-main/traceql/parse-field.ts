import type { Field, FieldBinaryOp, FieldExpression, IntrinsicName, KindValue, SpansetFilter, Static, StatusValue } from './ast';
import { KIND_VALUES, STATUS_VALUES } from '../model/traceql-names';
import type { Cursor } from './cursor';
import { ATTRIBUTE_SCOPES, SCOPED_INTRINSICS, UNSCOPED_INTRINSICS } from './intrinsics';
import type { Token } from './lexer';
import { climb, FIELD_OPERATORS, UNARY } from './precedence';

const STATUSES = new Set<string>(STATUS_VALUES);
const KINDS = new Set<string>(KIND_VALUES);
const MIN_INT = -(2n ** 63n);
const MAX_INT = 2n ** 63n - 1n;

/** `{ }` or `{ field expression }`. */
export function parseSpansetFilter(c: Cursor): SpansetFilter {
  const open = c.expect('{', 'to start a spanset filter');
  if (c.isPunct('}')) {
    const close = c.advance();
    return { type: 'spansetFilter', expression: null, from: open.from, to: close.to };
  }
  const expression = parseFieldExpression(c);
  const close = c.close(open);
  return { type: 'spansetFilter', expression, from: open.from, to: close.to };
}

/** A condition or value over one span: what goes in `{ }`, `by( )`, `avg( )`. */
export function parseFieldExpression(c: Cursor): FieldExpression {
  return climb(c, FIELD_OPERATORS, operand(c), 0, () => operand(c), binary);
}

function binary(op: Token, lhs: FieldExpression, rhs: FieldExpression): FieldExpression {
  return { type: 'binary', op: op.text as FieldBinaryOp, lhs, rhs, from: lhs.from, to: rhs.to };
}

function operand(c: Cursor): FieldExpression {
  const token = c.peek();
  if (token.kind === 'punct' && (token.text === '-' || token.text === '!')) {
    c.advance();
    const inner = climb(c, FIELD_OPERATORS, operand(c), UNARY + 1, () => operand(c), binary);
    if (token.text === '-') {
      const folded = negate(inner);
      if (folded) return { ...folded, from: token.from };
    }
    return { type: 'unary', op: token.text, operand: inner, from: token.from, to: inner.to };
  }
  if (token.kind === 'punct' && token.text === '(') {
    c.advance();
    const inner = parseFieldExpression(c);
    c.close(token);
    return inner;
  }
  const value = staticOf(token);
  if (value) {
    c.advance();
    return value;
  }
  return takeField(c) ?? failValue(c, token);
}

/** `-5`, `-1.5`, `-10ms` are literals; Tempo's scalar grammar reads them so, and the printer writes them so. */
export function negate(e: FieldExpression): Static | null {
  if (e.type !== 'static') return null;
  if (e.valueType === 'float') return { ...e, value: -e.value };
  if ((e.valueType === 'int' || e.valueType === 'duration') && e.value !== MIN_INT) return { ...e, value: -e.value };
  return null;
}

function failValue(c: Cursor, token: Token): never {
  const previous = c.previous;
  if (token.kind === 'ident' && (Object.hasOwn(ATTRIBUTE_SCOPES, token.text) || Object.hasOwn(SCOPED_INTRINSICS, token.text))) {
    const word = token.text;
    const ways = [
      ...(Object.hasOwn(ATTRIBUTE_SCOPES, word) ? [`${word}.<attribute>`] : []),
      ...(Object.hasOwn(SCOPED_INTRINSICS, word) ? [`an intrinsic such as ${word}:${SCOPED_INTRINSICS[word][0]}`] : []),
    ];
    throw c.error(`"${word}" is a scope; write ${ways.join(' or ')}`, token);
  }
  if (token.kind === 'ident') {
    throw c.error(
      `"${token.text}" is not a field or a value; write span.${token.text} or resource.${token.text} for an attribute, or use an intrinsic such as name, status or span:duration`,
      token,
    );
  }
  if (previous?.text === '{') return c.fail('a condition such as span.http.status_code >= 500, or "}"', token);
  const note = previous?.text === '=' && token.kind === 'punct' && token.text === '=' ? ' ("==" is not an operator; write = for equality)' : '';
  return c.fail(`a value after "${previous?.text ?? ''}"`, token, note);
}

/** A literal token as a Static, or null. */
export function staticOf(token: Token): Static | null {
  const at = { from: token.from, to: token.to };
  switch (token.kind) {
    case 'string':
      return { type: 'static', valueType: 'string', value: token.value, ...at };
    case 'int':
      return { type: 'static', valueType: 'int', value: token.value, ...at };
    case 'float':
      return { type: 'static', valueType: 'float', value: token.value, ...at };
    case 'duration':
      return { type: 'static', valueType: 'duration', value: token.value, ...at };
    case 'ident':
      break;
    default:
      return null;
  }
  const word = token.text;
  if (word === 'true' || word === 'false') return { type: 'static', valueType: 'bool', value: word === 'true', ...at };
  if (word === 'nil') return { type: 'static', valueType: 'nil', ...at };
  if (word === 'minInt' || word === 'maxInt') {
    return { type: 'static', valueType: 'int', value: word === 'minInt' ? MIN_INT : MAX_INT, ...at };
  }
  if (STATUSES.has(word)) return { type: 'static', valueType: 'status', value: word as StatusValue, ...at };
  if (KINDS.has(word)) return { type: 'static', valueType: 'kind', value: word as KindValue, ...at };
  return null;
}

/** Takes an intrinsic or attribute if one comes next; null (nothing taken) if not. */
function takeField(c: Cursor): Field | null {
  const token = c.peek();
  if (token.kind === 'attribute') {
    c.advance();
    return { type: 'attribute', scope: token.scope, parent: token.parent, name: token.name, from: token.from, to: token.to };
  }
  if (token.kind === 'ident' && Object.hasOwn(UNSCOPED_INTRINSICS, token.text)) {
    c.advance();
    return { type: 'intrinsic', name: UNSCOPED_INTRINSICS[token.text], spelling: token.text, from: token.from, to: token.to };
  }
  if (token.kind !== 'scope') return null;
  c.advance();
  const names = SCOPED_INTRINSICS[token.text.slice(0, -1)];
  const next = c.peek();
  if (next.kind !== 'ident' || !names.includes(next.text)) {
    const shown = next.kind === 'ident' ? `"${token.text}${next.text}" is not an intrinsic` : `expected an intrinsic after "${token.text}"`;
    throw c.error(`${shown}; ${token.text} has ${listWords(names)}`, next.kind === 'ident' ? { from: token.from, to: next.to } : next);
  }
  c.advance();
  // Every scope:name listed in SCOPED_INTRINSICS is an IntrinsicName.
  const spelling = `${token.text}${next.text}` as IntrinsicName;
  return { type: 'intrinsic', name: spelling, spelling, from: token.from, to: next.to };
}

/** An intrinsic or attribute, nothing more: what select(), by (…) of metrics and the metrics functions take. */
export function parseField(c: Cursor, context: string): Field {
  return takeField(c) ?? c.fail(`a field such as span.http.route or duration ${context}`);
}

/** A literal: what `with (key = …)` and the right side of a comparison of pipelines take. */
export function parseStatic(c: Cursor, context: string): Static {
  const value = staticOf(c.peek());
  if (!value) return c.fail(`a value such as 10, 1.5, 100ms, "text" or true ${context}`);
  c.advance();
  return value;
}

function listWords(words: string[]): string {
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
