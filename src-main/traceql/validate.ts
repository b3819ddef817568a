import type {
  Aggregate, BinaryOperation, FieldExpression, Located, MetricsFunction, ParsedQuery, Pipeline, ScalarExpression,
  SpansetFilter, Stage, UnaryOperation,
} from './ast';
import { excerpt, TraceQLError } from './errors';
import { compileTraceQLRegex, RegexError } from './regex';
import { INTRINSIC_TYPES } from './intrinsics';
import {
  binaryResultType, describeType, isMatchingOperand, isNumeric, operatorTakes, referencesSpan, scalarTypeOf,
  unaryResultType, type ValueType,
} from './types';
import { findUnsupportedFeature, unsupportedScalarFilter } from './unsupported';

/**
 * Checks a parsed query as Tempo's validate does: a spanset filter is a condition, operators get operands
 * of types they take, regular expressions compile, aggregates and by() read the span. Throws a
 * TraceQLError at the node at fault.
 */
export function validateTraceQL(query: ParsedQuery): void {
  const unsupported = findUnsupportedFeature(query);
  if (unsupported) throw unsupported;
  new Validator(query.source).query(query);
}

class Validator {
  constructor(private readonly source: string) {}

  query(query: ParsedQuery): void {
    this.pipeline(query.pipeline);
    if (query.metrics) this.metrics(query.metrics);
    for (const stage of query.secondStages) {
      if (stage.limit < 1n) throw this.error(`${stage.type}() needs at least 1 series, not ${stage.limit}`, stage);
      if (query.metrics?.type === 'compare') throw this.error(`compare() cannot be followed by ${stage.type}()`, stage);
    }
  }

  private pipeline(pipeline: Pipeline): void {
    for (const stage of pipeline.stages) this.stage(stage);
  }

  private stage(stage: Stage | Pipeline): void {
    switch (stage.type) {
      case 'pipeline':
        return this.pipeline(stage);
      case 'spansetFilter':
        return this.spansetFilter(stage);
      case 'spansetOperation':
        this.stage(stage.lhs);
        return this.stage(stage.rhs);
      case 'scalarFilter': {
        this.operands(stage.op, this.scalar(stage.lhs), this.scalar(stage.rhs), stage);
        const unsupported = unsupportedScalarFilter(stage, this.source);
        if (unsupported) throw unsupported;
        return;
      }
      case 'groupBy':
        this.field(stage.expression);
        if (!referencesSpan(stage.expression)) {
          throw this.error(`${this.excerpt(stage)} does not read the span; group by a field such as resource.service.name`, stage);
        }
        return;
      case 'aggregate':
        this.aggregate(stage);
        return;
      case 'select':
      case 'coalesce':
        return;
    }
  }

  private spansetFilter(filter: SpansetFilter): void {
    if (!filter.expression) return;
    const t = this.field(filter.expression);
    if (t !== 'bool' && t !== 'any') {
      throw this.error(
        `{ } needs a condition that is true or false, but ${this.excerpt(filter.expression)} is ${describeType(t)}; compare it, for example ${exampleFor(t)}`,
        filter.expression,
      );
    }
  }

  /** Checks a scalar expression and gives its type. */
  private scalar(e: ScalarExpression): ValueType {
    switch (e.type) {
      case 'aggregate':
        return this.aggregate(e);
      case 'pipeline':
        this.pipeline(e);
        return scalarTypeOf(e);
      case 'scalarOperation': {
        const lhs = this.scalar(e.lhs);
        const rhs = this.scalar(e.rhs);
        this.operands(e.op, lhs, rhs, e);
        return binaryResultType(e.op, lhs, rhs);
      }
      case 'static':
        return e.valueType;
    }
  }

  private aggregate(a: Aggregate): ValueType {
    if (!a.field) return 'int';
    const t = this.field(a.field);
    if (t !== 'any' && !isNumeric(t)) {
      throw this.error(`${a.fn}() needs a number or a duration, but ${this.excerpt(a.field)} is ${describeType(t)}`, a.field);
    }
    if (!referencesSpan(a.field)) {
      throw this.error(`${this.excerpt(a)} does not read the span; aggregate a field such as duration or span.bytes`, a);
    }
    return a.fn === 'count' ? 'int' : t;
  }

  /** Checks a field expression and gives its type, in one pass. */
  private field(e: FieldExpression): ValueType {
    switch (e.type) {
      case 'static':
        return e.valueType;
      case 'attribute':
        return 'any';
      case 'intrinsic':
        return INTRINSIC_TYPES[e.name];
      case 'unary':
        return this.unary(e);
      case 'binary':
        return this.binary(e);
    }
  }

  private unary(e: UnaryOperation): ValueType {
    const t = this.field(e.operand);
    if (t !== 'any' && e.op === '-' && !isNumeric(t)) {
      throw this.error(`"-" needs a number or a duration, but ${this.excerpt(e.operand)} is ${describeType(t)}`, e);
    }
    if (t !== 'any' && e.op === '!' && t !== 'bool') throw this.error(`"!" needs a condition, but ${this.excerpt(e.operand)} is ${describeType(t)}`, e);
    return unaryResultType(e.op, t);
  }

  private binary(e: BinaryOperation): ValueType {
    const lhs = this.field(e.lhs);
    const rhs = this.field(e.rhs);
    if (lhs === 'nil' || rhs === 'nil') {
      this.nilComparison(e, lhs === 'nil' ? e.rhs : e.lhs);
      return 'bool';
    }
    this.operands(e.op, lhs, rhs, e);
    if (e.op === '=~' || e.op === '!~') this.regex(e);
    return binaryResultType(e.op, lhs, rhs);
  }

  /** `x = nil` is "x is not set", `x != nil` "x is set"; intrinsics are always set. */
  private nilComparison(e: BinaryOperation, other: FieldExpression): void {
    if (e.op !== '=' && e.op !== '!=') throw this.error(`nil can only be compared with = or !=, not "${e.op}"`, e);
    if (other.type === 'intrinsic' && e.op === '=') throw this.error(`${this.excerpt(e)} cannot match: intrinsics are always set`, e);
    if (other.type === 'attribute' && e.op === '=' && other.scope === 'resource' && other.name === 'service.name' && !other.parent) {
      throw this.error(`${this.excerpt(e)} cannot match: every span has a service name`, e);
    }
    if (other.type !== 'attribute' && other.type !== 'intrinsic' && !(other.type === 'static' && other.valueType === 'nil')) {
      throw this.error(`nil can only be compared with a field, such as span.foo = nil; ${this.excerpt(other)} is not one`, e);
    }
  }

  private regex(e: BinaryOperation): void {
    if (e.rhs.type !== 'static' || e.rhs.valueType !== 'string') {
      throw this.error(`the right side of "${e.op}" must be a regular expression in quotes, such as "GET .*"`, e.rhs);
    }
    try {
      compileTraceQLRegex(e.rhs.value);
    } catch (error) {
      if (!(error instanceof RegexError)) throw error;
      throw this.error(`${this.excerpt(e.rhs)} is not a valid regular expression: ${error.message}`, e.rhs);
    }
  }

  private operands(op: string, lhs: ValueType, rhs: ValueType, at: Located): void {
    if (!isMatchingOperand(lhs, rhs)) {
      throw this.error(`${this.excerpt(at)} puts ${describeType(lhs)} and ${describeType(rhs)} on the two sides of "${op}"; they must be of one type`, at);
    }
    for (const t of [lhs, rhs]) {
      if (!operatorTakes(op, t)) throw this.error(`"${op}" does not apply to ${describeType(t)}, in ${this.excerpt(at)}${operatorAdvice(t)}`, at);
    }
  }

  private metrics(m: MetricsFunction): void {
    if (m.type === 'compare') {
      this.spansetFilter(m.filter);
      if (m.topN !== null && m.topN < 1n) throw this.error(`compare() needs at least 1 value per attribute, not ${m.topN}`, m);
      if (m.start !== null && m.end !== null && (m.start !== 0n || m.end !== 0n)) {
        if (m.start <= 0n || m.end <= 0n) throw this.error('compare() takes its start and end as positive Unix nanoseconds', m);
        if (m.end <= m.start) throw this.error(`compare() needs its end (${m.end}) after its start (${m.start})`, m);
      }
      return;
    }
    if (m.field) {
      const t = this.field(m.field);
      if (t !== 'any' && !isNumeric(t)) throw this.error(`${m.fn}() needs a number or a duration, but ${this.excerpt(m.field)} is ${describeType(t)}`, m.field);
    }
    for (const q of m.quantiles) {
      if (q < 0 || q > 1) throw this.error(`the quantile ${q} is outside 0 to 1; write .95 for the 95th percentile`, m);
    }
  }

  private excerpt(at: Located): string {
    return excerpt(this.source, at);
  }

  private error(detail: string, at: Located): TraceQLError {
    return new TraceQLError(detail, this.source, at.from, at.to);
  }
}

function exampleFor(t: ValueType): string {
  const examples: Partial<Record<ValueType, string>> = {
    status: 'status = error', kind: 'kind = server', duration: 'duration > 100ms', string: 'name = "GET /"',
  };
  return examples[t] ?? 'span.http.status_code >= 500';
}

function operatorAdvice(t: ValueType): string {
  if (t === 'status' || t === 'kind' || t === 'nil') return `; ${describeType(t)} is compared with = or != only`;
  if (t === 'bool') return '; a boolean takes && || = !=';
  return '';
}
