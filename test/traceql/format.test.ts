import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { Attribute, FieldExpression, IntrinsicName, Static } from '../../src-main/traceql/ast';
import { formatFieldExpression, formatTraceQL } from '../../src-main/traceql/format';
import { parseTraceQL } from '../../src-main/traceql/parse';
import { withoutPositions } from '../helpers/traceql-ast';

const examples = load(readFileSync(new URL('../fixtures/tempo/test_examples.yaml', import.meta.url), 'utf8')) as Record<string, string[]>;

/** Printing a parsed query and parsing the text gives the same tree. */
function expectRoundTrip(query: string): string {
  const parsed = parseTraceQL(query);
  const printed = formatTraceQL(parsed);
  expect(withoutPositions(parseTraceQL(printed)), `${query} printed as ${printed}`).toEqual(withoutPositions(parsed));
  expect(formatTraceQL(parseTraceQL(printed))).toBe(printed);
  return printed;
}

describe('formatTraceQL', () => {
  it.each([...examples.valid, ...examples.unsupported])('prints %s so that it parses back the same', (query) => {
    expectRoundTrip(query);
  });

  it('prints the parentheses the tree needs and no others', () => {
    expect(expectRoundTrip('{ (.a || .b) && .c }')).toBe('{ .a || .b && .c }');
    expect(expectRoundTrip('{ .a || (.b && .c) }')).toBe('{ .a || (.b && .c) }');
    expect(expectRoundTrip('{ ((1 + 2)) * 3 = 9 }')).toBe('{ (1 + 2) * 3 = 9 }');
    expect(expectRoundTrip('{ 2 ^ (3 ^ 2) = 512 }')).toBe('{ 2 ^ 3 ^ 2 = 512 }');
    expect(expectRoundTrip('{ (2 ^ 3) ^ 2 = 64 }')).toBe('{ (2 ^ 3) ^ 2 = 64 }');
    expect(expectRoundTrip('{ (-.a) * 2 = 1 }')).toBe('{ (-.a) * 2 = 1 }');
    expect(expectRoundTrip('{ -(.a * 2) = 1 }')).toBe('{ -.a * 2 = 1 }');
    expect(expectRoundTrip('{ !(.a = 1) }')).toBe('{ !(.a = 1) }');
    expect(expectRoundTrip('{ (-2) ^ 2 = 4 }')).toBe('{ (-2) ^ 2 = 4 }');
    expect(expectRoundTrip('{ .a } && ({ .b } > { .c })')).toBe('{ .a } && { .b } > { .c }');
    expect(expectRoundTrip('({ .a } && { .b }) > { .c }')).toBe('({ .a } && { .b }) > { .c }');
  });

  it("prints the issue's queries in Tempo's words", () => {
    expect(expectRoundTrip('{resource.service.name="frontend"}>>{span.db.system="postgresql"&&duration>10ms}')).toBe(
      '{ resource.service.name = "frontend" } >> { span.db.system = "postgresql" && duration > 10ms }',
    );
    expect(expectRoundTrip('{} | count() > 20')).toBe('{ } | count() > 20');
    expect(expectRoundTrip('{ kind = server } | quantile_over_time(duration, .5, .95) by (resource.service.name)')).toBe(
      '{ kind = server } | quantile_over_time(duration, 0.5, 0.95) by (resource.service.name)',
    );
    expect(expectRoundTrip('{ } | compare({status=error}, 5) with(sample=0.1)')).toBe('{ } | compare({ status = error }, 5) with (sample=0.1)');
    expect(expectRoundTrip('({.a}|count()) + ({.b}|count()) >= 2')).toBe('({ .a } | count()) + ({ .b } | count()) >= 2');
  });

  it('quotes attribute names and strings where the lexer needs it, and writes exact durations', () => {
    expect(expectRoundTrip('{ span."foo bar" = "a\\"b\\n" }')).toBe('{ span."foo bar" = "a\\"b\\n" }');
    expect(expectRoundTrip('{ ."5xx" = 1 && parent."span.x" = 2 && span.5xx = 3 }')).toBe('{ ."5xx" = 1 && parent."span.x" = 2 && span.5xx = 3 }');
    expect(expectRoundTrip('{ span."quote\\"and\\\\" = `raw\\` }')).toBe('{ span."quote\\"and\\\\" = "raw\\\\" }');
    expect(expectRoundTrip('{ duration > 1h30m || duration < 1.5ms || duration = 0.5us }')).toBe('{ duration > 90m || duration < 1500us || duration = 500ns }');
    expect(expectRoundTrip('{ .a = 1e21 && .b = 2.0 && .c = -0.0 && .d = minInt }')).toBe('{ .a = 1e+21 && .b = 2.0 && .c = -0.0 && .d = minInt }');
  });

  it('prints random field expressions so that they parse back the same', () => {
    fc.assert(
      fc.property(fieldExpression, (expression) => {
        const text = `{ ${formatFieldExpression(expression)} }`;
        const filter = parseTraceQL(text).pipeline.stages[0];
        expect(filter.type === 'spansetFilter' && withoutPositions(filter.expression), text).toEqual(withoutPositions(expression));
      }),
      { numRuns: 2000 },
    );
  });
});

const at = { from: 0, to: 0 };
const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

const staticValue: fc.Arbitrary<Static> = fc.oneof(
  fc.string({ unit: 'binary' }).map((value): Static => ({ type: 'static', valueType: 'string', value, ...at })),
  fc.bigInt(INT64).map((value): Static => ({ type: 'static', valueType: 'int', value, ...at })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value): Static => ({ type: 'static', valueType: 'float', value, ...at })),
  fc.bigInt({ min: INT64.min + 1n, max: INT64.max }).map((value): Static => ({ type: 'static', valueType: 'duration', value, ...at })),
  fc.boolean().map((value): Static => ({ type: 'static', valueType: 'bool', value, ...at })),
  fc.constantFrom<Static>(
    { type: 'static', valueType: 'nil', ...at },
    { type: 'static', valueType: 'status', value: 'error', ...at },
    { type: 'static', valueType: 'kind', value: 'server', ...at },
  ),
);

const attribute: fc.Arbitrary<Attribute> = fc.record({
  type: fc.constant('attribute' as const),
  scope: fc.constantFrom('none', 'span', 'resource', 'event', 'link', 'instrumentation'),
  parent: fc.constant(false),
  name: fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('http.method', 'a.b', '5xx', 'x"y', 'a\\b', '')),
  ...{ from: fc.constant(0), to: fc.constant(0) },
}).chain((a) => fc.oneof(
  fc.constant(a),
  // parent. takes only span. and resource. as scopes
  fc.constant({ ...a, parent: true, scope: a.scope === 'span' || a.scope === 'resource' ? a.scope : ('none' as const) }),
));

const intrinsic = fc.constantFrom<[IntrinsicName, string]>(
  ['span:duration', 'duration'], ['span:duration', 'span:duration'], ['trace:rootService', 'rootServiceName'],
  ['span:childCount', 'span:childCount'], ['event:timeSinceStart', 'event:timeSinceStart'], ['nestedSetLeft', 'nestedSetLeft'],
).map(([name, spelling]): FieldExpression => ({ type: 'intrinsic', name, spelling, ...at }));

const OPS = ['&&', '||', '=', '!=', '<', '<=', '>', '>=', '=~', '!~', '+', '-', '*', '/', '%', '^'] as const;

/** Trees the parser can produce: no `-` directly on a number (that is a negative literal). */
const { fieldExpression } = fc.letrec<{ fieldExpression: FieldExpression }>((tie) => ({
  fieldExpression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    staticValue,
    attribute,
    intrinsic,
    fc.record({ op: fc.constantFrom(...OPS), lhs: tie('fieldExpression'), rhs: tie('fieldExpression') })
      .map(({ op, lhs, rhs }): FieldExpression => ({ type: 'binary', op, lhs, rhs, ...at })),
    fc.record({ op: fc.constantFrom('-' as const, '!' as const), operand: tie('fieldExpression') })
      .filter(({ op, operand }) => !(op === '-' && operand.type === 'static' && ['int', 'float', 'duration'].includes(operand.valueType)))
      .map(({ op, operand }): FieldExpression => ({ type: 'unary', op, operand, ...at })),
  ),
}));
