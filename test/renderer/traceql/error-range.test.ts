import { describe, expect, it } from 'vitest';
import { TraceQLError } from '../../../src-main/traceql/errors';
import { checkTraceQL } from '../../../src-main/query/traceql-request';
import { errorRange, offsetOf } from '../../../src-renderer/lib/traceql/error-range';

/** The core's error for `query`, as the API sends it. */
function refusal(query: string): TraceQLError {
  try {
    checkTraceQL(query);
  } catch (e) {
    return e as TraceQLError;
  }
  throw new Error(`${query} was accepted`);
}

describe('errorRange', () => {
  it('underlines what the core names, on the first and later lines', () => {
    const one = '{ duration > }';
    const e1 = refusal(one);
    expect(one.slice(errorRange(one, e1.line, e1.column).from, errorRange(one, e1.line, e1.column).to)).toBe('}');
    const two = '{ name = "a" }\n  && { span.x =~ }';
    const e2 = refusal(two);
    expect(e2.line).toBe(2);
    const r = errorRange(two, e2.line, e2.column);
    expect(r.from).toBe(e2.offset);
  });

  it('underlines the character before when the fault is at the end of the text', () => {
    expect(errorRange('{ name = ', 1, 10)).toEqual({ from: 8, to: 9 });
    expect(errorRange('', 1, 1)).toEqual({ from: 0, to: 0 });
  });

  it('clamps positions past a line or the text', () => {
    expect(offsetOf('ab\ncd', 1, 99)).toBe(2);
    expect(offsetOf('ab\ncd', 5, 1)).toBe(5);
    expect(offsetOf('ab\ncd', 2, 2)).toBe(4);
  });
});
