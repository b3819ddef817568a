import type {
  Attribute, Field, FieldExpression, Hint, MetricsFunction, ParsedQuery, Pipeline, ScalarExpression,
  SpansetExpression, Stage, Static,
} from './ast';
import { formatDuration } from './duration';
import { isAttributeChar } from './lexer';
import {
  ADDITIVE, ARITHMETIC_OPERATORS, FIELD_OPERATORS, isRightAssociative, MULTIPLICATIVE, SPANSET_OPERATORS, UNARY,
} from './precedence';

/**
 * Writes a query back as TraceQL, with the parentheses the tree needs and no others; parsing the text
 * gives the same tree (positions aside). What the UI's builder and the engine's messages print.
 */
export function formatTraceQL(query: Omit<ParsedQuery, 'source' | 'from' | 'to'>): string {
  let text = formatPipeline(query.pipeline);
  if (query.metrics) text += ` | ${formatMetrics(query.metrics)}`;
  for (const stage of query.secondStages) text += ` | ${stage.type}(${stage.limit})`;
  if (query.hints.length > 0) text += ` with (${query.hints.map(formatHint).join(', ')})`;
  return text;
}

export function formatPipeline(pipeline: Pipeline): string {
  return pipeline.stages.map(formatStage).join(' | ');
}

function formatStage(stage: Stage): string {
  switch (stage.type) {
    case 'spansetFilter':
    case 'spansetOperation':
      return formatSpanset(stage, 0);
    case 'scalarFilter':
      return `${formatScalar(stage.lhs, 0)} ${stage.op} ${formatScalar(stage.rhs, 0)}`;
    case 'groupBy':
      return `by(${formatFieldExpression(stage.expression)})`;
    case 'select':
      return `select(${stage.fields.map(formatField).join(', ')})`;
    case 'coalesce':
      return 'coalesce()';
    case 'aggregate':
      return `${stage.fn}(${stage.field ? formatFieldExpression(stage.field) : ''})`;
  }
}

/** `min` is the weakest operator this position may show without parentheses. */
function formatSpanset(e: SpansetExpression | Pipeline, min: number): string {
  if (e.type === 'pipeline') return `(${formatPipeline(e)})`;
  if (e.type === 'spansetFilter') return e.expression ? `{ ${formatFieldExpression(e.expression)} }` : '{ }';
  const level = SPANSET_OPERATORS[e.op];
  const text = `${formatSpanset(e.lhs, level)} ${e.op} ${formatSpanset(e.rhs, level + 1)}`;
  return level < min ? `(${text})` : text;
}

function formatScalar(e: ScalarExpression, min: number): string {
  switch (e.type) {
    case 'aggregate':
      return formatStage(e);
    case 'static':
      return formatStatic(e);
    case 'pipeline':
      return `(${formatPipeline(e)})`;
    case 'scalarOperation': {
      const level = ARITHMETIC_OPERATORS[e.op];
      const right = isRightAssociative(e.op);
      const text = `${formatScalar(e.lhs, right ? level + 1 : level)} ${e.op} ${formatScalar(e.rhs, right ? level : level + 1)}`;
      return level < min ? `(${text})` : text;
    }
  }
}

export function formatFieldExpression(e: FieldExpression, min = 0): string {
  switch (e.type) {
    case 'static':
      return formatStatic(e);
    case 'attribute':
    case 'intrinsic':
      return formatField(e);
    case 'unary': {
      // The operand takes in * / % ^ and nothing weaker.
      const text = `${e.op}${formatFieldExpression(e.operand, MULTIPLICATIVE)}`;
      return UNARY < min ? `(${text})` : text;
    }
    case 'binary': {
      const level = FIELD_OPERATORS[e.op];
      const right = isRightAssociative(e.op);
      // Beside * / % ^ a leading - or ! would take in the operator: `(-a) * b` is not `-a * b`.
      const side = (operand: FieldExpression, sideMin: number) =>
        level > ADDITIVE && startsWithSign(operand) ? `(${formatFieldExpression(operand)})` : formatFieldExpression(operand, sideMin);
      const text = `${side(e.lhs, right ? level + 1 : level)} ${e.op} ${side(e.rhs, right ? level : level + 1)}`;
      return level < min ? `(${text})` : text;
    }
  }
}

function startsWithSign(e: FieldExpression): boolean {
  if (e.type === 'unary') return true;
  if (e.type !== 'static') return false;
  if (e.valueType === 'float') return e.value < 0 || Object.is(e.value, -0);
  return (e.valueType === 'int' || e.valueType === 'duration') && e.value < 0n;
}

export function formatField(field: Field): string {
  return field.type === 'intrinsic' ? field.spelling : formatAttribute(field);
}

function formatAttribute(a: Attribute): string {
  const scope = a.scope === 'none' ? '' : `${a.scope}.`;
  const prefix = a.parent ? `parent.${scope}` : scope || '.';
  return prefix + attributeName(a);
}

/** The name as the lexer reads it back: quoted when it holds a character that would end it. */
function attributeName(a: Attribute): string {
  const name = a.name;
  const mustQuote =
    name === '' ||
    [...name].some((ch) => ch === '"' || !isAttributeChar(ch)) ||
    (a.scope === 'none' && !a.parent && /^[0-9]/.test(name)) ||
    (a.scope === 'none' && a.parent && /^(span|resource)\./.test(name));
  return mustQuote ? `"${name.replace(/[\\"]/g, (ch) => `\\${ch}`)}"` : name;
}

export function formatStatic(s: Static): string {
  switch (s.valueType) {
    case 'string':
      return quoteString(s.value);
    case 'int':
      return s.value === -(2n ** 63n) ? 'minInt' : String(s.value);
    case 'float': {
      const text = Object.is(s.value, -0) ? '-0' : String(s.value);
      return /[.eE]/.test(text) ? text : `${text}.0`;
    }
    case 'duration':
      return formatDuration(s.value);
    case 'nil':
      return 'nil';
    default:
      return String(s.value);
  }
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function quoteString(value: string): string {
  return `"${value.replace(/[\\"\x00-\x1f\x7f]/g, (ch) => ESCAPES[ch] ?? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

function formatMetrics(m: MetricsFunction): string {
  if (m.type === 'compare') {
    const numbers = [m.topN, m.start, m.end].filter((n) => n !== null).map(String);
    return `compare(${[formatSpanset(m.filter, 0), ...numbers].join(', ')})`;
  }
  const args = [...(m.field ? [formatField(m.field)] : []), ...m.quantiles.map(String)];
  const by = m.by.length > 0 ? ` by (${m.by.map(formatField).join(', ')})` : '';
  return `${m.fn}(${args.join(', ')})${by}`;
}

function formatHint(h: Hint): string {
  return `${h.key}=${formatStatic(h.value)}`;
}
