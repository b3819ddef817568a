/**
 * A TraceQL pipeline run on one trace, as Tempo does: the trace's spans start as one spanset; each stage filters,
 * combines, groups or measures spansets; the trace matches when a non-empty spanset comes out of the last stage.
 */
import type { Aggregate, Field, FieldExpression, Pipeline, ScalarExpression, SpansetExpression, SpansetOp, Stage } from './ast';
import { fieldValue, staticValue, truthy, type SpanContext, type Value } from './field-values';
import type { QuerySpan, QueryTrace } from './query-trace';
import { structuralMatch } from './structure';
import { allNodes } from './walk';

export interface Spanset {
  spans: QuerySpan[];
  /** The value of the last scalar filter (`count() > 2` keeps the count). */
  scalar?: number;
  /** One entry per `by()` the spanset went through. */
  groups: { field: FieldExpression; value: Value }[];
  /** Fields `select()` asked for. */
  selected: Field[];
}

export function evaluateTrace(pipeline: Pipeline, trace: QueryTrace): Spanset[] {
  return runPipeline(pipeline, trace, [{ spans: trace.spans, groups: [], selected: [] }]);
}

function runPipeline(pipeline: Pipeline, trace: QueryTrace, input: Spanset[]): Spanset[] {
  let sets = input;
  for (const stage of pipeline.stages) {
    sets = runStage(stage, trace, sets);
    if (sets.length === 0) break;
  }
  return sets;
}

function runStage(stage: Stage, trace: QueryTrace, sets: Spanset[]): Spanset[] {
  switch (stage.type) {
    case 'spansetFilter':
    case 'spansetOperation':
      return sets.map((set) => ({ ...set, spans: spansetSpans(stage, trace, set) })).filter((set) => set.spans.length > 0);
    case 'scalarFilter':
      return sets.flatMap((set) => {
        const lhs = scalar(stage.lhs, trace, set);
        const rhs = scalar(stage.rhs, trace, set);
        return compareNumbers(stage.op, lhs, rhs) ? [{ ...set, scalar: lhs }] : [];
      });
    case 'groupBy':
      return sets.flatMap((set) => groupBy(stage.expression, trace, set));
    case 'select':
      return sets.map((set) => ({ ...set, selected: [...set.selected, ...stage.fields] }));
    case 'coalesce':
      return sets.length <= 1 ? sets : [{ spans: unique(sets.flatMap((s) => s.spans)), groups: [], selected: unique(sets.flatMap((s) => s.selected)) }];
    case 'aggregate':
      return sets.map((set) => ({ ...set, scalar: aggregate(stage, trace, set.spans) }));
  }
}

/** The spans of `set` that a spanset expression selects. */
function spansetSpans(expr: SpansetExpression | Pipeline, trace: QueryTrace, set: Spanset): QuerySpan[] {
  if (expr.type === 'pipeline') return unique(runPipeline(expr, trace, [set]).flatMap((s) => s.spans));
  if (expr.type === 'spansetFilter') {
    if (expr.expression === null) return set.spans;
    const matches = spanFilter(expr.expression);
    return set.spans.filter((node) => matches(trace, node));
  }
  const lhs = spansetSpans(expr.lhs, trace, set);
  if (expr.op === '&&') {
    if (lhs.length === 0) return [];
    const rhs = spansetSpans(expr.rhs, trace, set);
    return rhs.length === 0 ? [] : unique([...lhs, ...rhs]);
  }
  const rhs = spansetSpans(expr.rhs, trace, set);
  if (expr.op === '||') return unique([...lhs, ...rhs]);
  return structuralMatch(expr.op as Exclude<SpansetOp, '&&' | '||'>, lhs, rhs);
}

/** The test a spanset filter `{ filter }` puts to each span. */
export function spanFilter(filter: FieldExpression): (trace: QueryTrace, node: QuerySpan) => boolean {
  const scopes = eventAndLinkScopes(filter);
  return (trace, node) => spanMatches(filter, { trace, node }, scopes);
}

/**
 * A filter that names event (or link) fields holds for a span when it holds for one of its events (links); a span
 * without any is tried once with those fields nil, so `{ event.x = nil }` still finds it.
 */
function spanMatches(filter: FieldExpression, ctx: SpanContext, scopes: { event: boolean; link: boolean }): boolean {
  const events = scopes.event && ctx.node.span.events.length > 0 ? ctx.node.span.events : [undefined];
  const links = scopes.link && ctx.node.span.links.length > 0 ? ctx.node.span.links : [undefined];
  for (const event of events) for (const link of links) if (truthy(filter, { ...ctx, event, link })) return true;
  return false;
}

function eventAndLinkScopes(expr: FieldExpression): { event: boolean; link: boolean } {
  const found = { event: false, link: false };
  for (const node of allNodes(expr)) {
    if (node.type === 'attribute' && (node.scope === 'event' || node.scope === 'link')) found[node.scope] = true;
    if (node.type === 'intrinsic' && (node.name.startsWith('event:') || node.name.startsWith('link:'))) found[node.name.startsWith('event:') ? 'event' : 'link'] = true;
  }
  return found;
}

function scalar(expr: ScalarExpression, trace: QueryTrace, set: Spanset): number {
  switch (expr.type) {
    case 'aggregate':
      return aggregate(expr, trace, set.spans);
    case 'static': {
      const value = staticValue(expr);
      return typeof value === 'number' ? value : NaN;
    }
    case 'scalarOperation': {
      const lhs = scalar(expr.lhs, trace, set);
      const rhs = scalar(expr.rhs, trace, set);
      return { '+': lhs + rhs, '-': lhs - rhs, '*': lhs * rhs, '/': lhs / rhs, '%': lhs % rhs, '^': lhs ** rhs }[expr.op];
    }
    case 'pipeline': {
      const out = runPipeline(expr, trace, [set]);
      return out.length === 0 ? NaN : (out[0].scalar ?? NaN);
    }
  }
}

/** count() counts spans; avg/min/max/sum read numbers and skip spans where the field is not one. */
function aggregate(agg: Aggregate, trace: QueryTrace, spans: QuerySpan[]): number {
  if (agg.fn === 'count') return spans.length;
  const numbers: number[] = [];
  for (const node of spans) {
    const value = fieldValue(agg.field!, { trace, node });
    if (typeof value === 'number') numbers.push(value);
  }
  if (numbers.length === 0) return NaN;
  switch (agg.fn) {
    case 'sum':
      return numbers.reduce((a, b) => a + b, 0);
    case 'avg':
      return numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case 'min':
      return Math.min(...numbers);
    case 'max':
      return Math.max(...numbers);
  }
}

function compareNumbers(op: string, lhs: number, rhs: number): boolean {
  if (Number.isNaN(lhs) || Number.isNaN(rhs)) return false;
  return { '=': lhs === rhs, '!=': lhs !== rhs, '<': lhs < rhs, '<=': lhs <= rhs, '>': lhs > rhs, '>=': lhs >= rhs }[op] ?? false;
}

/** One spanset per value of the expression, in order of first appearance; spans where it is nil are left out. */
function groupBy(expr: FieldExpression, trace: QueryTrace, set: Spanset): Spanset[] {
  const groups = new Map<string, { value: Value; spans: QuerySpan[] }>();
  for (const node of set.spans) {
    const value = fieldValue(expr, { trace, node });
    if (value === null) continue;
    const key = JSON.stringify(value);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { value, spans: [] }));
    group.spans.push(node);
  }
  return [...groups.values()].map((g) => ({ spans: g.spans, groups: [...set.groups, { field: expr, value: g.value }], selected: set.selected }));
}

/** The spans of spansets, each once (a span can be in several: `by()` groups, structural sets). */
export function spansOfSets(sets: Spanset[]): QuerySpan[] {
  return unique(sets.flatMap((set) => set.spans));
}

function unique<T>(items: T[]): T[] {
  return items.length < 2 ? items : [...new Set(items)];
}
