import type { Located } from './ast';
import { excerpt, lineAndColumn, TraceQLError } from './errors';
import { Lexer, type Token } from './lexer';

/** The parser's view of the tokens: peek, take, and errors that say what was expected and what was found. */
export class Cursor {
  private readonly lexer: Lexer;
  private readonly ahead: Token[] = [];
  private last: Token | null = null;

  constructor(readonly source: string) {
    this.lexer = new Lexer(source);
  }

  peek(k = 0): Token {
    while (this.ahead.length <= k) this.ahead.push(this.lexer.next());
    return this.ahead[k];
  }

  advance(): Token {
    const token = this.peek();
    this.ahead.shift();
    this.last = token;
    return token;
  }

  /** The token taken last (null before the first). */
  get previous(): Token | null {
    return this.last;
  }

  isPunct(text: string, k = 0): boolean {
    const token = this.peek(k);
    return token.kind === 'punct' && token.text === text;
  }

  isWord(word: string, k = 0): boolean {
    const token = this.peek(k);
    return token.kind === 'ident' && token.text === word;
  }

  accept(text: string): Token | null {
    return this.isPunct(text) ? this.advance() : null;
  }

  /** Takes `text` or fails with "expected "text" <context>, found …". */
  expect(text: string, context: string): Token {
    if (this.isPunct(text)) return this.advance();
    return this.fail(`"${text}" ${context}`);
  }

  /** Takes the `)` or `}` that closes `open`, or says which one is left open. */
  close(open: Token): Token {
    const closing = open.text === '(' ? ')' : '}';
    return this.expect(closing, `to close the "${open.text}" at ${this.where(open.from)}`);
  }

  fail(expected: string, token: Token = this.peek(), note = ''): never {
    throw new TraceQLError(`expected ${expected}, found ${describe(token)}${note}`, this.source, token.from, token.to);
  }

  error(detail: string, at: Located): TraceQLError {
    return new TraceQLError(detail, this.source, at.from, at.to);
  }

  text(at: Located): string {
    return this.source.slice(at.from, at.to);
  }

  excerpt(at: Located): string {
    return excerpt(this.source, at);
  }

  /** "column 7" on the line of the next token, else "line 2, column 7". */
  where(offset: number): string {
    const at = lineAndColumn(this.source, offset);
    const here = lineAndColumn(this.source, this.peek().from);
    return at.line === here.line ? `column ${at.column}` : `line ${at.line}, column ${at.column}`;
  }
}

export function describe(token: Token): string {
  if (token.kind === 'eof') return 'the end of the query';
  const text = token.text.length > 40 ? `${token.text.slice(0, 37)}…` : token.text;
  return token.kind === 'string' ? text : `"${text}"`;
}
