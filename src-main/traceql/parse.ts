import type {
  Aggregate, AggregateFunction, ArithmeticOp, CoalesceOperation, ComparisonOp, GroupOperation, Hint, MetricsFunction,
  ParsedQuery, Pipeline, ScalarExpression, ScalarFilter, SecondStage, SelectOperation, SpansetExpression,
  SpansetOp, SpansetOperation, Stage,
} from './ast';
import { Cursor } from './cursor';
import { checkDepth, tooDeep } from './depth';
import type { Token } from './lexer';
import { negate, parseField, parseFieldExpression, parseSpansetFilter, parseStatic } from './parse-field';
import { isMetricsFunction, parseHints, parseMetricsFunction, parseSecondStages } from './parse-metrics';
import { AGGREGATES as AGGREGATE_NAMES } from '../model/traceql-names';
import { ARITHMETIC_OPERATORS, climb, COMPARISONS, SPANSET_OPERATORS } from './precedence';

/**
 * Reads a TraceQL query into its syntax tree, or throws a TraceQLError naming the line, the column, what
 * was expected and what was found. Types are not checked here: that is `validateTraceQL`.
 *
 * Tempo's grammar (expr.y) keeps apart things that look alike at their first token; this parser reads one
 * operand, learns which of them it is, and continues by the rules of that one:
 * - spanset expressions: `{ … }` filters combined by `&& || > >> < << ~` and the `!` and `&` forms;
 * - pipelines: stages joined by `|` (a spanset expression, a scalar filter such as `count() > 2`, `by()`,
 *   `select()`, `coalesce()`), optionally ending in a metrics function;
 * - pipelines in parentheses combined by spanset operators: `({ a } | count() > 1) && ({ b } | by(.x))`
 *   (a lone spanset expression in parentheses is just that spanset expression, as yacc resolves it);
 * - pipelines ending in an aggregate, in parentheses, compared: `({ a } | count()) > ({ b } | count())`.
 */
export function parseTraceQL(source: string): ParsedQuery {
  const cursor = new Cursor(source);
  let query: ParsedQuery;
  try {
    query = new Parser(cursor).query();
  } catch (error) {
    // Parentheses and unary operators nested thousands deep exhaust the stack before checkDepth could.
    if (error instanceof RangeError) throw tooDeep(source, cursor.previous ?? { from: 0, to: 0 });
    throw error;
  }
  checkDepth(query);
  return query;
}

type Part =
  | { kind: 'spanset'; node: SpansetExpression }
  /** Pipelines in parentheses, alone or combined by spanset operators. */
  | { kind: 'pipelines'; node: Pipeline | SpansetOperation }
  | { kind: 'scalar'; node: ScalarExpression }
  /** Arithmetic over `(… | count())` operands. */
  | { kind: 'scalarPipeline'; node: ScalarExpression }
  | { kind: 'stage'; node: GroupOperation | SelectOperation | CoalesceOperation };

type Sequence =
  | Part
  | { kind: 'pipeline'; node: Pipeline }
  | { kind: 'pipelineComparison'; node: ScalarFilter }
  | { kind: 'metrics'; pipeline: Pipeline; metrics: MetricsFunction; secondStages: SecondStage[] };

const AGGREGATES = new Set<string>(AGGREGATE_NAMES);
const STAGE_EXPECTED =
  'a pipeline stage after "|": a spanset filter, a comparison such as count() > 2, by(), select(), coalesce(), or a metrics function such as rate()';

class Parser {
  constructor(private readonly c: Cursor) {}

  query(): ParsedQuery {
    const first = this.c.peek();
    const sequence = this.sequence(false);
    let pipeline: Pipeline;
    let metrics: MetricsFunction | null = null;
    let secondStages: SecondStage[] = [];
    switch (sequence.kind) {
      case 'pipeline':
        pipeline = sequence.node;
        break;
      case 'metrics':
        ({ pipeline, metrics, secondStages } = sequence);
        break;
      case 'pipelines':
        pipeline = sequence.node.type === 'pipeline' ? sequence.node : pipelineOf([sequence.node]);
        break;
      case 'spanset':
      case 'pipelineComparison':
        pipeline = pipelineOf([sequence.node]);
        break;
      default:
        throw this.c.error('internal: a query ended in the middle of an expression', sequence.node);
    }
    const hints: Hint[] = [];
    while (this.c.isWord('with')) hints.push(...parseHints(this.c));
    const end = this.c.peek();
    if (end.kind !== 'eof') this.failAtEnd(sequence, end);
    const to = this.c.previous?.to ?? 0;
    return { type: 'query', source: this.c.source, pipeline, metrics, secondStages, hints, from: first.from, to };
  }

  private failAtEnd(sequence: Sequence, end: Token): never {
    if (sequence.kind === 'spanset' && end.kind === 'punct' && /^(=|<=|>=|\+|-|\*|\/|\^|%)$/.test(end.text)) {
      throw this.c.error(`"${end.text}" does not combine spansets; between { } filters use && || > >> < << ~ or their ! and & forms`, end);
    }
    if (sequence.kind === 'pipelines' && end.kind === 'punct' && end.text === '|') {
      throw this.c.error('a pipeline cannot continue after pipelines in parentheses; put the stage inside the parentheses', end);
    }
    return this.c.fail('"|" or the end of the query', end);
  }

  /** A pipeline, pipelines combined, or a comparison of pipelines: the contents of a query or of ( ). */
  private sequence(inParens: boolean): Sequence {
    const first = this.operand('a spanset filter such as { status = error }');
    switch (first.kind) {
      case 'spanset':
        return this.pipeline(this.spansetOperations(first.node), inParens);
      case 'stage':
        if (first.node.type === 'coalesce') throw this.c.error('a pipeline cannot start with coalesce(); put it after a stage: { } | coalesce()', first.node);
        return this.pipeline(first.node, inParens);
      case 'pipelines':
        return { kind: 'pipelines', node: this.pipelinesOperations(first.node) };
      case 'scalar': {
        const lhs = this.arithmetic(first.node, 'scalar');
        if (this.isComparison()) return this.pipeline(this.scalarFilter(lhs), inParens);
        if (inParens) return { kind: 'scalar', node: lhs };
        return this.c.fail(`a comparison such as > 2 after ${this.c.excerpt(lhs)}`);
      }
      case 'scalarPipeline': {
        const lhs = this.arithmetic(first.node, 'scalarPipeline');
        if (!this.isComparison()) {
          if (inParens) return { kind: 'scalarPipeline', node: lhs };
          return this.c.fail(`a comparison such as > 2 after ${this.c.excerpt(lhs)}`);
        }
        if (inParens) throw this.c.error('a comparison of pipelines cannot be in parentheses', this.c.peek());
        return { kind: 'pipelineComparison', node: this.pipelineComparison(lhs) };
      }
    }
  }

  /** Stages after the first, joined by `|`; a metrics function ends the pipeline. */
  private pipeline(first: Stage, inParens: boolean): Sequence {
    const stages: Stage[] = [first];
    while (this.c.isPunct('|')) {
      this.c.advance();
      const next = this.c.peek();
      if (isMetricsFunction(next)) {
        if (inParens) throw this.c.error(`a metrics function such as ${next.text}() ends a query; it cannot be in parentheses`, next);
        const metrics = parseMetricsFunction(this.c);
        return { kind: 'metrics', pipeline: pipelineOf(stages), metrics, secondStages: parseSecondStages(this.c) };
      }
      if (next.kind === 'ident' && (next.text === 'topk' || next.text === 'bottomk')) {
        throw this.c.error(`${next.text}() follows a metrics function: { } | rate() by (resource.service.name) | ${next.text}(10)`, next);
      }
      const part = this.operand(STAGE_EXPECTED);
      if (part.kind === 'spanset') stages.push(this.spansetOperations(part.node));
      else if (part.kind === 'stage') stages.push(part.node);
      else if (part.kind === 'scalar') {
        const lhs = this.arithmetic(part.node, 'scalar');
        if (this.isComparison()) stages.push(this.scalarFilter(lhs));
        else if (inParens && lhs.type === 'aggregate' && this.c.isPunct(')')) {
          stages.push(lhs);
          return { kind: 'scalarPipeline', node: pipelineOf(stages) };
        } else this.c.fail(`a comparison such as ${this.c.text(lhs)} > 2 after ${this.c.excerpt(lhs)}`);
      } else throw this.c.error('a pipeline stage cannot be a pipeline in parentheses; write its stages here, joined by "|"', part.node);
    }
    if (stages.length === 1 && (first.type === 'spansetFilter' || first.type === 'spansetOperation')) {
      return { kind: 'spanset', node: first };
    }
    return { kind: 'pipeline', node: pipelineOf(stages) };
  }

  /** One operand; `expected` says what may stand here if nothing does. */
  private operand(expected: string): Part {
    const c = this.c;
    const token = c.peek();
    if (c.isPunct('{')) return { kind: 'spanset', node: parseSpansetFilter(c) };
    if (c.isPunct('(')) return this.parenthesized();
    if (token.kind === 'int' || token.kind === 'float' || token.kind === 'duration') return { kind: 'scalar', node: parseStatic(c, '') };
    if (c.isPunct('-')) {
      const number = c.peek(1);
      if (number.kind !== 'int' && number.kind !== 'float' && number.kind !== 'duration') {
        return c.fail('a number or a duration after "-"', number);
      }
      c.advance();
      const value = negate(parseStatic(c, '')) ?? c.fail('a number after "-"', number);
      return { kind: 'scalar', node: { ...value, from: token.from } };
    }
    if (token.kind === 'ident') {
      if (AGGREGATES.has(token.text)) return { kind: 'scalar', node: this.aggregate() };
      if (token.text === 'by') return { kind: 'stage', node: this.groupBy() };
      if (token.text === 'select') return { kind: 'stage', node: this.select() };
      if (token.text === 'coalesce') {
        c.advance();
        c.expect('(', 'after "coalesce"');
        const close = c.expect(')', 'to end "coalesce(", which takes nothing');
        return { kind: 'stage', node: { type: 'coalesce', from: token.from, to: close.to } };
      }
    }
    return c.fail(expected);
  }

  private parenthesized(): Part {
    const open = this.c.advance();
    const inner = this.sequence(true);
    const close = this.c.close(open);
    // A pipeline used as an operand is written in parentheses; its span takes them in.
    const wrapped = { from: open.from, to: close.to };
    switch (inner.kind) {
      case 'pipeline':
        return { kind: 'pipelines', node: { ...inner.node, ...wrapped } };
      case 'scalarPipeline':
        return inner.node.type === 'pipeline' ? { kind: 'scalarPipeline', node: { ...inner.node, ...wrapped } } : inner;
      case 'spanset':
      case 'pipelines':
      case 'scalar':
        return inner;
      default:
        throw this.c.error('internal: unexpected contents of parentheses', open);
    }
  }

  private spansetOperations(first: SpansetExpression): SpansetExpression {
    return climb(this.c, SPANSET_OPERATORS, first, 0, (op) => {
      if (!this.c.isPunct('{') && !this.c.isPunct('(')) this.c.fail(`a spanset filter such as { status = error } after "${op.text}"`);
      const part = this.operand('');
      if (part.kind !== 'spanset') {
        throw this.c.error(`the right side of "${op.text}" must be a spanset expression like its left side, not ${describePart(part)}`, part.node);
      }
      return part.node;
    }, (op, lhs, rhs) => spansetOperation(op, lhs, rhs) as SpansetExpression);
  }

  private pipelinesOperations(first: Pipeline | SpansetOperation): Pipeline | SpansetOperation {
    return climb(this.c, SPANSET_OPERATORS, first, 0, (op) => {
      if (!this.c.isPunct('(')) this.c.fail(`a pipeline in parentheses after "${op.text}", like its left side`);
      const part = this.operand('');
      if (part.kind !== 'pipelines') {
        throw this.c.error(`the right side of "${op.text}" must be a pipeline in parentheses like its left side, not ${describePart(part)}`, part.node);
      }
      return part.node;
    }, spansetOperation);
  }

  /** `+ - * / % ^` over operands of one kind: numbers and aggregates, or pipelines ending in an aggregate. */
  private arithmetic(first: ScalarExpression, kind: 'scalar' | 'scalarPipeline'): ScalarExpression {
    return climb(this.c, ARITHMETIC_OPERATORS, first, 0, (op) => {
      const part = this.operand(kind === 'scalar' ? `a number or an aggregate such as count() after "${op.text}"` : `a pipeline in parentheses after "${op.text}"`);
      if (part.kind !== kind) {
        const wanted = kind === 'scalar' ? 'a number or an aggregate' : 'a pipeline ending in an aggregate, in parentheses';
        throw this.c.error(`the right side of "${op.text}" must be ${wanted} like its left side, not ${describePart(part)}`, part.node);
      }
      return part.node as ScalarExpression;
    }, (op, lhs, rhs) => ({ type: 'scalarOperation', op: op.text as ArithmeticOp, lhs, rhs, from: lhs.from, to: rhs.to }));
  }

  private isComparison(): boolean {
    const token = this.c.peek();
    return token.kind === 'punct' && COMPARISONS.has(token.text);
  }

  /** `count() > 2` once the left side is read: the right side is numbers and aggregates. */
  private scalarFilter(lhs: ScalarExpression): ScalarFilter {
    const op = this.c.advance();
    const part = this.operand(`a number, a duration or an aggregate such as count() after "${op.text}"`);
    if (part.kind !== 'scalar') throw this.c.error(`the right side of "${op.text}" must be a number, a duration or an aggregate, not ${describePart(part)}`, part.node);
    const rhs = this.arithmetic(part.node, 'scalar');
    return { type: 'scalarFilter', op: op.text as ComparisonOp, lhs, rhs, from: lhs.from, to: rhs.to };
  }

  /** `(… | count()) > (… | count())` or `(… | count()) > 3`. */
  private pipelineComparison(lhs: ScalarExpression): ScalarFilter {
    const op = this.c.advance();
    let rhs: ScalarExpression;
    if (this.c.isPunct('(')) {
      const part = this.operand('');
      if (part.kind !== 'scalarPipeline') throw this.c.error(`the right side of "${op.text}" must be a pipeline ending in an aggregate, in parentheses, or a value`, part.node);
      rhs = this.arithmetic(part.node, 'scalarPipeline');
    } else rhs = parseStatic(this.c, `or a pipeline in parentheses after "${op.text}"`);
    return { type: 'scalarFilter', op: op.text as ComparisonOp, lhs, rhs, from: lhs.from, to: rhs.to };
  }

  private aggregate(): Aggregate {
    const c = this.c;
    const name = c.advance();
    const fn = name.text as AggregateFunction;
    c.expect('(', `after "${fn}"`);
    if (fn === 'count') {
      const close = c.expect(')', 'to end "count(", which takes nothing');
      return { type: 'aggregate', fn, field: null, from: name.from, to: close.to };
    }
    if (c.isPunct(')')) c.fail(`a field such as duration inside "${fn}( )"`);
    const field = parseFieldExpression(c);
    const close = c.expect(')', `to end "${fn}("`);
    return { type: 'aggregate', fn, field, from: name.from, to: close.to };
  }

  private groupBy(): GroupOperation {
    const c = this.c;
    const name = c.advance();
    c.expect('(', 'after "by"');
    if (c.isPunct(')')) c.fail('a field such as resource.service.name inside "by( )"');
    const expression = parseFieldExpression(c);
    const close = c.expect(')', 'to end "by(": a pipeline groups by one field expression');
    return { type: 'groupBy', expression, from: name.from, to: close.to };
  }

  private select(): SelectOperation {
    const c = this.c;
    const name = c.advance();
    c.expect('(', 'after "select"');
    const fields = [parseField(c, 'inside "select( )"')];
    while (c.accept(',')) fields.push(parseField(c, 'after ","'));
    const close = c.expect(')', 'or "," after the field');
    return { type: 'select', fields, from: name.from, to: close.to };
  }
}

function pipelineOf(stages: Stage[]): Pipeline {
  return { type: 'pipeline', stages, from: stages[0].from, to: stages[stages.length - 1].to };
}

function spansetOperation(op: Token, lhs: SpansetExpression | Pipeline, rhs: SpansetExpression | Pipeline): SpansetOperation {
  return { type: 'spansetOperation', op: op.text as SpansetOp, lhs, rhs, from: lhs.from, to: rhs.to };
}

function describePart(part: Part): string {
  switch (part.kind) {
    case 'spanset':
      return 'a spanset filter';
    case 'pipelines':
      return 'a pipeline in parentheses';
    case 'scalar':
      return 'a number or an aggregate';
    case 'scalarPipeline':
      return 'a pipeline ending in an aggregate';
    case 'stage':
      return `${part.node.type === 'groupBy' ? 'by' : part.node.type}()`;
  }
}
