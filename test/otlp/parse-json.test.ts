import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, parseJson } from '../../src-main/otlp/parse-json';

describe('parseJson', () => {
  it('parses valid JSON as JSON.parse does', () => {
    expect(parseJson('{"a": [1, "x", true, null, {"b": -2.5e3}]}')).toEqual({ a: [1, 'x', true, null, { b: -2500 }] });
  });

  it.each([
    ['{"a": 1,\n "b": }', 'line 2, column 7: unexpected "}"'],
    ['{"a": [1, 2', 'line 1, column 12: the text ends in the middle of a value'],
    ['[1, 2]\n[3]', 'line 2, column 1: unexpected "[3]"'],
    ['{"a": "tab\there"}', 'line 1, column 11'],
    ['{"a": tru}', 'line 1, column 7: unexpected "tru}"'],
    ['{"a" 1}', 'line 1, column 6: unexpected "1}"'],
    ['{"a": "\\x"}', 'line 1, column 8'],
  ])('says where %j breaks', (text, where) => {
    expect(() => parseJson(text)).toThrow(`not valid JSON at ${where}`);
  });

  it('finds the break in a large document without recursion', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(99_999) + '}';
    expect(jsonErrorOffset(deep)).toBe(199_999);
  });
});
