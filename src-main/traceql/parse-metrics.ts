import type { Field, Hint, MetricsFunction, MetricsFunctionName, SecondStage } from './ast';
import { METRICS_WITH_FIELD, METRICS_WITHOUT_FIELD } from '../model/traceql-names';
import type { Cursor } from './cursor';
import type { Token } from './lexer';
import { parseField, parseSpansetFilter, parseStatic } from './parse-field';

const WITHOUT_FIELD = new Set<string>(METRICS_WITHOUT_FIELD);
const WITH_FIELD = new Set<string>(METRICS_WITH_FIELD);

export function isMetricsFunction(token: Token): boolean {
  return token.kind === 'ident' && (WITHOUT_FIELD.has(token.text) || WITH_FIELD.has(token.text) || token.text === 'quantile_over_time' || token.text === 'compare');
}

/** `rate()`, `avg_over_time(duration) by (…)`, `quantile_over_time(duration, .5, .95)`, `compare({…}, 10)`. */
export function parseMetricsFunction(c: Cursor): MetricsFunction {
  const name = c.advance();
  const fn = name.text;
  const open = c.expect('(', `after "${fn}"`);
  if (fn === 'compare') return compare(c, name, open);
  let field: Field | null = null;
  const quantiles: number[] = [];
  if (WITH_FIELD.has(fn) || fn === 'quantile_over_time') field = parseField(c, `after "${fn}("`);
  if (fn === 'quantile_over_time') {
    c.expect(',', 'and the quantiles after the field, for example quantile_over_time(duration, .5, .95)');
    do quantiles.push(number(c, 'a quantile such as .95')); while (c.accept(','));
  }
  const close = c.expect(')', WITHOUT_FIELD.has(fn) ? `to end "${fn}(", which takes nothing` : `to end "${fn}("`);
  const by = parseMetricsBy(c);
  return {
    type: 'metricsAggregate',
    fn: fn as MetricsFunctionName,
    field,
    quantiles,
    by,
    from: name.from,
    to: by.length > 0 ? c.previous!.to : close.to,
  };
}

function parseMetricsBy(c: Cursor): Field[] {
  if (!c.isWord('by')) return [];
  c.advance();
  c.expect('(', 'after "by"');
  const fields = [parseField(c, 'after "by ("')];
  while (c.accept(',')) fields.push(parseField(c, 'after ","'));
  c.expect(')', 'or "," after the field');
  return fields;
}

function compare(c: Cursor, name: Token, open: Token): MetricsFunction {
  if (!c.isPunct('{')) c.fail('a spanset filter such as { status = error } after "compare("');
  const filter = parseSpansetFilter(c);
  let topN: bigint | null = null;
  let start: bigint | null = null;
  let end: bigint | null = null;
  if (c.accept(',')) {
    topN = wholeNumber(c, 'the number of values per attribute after "compare({…},"');
    if (c.accept(',')) {
      start = wholeNumber(c, 'the start of the selection (Unix nanoseconds)');
      if (!c.isPunct(',')) c.fail('"," and the end of the selection: compare() takes the start and end timestamps together');
      c.advance();
      end = wholeNumber(c, 'the end of the selection (Unix nanoseconds)');
    }
  }
  const close = c.close(open);
  return { type: 'compare', filter, topN, start, end, from: name.from, to: close.to };
}

/** `| topk(10)`, `| bottomk(5)`, after a metrics function. */
export function parseSecondStages(c: Cursor): SecondStage[] {
  const stages: SecondStage[] = [];
  while (c.isPunct('|')) {
    c.advance();
    const name = c.peek();
    if (name.kind !== 'ident' || (name.text !== 'topk' && name.text !== 'bottomk')) {
      c.fail('topk() or bottomk() after a metrics function and "|"');
    }
    c.advance();
    c.expect('(', `after "${name.text}"`);
    const limit = wholeNumber(c, `the number of series after "${name.text}("`);
    const close = c.expect(')', `to end "${name.text}("`);
    stages.push({ type: name.text, limit, from: name.from, to: close.to });
  }
  return stages;
}

/** `with (key = value, …)`. */
export function parseHints(c: Cursor): Hint[] {
  c.advance();
  c.expect('(', 'after "with"');
  const hints: Hint[] = [];
  do {
    const key = c.peek();
    if (key.kind !== 'ident') c.fail('the name of a hint such as sample');
    c.advance();
    c.expect('=', `after the hint "${key.text}"`);
    const value = parseStatic(c, `after "${key.text} ="`);
    hints.push({ type: 'hint', key: key.text, value, from: key.from, to: value.to });
  } while (c.accept(','));
  c.expect(')', 'or "," after the hint');
  return hints;
}

function wholeNumber(c: Cursor, what: string): bigint {
  const token = c.peek();
  if (token.kind !== 'int') c.fail(`a whole number: ${what}`);
  c.advance();
  return token.value;
}

function number(c: Cursor, what: string): number {
  const token = c.peek();
  if (token.kind === 'int') {
    c.advance();
    return Number(token.value);
  }
  if (token.kind !== 'float') c.fail(what);
  c.advance();
  return token.value;
}
