import { describe, expect, it } from 'vitest';
import type { FieldExpression, ParsedQuery, ScalarExpression, SpansetExpression, Stage } from '../../src-main/traceql/ast';
import { TraceQLError } from '../../src-main/traceql/errors';
import { formatStatic } from '../../src-main/traceql/format';
import { parseTraceQL } from '../../src-main/traceql/parse';

/** A tree written with every operation in parentheses, to see its shape. */
function shape(e: FieldExpression | SpansetExpression | ScalarExpression | Stage | ParsedQuery['pipeline']): string {
  switch (e.type) {
    case 'static':
      return formatStatic(e);
    case 'attribute':
      return `${e.parent ? 'parent.' : ''}${e.scope === 'none' ? '' : e.scope}.${e.name}`;
    case 'intrinsic':
      return e.name;
    case 'unary':
      return `(${e.op}${shape(e.operand)})`;
    case 'binary':
    case 'spansetOperation':
    case 'scalarOperation':
    case 'scalarFilter':
      return `(${shape(e.lhs)} ${e.op} ${shape(e.rhs)})`;
    case 'spansetFilter':
      return e.expression ? `{${shape(e.expression)}}` : '{}';
    case 'pipeline':
      return `[${e.stages.map(shape).join(' | ')}]`;
    case 'aggregate':
      return `${e.fn}(${e.field ? shape(e.field) : ''})`;
    default:
      return e.type;
  }
}

/** The shape of the single filter of `{ … }`. */
function filterShape(query: string): string {
  const stage = parseTraceQL(query).pipeline.stages[0];
  if (stage.type !== 'spansetFilter' || !stage.expression) throw new Error(`not one filter: ${query}`);
  return shape(stage.expression);
}

function errorOf(query: string): TraceQLError {
  try {
    parseTraceQL(query);
  } catch (error) {
    if (error instanceof TraceQLError) return error;
    throw error;
  }
  throw new Error(`parsed: ${query}`);
}

describe('operator precedence, as in expr.y', () => {
  it('gives && and || one level, left to right, as yacc does with %left AND OR', () => {
    expect(filterShape('{ .a || .b && .c }')).toBe('((.a || .b) && .c)');
    expect(filterShape('{ .a && .b || .c }')).toBe('((.a && .b) || .c)');
    expect(filterShape('{ .a = 1 || .b = 2 && .c = 3 }')).toBe('(((.a = 1) || (.b = 2)) && (.c = 3))');
  });

  it('binds * / % over + - over comparisons, ^ tightest and to the right', () => {
    expect(filterShape('{ 1 + 2 * 3 = 7 }')).toBe('((1 + (2 * 3)) = 7)');
    expect(filterShape('{ .a - 1 - 2 = 0 }')).toBe('(((.a - 1) - 2) = 0)');
    expect(filterShape('{ 2 ^ 3 ^ 2 = 512 }')).toBe('((2 ^ (3 ^ 2)) = 512)');
    expect(filterShape('{ 2 * 3 ^ 2 % 5 = 3 }')).toBe('(((2 * (3 ^ 2)) % 5) = 3)');
    expect(filterShape('{ (1 + 2) * 3 = 9 }')).toBe('(((1 + 2) * 3) = 9)');
  });

  it('lets unary - and ! take in * / % ^ but stop before + - and comparisons', () => {
    expect(filterShape('{ -.a * 2 = 1 }')).toBe('((-(.a * 2)) = 1)');
    expect(filterShape('{ -.a + 2 = 1 }')).toBe('(((-.a) + 2) = 1)');
    expect(filterShape('{ !.a = true }')).toBe('((!.a) = true)');
    expect(filterShape('{ !.a && .b }')).toBe('((!.a) && .b)');
    expect(filterShape('{ .a * -.b ^ 2 = 1 }')).toBe('((.a * (-(.b ^ 2))) = 1)');
  });

  it('reads a minus before a number as a negative literal', () => {
    expect(filterShape('{ -1 = 2 }')).toBe('(-1 = 2)');
    expect(filterShape('{ .a > -1.5 }')).toBe('(.a > -1.5)');
    expect(filterShape('{ event:timeSinceStart > -5s }')).toBe('(event:timeSinceStart > -5s)');
    expect(filterShape('{ -2 ^ 2 = -4 }')).toBe('((-(2 ^ 2)) = -4)');
  });

  it('combines spansets: && || below the structural operators, left to right', () => {
    const top = (q: string) => shape(parseTraceQL(q).pipeline.stages[0]);
    expect(top('{ .a } && { .b } > { .c }')).toBe('({.a} && ({.b} > {.c}))');
    expect(top('{ .a } > { .b } >> { .c }')).toBe('(({.a} > {.b}) >> {.c})');
    expect(top('{ .a } || { .b } && { .c }')).toBe('(({.a} || {.b}) && {.c})');
    expect(top('{ .a } !~ ({ .b } &>> { .c })')).toBe('({.a} !~ ({.b} &>> {.c}))');
  });

  it('joins pipeline stages with | below everything else', () => {
    expect(shape(parseTraceQL('{ .a } | { .b } && { .c } | count() > 2').pipeline)).toBe('[{.a} | ({.b} && {.c}) | (count() > 2)]');
  });
});

describe("the shapes of Tempo's grammar", () => {
  it('reads pipelines in parentheses combined by spanset operators', () => {
    const q = parseTraceQL('({ true } | count() > 1) && ({ .b } | by(.x))');
    expect(q.pipeline.stages).toHaveLength(1);
    expect(shape(q.pipeline.stages[0])).toBe('([{true} | (count() > 1)] && [{.b} | groupBy])');
  });

  it('takes a lone spanset expression in parentheses as that expression, as yacc does', () => {
    expect(shape(parseTraceQL('({ .a }) && { .b }').pipeline)).toBe('[({.a} && {.b})]');
    expect(() => parseTraceQL('({ .a }) && ({ .b } | count() > 1)')).toThrow('the right side of "&&" must be a spanset expression');
  });

  it('reads a comparison of pipelines ending in aggregates', () => {
    const q = parseTraceQL('({ .a } | count()) > ({ .b } | avg(duration))');
    expect(shape(q.pipeline.stages[0])).toBe('([{.a} | count()] > [{.b} | avg(span:duration)])');
  });

  it('reads metrics functions, their by(), second stages and hints', () => {
    const q = parseTraceQL('{ } | quantile_over_time(duration, .5, .95, 1) by (resource.service.name, span:name) | topk(5) | bottomk(2) with (sample = 0.1, exact = true)');
    expect(q.metrics).toMatchObject({
      type: 'metricsAggregate',
      fn: 'quantile_over_time',
      field: { type: 'intrinsic', name: 'span:duration' },
      quantiles: [0.5, 0.95, 1],
      by: [{ type: 'attribute', scope: 'resource', name: 'service.name' }, { type: 'intrinsic', name: 'span:name' }],
    });
    expect(q.secondStages.map((s) => [s.type, s.limit])).toEqual([['topk', 5n], ['bottomk', 2n]]);
    expect(q.hints.map((h) => [h.key, h.value])).toMatchObject([['sample', { valueType: 'float', value: 0.1 }], ['exact', { valueType: 'bool', value: true }]]);
  });

  it('reads compare() with one, two or four arguments, and refuses three', () => {
    expect(parseTraceQL('{ } | compare({ status = error })').metrics).toMatchObject({ type: 'compare', topN: null, start: null, end: null });
    expect(parseTraceQL('{ } | compare({ status = error }, 5, 1700000000000000000, 1700000060000000000)').metrics)
      .toMatchObject({ topN: 5n, start: 1_700_000_000_000_000_000n, end: 1_700_000_060_000_000_000n });
    expect(() => parseTraceQL('{ } | compare({ status = error }, 5, 1)')).toThrow('compare() takes the start and end timestamps together');
  });

  it('reads every intrinsic spelling to its scoped name', () => {
    const names = (q: string) => parseTraceQL(`{ } | select(${q})`).pipeline.stages[1];
    expect(names('traceDuration, rootName, rootServiceName, duration, span:childCount, trace:rootService, nestedSetParent')).toMatchObject({
      fields: [
        { name: 'trace:duration', spelling: 'traceDuration' },
        { name: 'trace:rootName' },
        { name: 'trace:rootService', spelling: 'rootServiceName' },
        { name: 'span:duration', spelling: 'duration' },
        { name: 'span:childCount' },
        { name: 'trace:rootService', spelling: 'trace:rootService' },
        { name: 'nestedSetParent' },
      ],
    });
  });
});

describe('source offsets', () => {
  it('gives every node the range of text it was read from', () => {
    const source = '{ kind = server } | quantile_over_time(duration, .5) by (resource.service.name) | topk(3) with (a = 1)';
    const q = parseTraceQL(source);
    const text = (n: { from: number; to: number }) => source.slice(n.from, n.to);
    const filter = q.pipeline.stages[0] as { expression: { lhs: { from: number; to: number } } & { from: number; to: number } };
    expect(text(q)).toBe(source);
    expect(text(q.pipeline)).toBe('{ kind = server }');
    expect(text(filter.expression)).toBe('kind = server');
    expect(text(filter.expression.lhs)).toBe('kind');
    expect(text(q.metrics!)).toBe('quantile_over_time(duration, .5) by (resource.service.name)');
    expect(q.metrics?.type === 'metricsAggregate' && text(q.metrics.by[0])).toBe('resource.service.name');
    expect(text(q.secondStages[0])).toBe('topk(3)');
    expect(text(q.hints[0])).toBe('a = 1');
  });

  it('takes in the parentheses of a pipeline used as an operand', () => {
    const source = '({ .a } | count() > 1) && ({ .b } | by(.x))';
    const op = parseTraceQL(source).pipeline.stages[0] as { lhs: { from: number; to: number }; rhs: { from: number; to: number } };
    expect(source.slice(op.lhs.from, op.lhs.to)).toBe('({ .a } | count() > 1)');
    expect(source.slice(op.rhs.from, op.rhs.to)).toBe('({ .b } | by(.x))');
  });
});

describe("the issue's queries", () => {
  it('reads the structural query of the targets', () => {
    const q = parseTraceQL('{ resource.service.name = "frontend" } >> { span.db.system = "postgresql" && duration > 10ms }');
    expect(shape(q.pipeline)).toBe('[({(resource.service.name = "frontend")} >> {((span.db.system = "postgresql") && (span:duration > 10ms))})]');
    const rhs = (q.pipeline.stages[0] as { rhs: { expression: { rhs: { rhs: unknown } } } }).rhs.expression.rhs.rhs;
    expect(rhs).toMatchObject({ type: 'static', valueType: 'duration', value: 10_000_000n });
  });

  it('reads the N+1 query', () => {
    expect(shape(parseTraceQL('{ } | count() > 20').pipeline)).toBe('[{} | (count() > 20)]');
  });

  it('reads the quantiles per service', () => {
    const q = parseTraceQL('{ kind = server } | quantile_over_time(duration, .5, .95) by (resource.service.name)');
    expect(shape(q.pipeline)).toBe('[{(span:kind = server)}]');
    expect(q.metrics).toMatchObject({ fn: 'quantile_over_time', quantiles: [0.5, 0.95], by: [{ scope: 'resource', name: 'service.name' }] });
  });

  it("reads the documentation's examples", () => {
    for (const query of [
      '{ span:childCount > 2 }',
      '{ } !< { resource.service.name = "productcatalogservice" }',
      '{ status = error } | by(resource.service.name) | count() > 1',
      '{ span.http.request_content_length > 10 * 1024 * 1024 }',
      '{ status = error } | rate() by (resource.service.name, name)',
      '{ } | rate() by (resource.service.name) | topk(10)',
      '{ resource.service.name="a" && span.http.path="/myapi" } | compare({status=error})',
      '{ name = "GET /:endpoint" } | histogram_over_time(duration)',
      '{ span:duration < 5ms } | count_over_time() by(resource.service.name) | topk(10)',
      '{ span.value != minInt && span.value != maxInt }',
      '{} with (most_recent=true)',
      '{ span.any_attribute != nil }',
    ]) {
      expect(() => parseTraceQL(query), query).not.toThrow();
    }
  });
});

describe('errors name the line and column of what was found', () => {
  it('points at the token after the operator', () => {
    const error = errorOf('{ span.a < }');
    expect(error.message).toBe('line 1, column 12: expected a value after "<", found "}"');
    expect([error.line, error.column, error.offset, error.to]).toEqual([1, 12, 11, 12]);
  });

  it('counts lines and columns in multi-line queries', () => {
    const query = '{\n  resource.service.name = "frontend" &&\n  span.http.status_code >=\n}';
    expect(errorOf(query).message).toBe('line 4, column 1: expected a value after ">=", found "}"');
    expect(errorOf('{ .a = 1\n  && .b = 2').message).toBe('line 2, column 12: expected "}" to close the "{" at line 1, column 1, found the end of the query');
    expect(errorOf('{ .a = 1 } |\n\n  cont() > 2').message).toMatch(/^line 3, column 3: expected a pipeline stage after "\|"/);
    expect(errorOf('{ .a = "one\n" }').message).toBe('line 1, column 8: the string that starts here is not closed with " on the same line');
  });

  it('says what to write instead where it can', () => {
    expect(errorOf('{ .a == 4 }').message).toBe('line 1, column 7: expected a value after "=", found "=" ("==" is not an operator; write = for equality)');
    expect(errorOf("{ .a = 'x' }").detail).toBe('single quotes do not make a string in TraceQL; use double quotes or backticks');
    expect(errorOf('{ service = "a" }').detail).toMatch(/^"service" is not a field or a value; write span.service or resource.service/);
    expect(errorOf('{ trace:name = "a" }').detail).toBe('"trace:name" is not an intrinsic; trace: has duration, rootName, rootService and id');
    expect(errorOf('{ .a } | count()').detail).toBe('expected a comparison such as count() > 2 after `count()`, found the end of the query');
    expect(errorOf('{ .a } + { .b }').detail).toMatch(/^"\+" does not combine spansets/);
    expect(errorOf('{ .a } & { .b }').detail).toMatch(/^"&" alone is not an operator/);
    expect(errorOf('{ } | topk(3)').detail).toMatch(/^topk\(\) follows a metrics function/);
    expect(errorOf('{ span. = 1 }').detail).toBe('expected an attribute name right after "span.", found a space');
  });

  it('refuses nesting past 1,000 levels with a sentence, not a stack overflow', () => {
    for (const query of [
      `{ ${'('.repeat(50_000)}1${')'.repeat(50_000)} = 1 }`,
      `{ ${'!'.repeat(50_000)}true }`,
      `{ ${'2 ^ '.repeat(50_000)}2 = 1 }`,
      `{ ${'.a = 1 || '.repeat(5_000)}.a = 2 }`,
    ]) {
      expect(errorOf(query).detail).toBe('the query nests too deeply to read (at most 1000 levels); split it or use fewer parentheses and operators');
    }
    expect(parseTraceQL(`{ ${'.a = 1 || '.repeat(900)}.a = 2 }`).pipeline.stages).toHaveLength(1);
  });

  it('reports the first error in the text, before reading further', () => {
    expect(errorOf('{ .a < } "never closed').detail).toBe('expected a value after "<", found "}"');
  });
});

describe('durations, as Tempo reads them (Prometheus first, then Go)', () => {
  const duration = (text: string) => {
    const e = parseTraceQL(`{ duration > ${text} }`).pipeline.stages[0];
    return (e as { expression: { rhs: { value: bigint } } }).expression.rhs.value;
  };

  it('reads every unit, compound durations and fractions', () => {
    expect(duration('7ns')).toBe(7n);
    expect(duration('250us')).toBe(250_000n);
    expect(duration('10µs')).toBe(10_000n);
    expect(duration('1.5ms')).toBe(1_500_000n);
    expect(duration('2s')).toBe(2_000_000_000n);
    expect(duration('1m')).toBe(60_000_000_000n);
    expect(duration('1h30m')).toBe(5_400_000_000_000n);
    expect(duration('1h0.5m')).toBe(3_630_000_000_000n);
    expect(duration('1s500ms')).toBe(1_500_000_000n);
    expect(duration('500ms1s')).toBe(1_500_000_000n);
    expect(duration('2d')).toBe(172_800_000_000_000n);
    expect(duration('1w')).toBe(604_800_000_000_000n);
    expect(duration('1y')).toBe(31_536_000_000_000_000n);
    expect(duration('.5s')).toBe(500_000_000n);
  });

  it('refuses what neither reads, and more than 64-bit nanoseconds', () => {
    expect(errorOf('{ duration > 5mm }').detail).toMatch(/^"5mm" is not a duration/);
    expect(errorOf('{ duration > 1.5d }').detail).toMatch(/^"1.5d" is not a duration/);
    expect(duration('1m1h')).toBe(3_660_000_000_000n); // Go takes units in any order
    expect(errorOf('{ duration > 1h1 }').detail).toMatch(/^"1h1" is not a duration/);
    expect(errorOf('{ duration > 300y }').detail).toMatch(/^"300y" is not a duration/);
  });
});

describe('attribute names', () => {
  const attribute = (query: string) => parseTraceQL(`{ ${query} }`).pipeline.stages[0] as { expression: unknown };

  it('reads quoted names and their two escapes', () => {
    expect(attribute('span."foo bar"').expression).toMatchObject({ scope: 'span', name: 'foo bar' });
    expect(attribute('."x\\"y\\\\z"').expression).toMatchObject({ scope: 'none', name: 'x"y\\z' });
    expect(attribute('span.attribute."with space"').expression).toMatchObject({ name: 'attribute.with space' });
    expect(attribute('resource."a.b" = 1').expression).toMatchObject({ lhs: { scope: 'resource', name: 'a.b' } });
    expect(errorOf('{ span."a\\n" }').detail).toBe('"\\n" is not an escape in a quoted attribute name; only \\" and \\\\ are');
    expect(errorOf('{ span."abc }').detail).toBe('the quoted attribute name that starts here is not closed with "');
  });

  it('reads scopes after parent. as Tempo does', () => {
    expect(attribute('parent.span.x').expression).toMatchObject({ parent: true, scope: 'span', name: 'x' });
    expect(attribute('parent.resource.x').expression).toMatchObject({ parent: true, scope: 'resource', name: 'x' });
    expect(attribute('parent.event.x').expression).toMatchObject({ parent: true, scope: 'none', name: 'event.x' });
    expect(attribute('parent."span.x"').expression).toMatchObject({ parent: true, scope: 'none', name: 'span.x' });
  });

  it('runs a name to the next space or operator character, as Tempo does', () => {
    expect(attribute('.a+1').expression).toMatchObject({ type: 'attribute', name: 'a+1' });
    expect(attribute('span.http.url=~"x"').expression).toMatchObject({ lhs: { name: 'http.url' }, op: '=~' });
  });
});

describe('strings', () => {
  const value = (literal: string) => (parseTraceQL(`{ name = ${literal} }`).pipeline.stages[0] as { expression: { rhs: { value: string } } }).expression.rhs.value;

  it("reads Go's escapes, bytes as UTF-8, and backtick strings as they are", () => {
    expect(value('"a\\tb\\n\\"c\\""')).toBe('a\tb\n"c"');
    expect(value('"\\x41\\101\\u00e9\\U0001F600"')).toBe('AAé😀');
    expect(value('"\\303\\251"')).toBe('é');
    expect(value('`C:\\path\\n`')).toBe('C:\\path\\n');
  });

  it('refuses escapes Go refuses', () => {
    expect(errorOf('{ name = "\\q" }').detail).toMatch(/^"\\q" is not an escape a string can hold/);
    expect(errorOf('{ name = "\\\'" }').detail).toMatch(/is not an escape/);
    expect(errorOf('{ name = "\\uD800" }').detail).toMatch(/^"\\uD800" is not an escape/);
  });
});

describe('numbers and comments', () => {
  it('reads floats, exponents and 64-bit integers, and refuses larger ones', () => {
    expect(filterShape('{ .a = 1.5e3 }')).toBe('(.a = 1500.0)');
    expect(filterShape('{ .a = 9223372036854775807 }')).toBe('(.a = 9223372036854775807)');
    expect(errorOf('{ .a = 9223372036854775808 }').detail).toMatch(/^the integer 9223372036854775808 is too large/);
    expect(errorOf('{ .a = 0x1F }').detail).toMatch(/write the number in decimal/);
  });

  it("skips Go's comments", () => {
    expect(filterShape('/* errors */ { status = error // only\n }')).toBe('(span:status = error)');
    expect(errorOf('{ } /* open').detail).toBe('the comment that starts here is not closed with */');
  });
});
