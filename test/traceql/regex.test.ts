import { describe, expect, it } from 'vitest';
import { compileTraceQLRegex, RegexError } from '../../src-main/traceql/regex';

const matches = (pattern: string, text: string) => compileTraceQLRegex(pattern).test(text);

function regexError(pattern: string): RegexError {
  try {
    compileTraceQLRegex(pattern);
  } catch (error) {
    if (error instanceof RegexError) return error;
    throw error;
  }
  throw new Error(`compiled: ${pattern}`);
}

describe("TraceQL's regular expressions, Go's RE2", () => {
  it('anchors at both ends, as Tempo does', () => {
    expect(matches('bar', 'bar')).toBe(true);
    expect(matches('bar', 'foobar')).toBe(false);
    expect(matches('.*bar.*', 'foobarbaz')).toBe(true);
    expect(matches('DELETE|GET', 'GET')).toBe(true);
    expect(matches('DELETE|GET', 'GETS')).toBe(false);
  });

  it('keeps RE2 meanings that differ in JavaScript', () => {
    expect(matches('a.b', 'a\rb')).toBe(true); // RE2's . leaves out \n only
    expect(matches('a.b', 'a\nb')).toBe(false);
    expect(matches('(?s)a.b', 'a\nb')).toBe(true);
    expect(matches('a\\sb', 'a\u00a0b')).toBe(false); // RE2's \s is ASCII
    expect(matches('[\\s]', '\t')).toBe(true);
    expect(matches('\\Aab\\z', 'ab')).toBe(true);
  });

  it('translates flags, escapes, classes and groups', () => {
    expect(matches('(?i)get /api', 'GET /API')).toBe(true);
    expect(matches('\\Q1+1=2\\E', '1+1=2')).toBe(true);
    expect(matches('[[:digit:]]+-[[:alpha:]]', '42-x')).toBe(true);
    expect(matches('\\pL\\p{Greek}', 'aλ')).toBe(true);
    expect(matches('(?P<method>GET) (?<path>/.*)', 'GET /x')).toBe(true);
    expect(matches('\\x41\\x{42}\\101', 'ABA')).toBe(true);
    expect(matches('a\\-b\\#c\\:d', 'a-b#c:d')).toBe(true);
    expect(matches('{a}', '{a}')).toBe(true); // a brace that is no repetition is a literal in RE2
    expect(matches('[]a]+', ']a')).toBe(true);
    expect(matches('a{2,3}', 'aaa')).toBe(true);
  });

  it('refuses what RE2 refuses, in Go\'s words', () => {
    expect(regexError('[').message).toBe('missing closing ]: `[`');
    expect(regexError('(a').message).toBe('missing closing ): `(a`');
    expect(regexError('a)').message).toBe('unexpected ): `a)`');
    expect(regexError('(?=a)b').message).toBe('invalid or unsupported Perl syntax: `(?=`');
    expect(regexError('(a)\\1').message).toBe('invalid escape sequence: `\\1`');
    expect(regexError('a{1001}').message).toBe('invalid repeat count: `{1001}`');
    expect(regexError('*a').message).toBe('missing argument to repetition operator: `*`');
  });

  it('runs what only RE2 has: ungreedy and inline flags, negated classes', () => {
    expect(matches('(?U)a+', 'aa')).toBe(true);
    expect(matches('a(?i)b', 'aB')).toBe(true);
    expect(matches('a(?i)b', 'AB')).toBe(false);
    expect(matches('[[:^alpha:]]+', '12')).toBe(true);
  });

  it('matches in time linear in the text: patterns that make backtracking engines hang answer at once', () => {
    expect(matches('(a+)+$', `${'a'.repeat(50_000)}!`)).toBe(false);
    expect(matches('(x+x+)+y', 'x'.repeat(50_000))).toBe(false);
    expect(matches('(.*a){20}', 'a'.repeat(20_000))).toBe(true);
  });
});
