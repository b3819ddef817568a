/**
 * What the store's indexes can use from a TraceQL query: the span-level conditions that every matching trace must
 * have one span meet (service, name, kind, error status, duration bounds, attribute values). They narrow the
 * candidates only; each candidate is then run through the whole query, so a hint may be looser, never stricter.
 */
import { SPAN_KINDS, type SpanKind } from '../model/span';
import type { FieldExpression, Pipeline, SpansetExpression, Stage, Static } from './ast';

export interface IndexHints {
  service?: string;
  operation?: string;
  spanKind?: SpanKind;
  errorsOnly: boolean;
  minDurationNs?: bigint;
  maxDurationNs?: bigint;
  /** Values in their text form (an int 200 as "200"): the index matches attributes by text. */
  attributes: { key: string; value: string }[];
}

/** The hints of the one required spanset filter that gives the most. */
export function indexHints(pipeline: Pipeline): IndexHints {
  const candidates = requiredFilters(pipeline.stages[0]).map(hintsOf);
  const weight = (h: IndexHints) => [h.service, h.operation, h.spanKind, h.minDurationNs, h.maxDurationNs].filter((v) => v !== undefined).length + h.attributes.length + (h.errorsOnly ? 1 : 0);
  return candidates.reduce((best, h) => (weight(h) > weight(best) ? h : best), { errorsOnly: false, attributes: [] });
}

/** Filters whose spans every matching trace must hold, for the first stage of a pipeline. */
function requiredFilters(stage: Stage | Pipeline | undefined): FieldExpression[] {
  if (stage === undefined) return [];
  if (stage.type === 'pipeline') return requiredFilters(stage.stages[0]);
  if (stage.type === 'spansetFilter') return stage.expression ? [stage.expression] : [];
  if (stage.type !== 'spansetOperation') return [];
  if (stage.op === '||') return [];
  const side = (s: SpansetExpression | Pipeline) => requiredFilters(s);
  // A negated structural operator needs its right side only; the others need both sides.
  return stage.op.startsWith('!') ? side(stage.rhs) : [...side(stage.lhs), ...side(stage.rhs)];
}

function hintsOf(filter: FieldExpression): IndexHints {
  const hints: IndexHints = { errorsOnly: false, attributes: [] };
  for (const term of conjuncts(filter)) {
    if (term.type !== 'binary' || term.rhs.type !== 'static') continue;
    const { op, lhs, rhs } = term;
    if (lhs.type === 'intrinsic') {
      if (lhs.name === 'span:name' && op === '=' && rhs.valueType === 'string') hints.operation = rhs.value;
      else if (lhs.name === 'span:kind' && op === '=' && rhs.valueType === 'kind') hints.spanKind = rhs.value.toUpperCase() as SpanKind;
      else if (lhs.name === 'span:status' && op === '=' && rhs.valueType === 'status' && rhs.value === 'error') hints.errorsOnly = true;
      else if (lhs.name === 'span:duration' && rhs.valueType === 'duration') {
        if (op === '>' || op === '>=') hints.minDurationNs = rhs.value;
        if (op === '<' || op === '<=') hints.maxDurationNs = rhs.value;
      }
    } else if (lhs.type === 'attribute' && !lhs.parent && op === '=') {
      const text = staticText(rhs);
      if (text === undefined) continue;
      if (lhs.name === 'service.name' && (lhs.scope === 'resource' || lhs.scope === 'none')) hints.service = text;
      else hints.attributes.push({ key: lhs.name, value: text });
    }
  }
  if (hints.spanKind !== undefined && !SPAN_KINDS.includes(hints.spanKind)) hints.spanKind = undefined;
  return hints;
}

/** The terms of a top-level `a && b && c`. */
function conjuncts(expr: FieldExpression): FieldExpression[] {
  return expr.type === 'binary' && expr.op === '&&' ? [...conjuncts(expr.lhs), ...conjuncts(expr.rhs)] : [expr];
}

function staticText(s: Static): string | undefined {
  if (s.valueType === 'string') return s.value;
  if (s.valueType === 'int' || s.valueType === 'float' || s.valueType === 'bool') return String(s.value);
  return undefined;
}
