/**
 * TraceQL's regular expressions are Go's (RE2 syntax), matched against the whole value as Tempo does: `=~ "bar"`
 * matches bar, not foobar. re2js runs them with RE2's syntax and meaning in time linear in the text, so no pattern
 * can make a query hang on one value.
 */
import { RE2JS, RE2JSException } from 're2js';

export class RegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegexError';
  }
}

export interface TraceQLRegex {
  /** True when the whole text matches. */
  test(text: string): boolean;
}

/** The compiled pattern, or a RegexError with Go's own sentence for what is wrong ("missing closing ): `(a`"). */
export function compileTraceQLRegex(pattern: string): TraceQLRegex {
  try {
    const re = RE2JS.compile(pattern);
    return { test: (text) => re.testExact(text) };
  } catch (error) {
    if (error instanceof RE2JSException) throw new RegexError(error.message.replace(/^error parsing regexp: /, ''));
    throw error;
  }
}
