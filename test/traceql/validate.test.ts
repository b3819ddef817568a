import { describe, expect, it } from 'vitest';
import { TraceQLError, TraceQLUnsupportedError } from '../../src-main/traceql/errors';
import { parseTraceQL } from '../../src-main/traceql/parse';
import { validateTraceQL } from '../../src-main/traceql/validate';

function validationError(query: string): TraceQLError {
  try {
    validateTraceQL(parseTraceQL(query));
  } catch (error) {
    if (error instanceof TraceQLError) return error;
    throw error;
  }
  throw new Error(`valid: ${query}`);
}

const valid = (query: string) => expect(() => validateTraceQL(parseTraceQL(query)), query).not.toThrow();

describe('type checks, with the sentence and the place', () => {
  it('wants a condition inside { }', () => {
    const error = validationError('{ status }');
    expect(error.message).toBe('line 1, column 3: { } needs a condition that is true or false, but `status` is a status; compare it, for example status = error');
    expect([error.offset, error.to]).toEqual([2, 8]);
    valid('{ .cache.hit }');
  });

  it('wants both sides of an operator of one type, numbers counting as one', () => {
    expect(validationError('{ 1 + "foo" = 1 }').detail).toBe('`1 + "foo"` puts an integer and a string on the two sides of "+"; they must be of one type');
    expect(validationError('{\n  span:childCount = "3"\n}').message).toBe(
      'line 2, column 3: `span:childCount = "3"` puts an integer and a string on the two sides of "="; they must be of one type',
    );
    valid('{ duration > 1.5 * 1s && span:childCount > 1.0 }');
    valid('{ span.http.status_code >= "400" }');
  });

  it('keeps = and != for statuses and kinds', () => {
    expect(validationError('{ status > ok }').detail).toBe('">" does not apply to a status, in `status > ok`; a status is compared with = or != only');
    valid('{ kind != client }');
  });

  it('checks unary operators', () => {
    expect(validationError('{ -name = "a" }').detail).toBe('"-" needs a number or a duration, but `name` is a string');
    expect(validationError('{ !1 = 1 }').detail).toBe('"!" needs a condition, but `1` is an integer');
    valid('{ -.a = 2 && !.b }');
  });

  it('compiles regular expressions, pointing at the string', () => {
    const error = validationError('{ name =~ "GET (/api" }');
    expect(error.detail).toBe('`"GET (/api"` is not a valid regular expression: missing closing ): `GET (/api`');
    expect([error.offset, error.to]).toEqual([10, 21]);
    expect(validationError('{ name =~ .pattern }').detail).toBe('the right side of "=~" must be a regular expression in quotes, such as "GET .*"');
    valid('{ name =~ "(?i)get .*" && .x !~ "\\\\d+" }');
  });

  it('wants aggregates and by() to read the span', () => {
    expect(validationError('{ } | sum(3) > 2').detail).toBe('`sum(3)` does not read the span; aggregate a field such as duration or span.bytes');
    expect(validationError('{ } | avg(name) > 2').detail).toBe('avg() needs a number or a duration, but `name` is a string');
    expect(validationError('{ } | by("x")').detail).toBe('`by("x")` does not read the span; group by a field such as resource.service.name');
    valid('{ } | by(resource.service.name) | avg(duration) > 100ms');
  });

  it('reads nil as "not set", and refuses it where it cannot match', () => {
    valid('{ span.optional = nil || span.required != nil }');
    valid('{ name != nil }');
    expect(validationError('{ span:status = nil }').detail).toBe('`span:status = nil` cannot match: intrinsics are always set');
    expect(validationError('{ resource.service.name = nil }').detail).toBe('`resource.service.name = nil` cannot match: every span has a service name');
    expect(validationError('{ .a > nil }').detail).toBe('nil can only be compared with = or !=, not ">"');
    expect(validationError('{ 1 = nil }').detail).toBe('nil can only be compared with a field, such as span.foo = nil; `1` is not one');
  });
});

describe('metrics checks', () => {
  it('keeps quantiles between 0 and 1 and the measured field numeric', () => {
    valid('{ } | quantile_over_time(span.http.response_size, 0, .5, 1) by (resource.service.name)');
    expect(validationError('{ } | quantile_over_time(duration, 1.5)').detail).toBe('the quantile 1.5 is outside 0 to 1; write .95 for the 95th percentile');
    expect(validationError('{ } | avg_over_time(name)').detail).toBe('avg_over_time() needs a number or a duration, but `name` is a string');
  });

  it('wants topk() and bottomk() of at least 1, and none after compare()', () => {
    expect(validationError('{ } | rate() | topk(0)').detail).toBe('topk() needs at least 1 series, not 0');
    expect(validationError('{ } | compare({ status = error }) | bottomk(3)').detail).toBe('compare() cannot be followed by bottomk()');
  });

  it("checks compare()'s filter, count and window", () => {
    expect(validationError('{ } | compare({ status })').detail).toMatch(/^\{ \} needs a condition/);
    expect(validationError('{ } | compare({ status = error }, 0)').detail).toBe('compare() needs at least 1 value per attribute, not 0');
    expect(validationError('{ } | compare({ status = error }, 10, 20, 10)').detail).toBe('compare() needs its end (10) after its start (20)');
    valid('{ } | compare({ status = error }, 10, 0, 0)');
  });
});

describe('unsupported features are named', () => {
  const unsupported = (query: string) => {
    const error = validationError(query);
    expect(error).toBeInstanceOf(TraceQLUnsupportedError);
    return error as TraceQLUnsupportedError;
  };

  it('names parent. attributes and the parent intrinsic', () => {
    const error = unsupported('{ span.a = 1 && parent.span.http.method = "GET" }');
    expect(error.message).toBe('line 1, column 17: parent. attributes are not supported yet');
    expect(error.feature).toBe('parent. attributes');
    expect(unsupported('{ parent = nil }').feature).toBe('the parent intrinsic');
  });

  it('asks for span:childCount instead of the unscoped spelling', () => {
    expect(unsupported('{ childCount > 2 }').detail).toBe('childCount without a scope is not supported; write span:childCount');
    valid('{ span:childCount > 2 }');
  });

  it('names the scalar filters it cannot evaluate', () => {
    expect(unsupported('{ } | max(duration) - min(duration) > 1s').feature).toBe('arithmetic on aggregates');
    expect(unsupported('{ } | max(duration) > avg(duration)').feature).toBe('comparisons with an aggregate or arithmetic on the right');
    expect(unsupported('({ .a } | count()) > ({ .b } | count())').feature).toBe('comparisons between pipelines');
    expect(unsupported('3 = 2').feature).toBe('scalar filters without an aggregate');
  });

  it('runs every regular expression RE2 accepts', () => {
    valid('{ name =~ "(?U)a+" && name !~ "a(?i)b[[:^alpha:]]" }');
  });
});
