import { describe, expect, it } from 'vitest';
import { checkTraceQL } from '../../../src-main/query/traceql-request';
import { builderQuery, EMPTY_BUILDER, minDurationError, quoted } from '../../../src-renderer/lib/traceql/builder-query';

describe('builderQuery', () => {
  it('writes the fields chosen as one spanset filter', () => {
    expect(builderQuery({ service: 'x', spanName: 'y', errorsOnly: true, minDuration: '100ms' })).toBe('{ resource.service.name = "x" && name = "y" && status = error && duration > 100ms }');
    expect(builderQuery({ ...EMPTY_BUILDER, errorsOnly: true })).toBe('{ status = error }');
    expect(builderQuery({ ...EMPTY_BUILDER, spanName: '  GET /cart ' })).toBe('{ name = "GET /cart" }');
    expect(builderQuery(EMPTY_BUILDER)).toBe('{ }');
  });

  it('escapes quotes and backslashes, and what it writes parses with the core\'s parser', () => {
    expect(quoted('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
    const query = builderQuery({ service: 'we"ird\\svc', spanName: 'GET "/x"', errorsOnly: false, minDuration: '1.5s' });
    expect(() => checkTraceQL(query)).not.toThrow();
  });

  it('leaves out a duration it cannot write, and says why', () => {
    expect(minDurationError('100')).toMatch(/^"100" is not a duration/);
    expect(minDurationError('fast')).toMatch(/^"fast" is not a duration/);
    expect(minDurationError('')).toBeUndefined();
    expect(minDurationError('250us')).toBeUndefined();
    expect(builderQuery({ ...EMPTY_BUILDER, minDuration: 'fast' })).toBe('{ }');
  });
});
