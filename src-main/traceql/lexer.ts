import type { AttributeScope } from './ast';
import { isDurationChar, parseDurationText } from './duration';
import { TraceQLError } from './errors';
import { ATTRIBUTE_SCOPES, SCOPED_INTRINSICS } from './intrinsics';

/**
 * TraceQL's tokens, read on demand so that the first error in the text is the one reported. The rules
 * follow Tempo's lexer (pkg/traceql/lexer.go on Go's text/scanner): Go comments are skipped, a number
 * followed by unit letters is a duration, and after `span.`, `.`, `parent.`, … the attribute name runs to
 * the next space or one of `{ } ( ) = ~ ! < > & | ^ ,` (so `.a+1` is the attribute "a+1").
 */
export type Token = { from: number; to: number; text: string } & (
  | { kind: 'eof' }
  | { kind: 'ident' }
  | { kind: 'punct' }
  /** `trace:`, `span:`, `event:`, `link:`, `instrumentation:`; the intrinsic's name is the next token. */
  | { kind: 'scope' }
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'duration'; value: bigint }
  | { kind: 'attribute'; scope: AttributeScope; parent: boolean; name: string }
);

const OPERATORS = [
  '!>>', '!<<', '&>>', '&<<',
  '!=', '=~', '!~', '>=', '<=', '&&', '||', '>>', '<<', '!>', '!<', '&~', '&>', '&<',
  '{', '}', '(', ')', ',', '=', '>', '<', '+', '-', '*', '/', '%', '^', '!', '|', '~',
];

const MAX_INT = 2n ** 63n - 1n;
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{Nd}_]/u;
/** Go's unicode.IsSpace. */
const SPACE = /[\t\n\v\f\r \u0085\u00a0]|\p{Z}/u;

export function isAttributeChar(ch: string): boolean {
  return ch !== '' && !SPACE.test(ch) && !'{}()=~!<>&|^,'.includes(ch);
}

export class Lexer {
  private pos = 0;

  constructor(readonly source: string) {}

  next(): Token {
    this.skipSpaceAndComments();
    const start = this.pos;
    const ch = this.source[start] ?? '';
    if (ch === '') return { kind: 'eof', from: start, to: start, text: '' };
    if (isDigit(ch) || (ch === '.' && isDigit(this.source[start + 1] ?? ''))) return this.number();
    if (ch === '"') return this.string();
    if (ch === '`') return this.rawString();
    if (ch === '.') {
      this.pos++;
      return this.attribute(start, 'none', '.');
    }
    if (IDENT_START.test(ch)) return this.word();
    for (const op of OPERATORS) {
      if (this.source.startsWith(op, start)) {
        this.pos += op.length;
        return { kind: 'punct', from: start, to: this.pos, text: op };
      }
    }
    throw this.error(unexpectedCharacter(ch), start, start + ch.length);
  }

  private skipSpaceAndComments(): void {
    const s = this.source;
    for (;;) {
      const ch = s[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') this.pos++;
      else if (s.startsWith('//', this.pos)) {
        const end = s.indexOf('\n', this.pos);
        this.pos = end < 0 ? s.length : end;
      } else if (s.startsWith('/*', this.pos)) {
        const end = s.indexOf('*/', this.pos + 2);
        if (end < 0) throw this.error('the comment that starts here is not closed with */', this.pos, this.pos + 2);
        this.pos = end + 2;
      } else return;
    }
  }

  private number(): Token {
    const s = this.source;
    const start = this.pos;
    if (s[start] === '0' && /[xXoObB]/.test(s[start + 1] ?? '')) {
      throw this.error(`"${s.slice(start, start + 2)}…" numbers are not read by TraceQL; write the number in decimal`, start, start + 2);
    }
    let isFloat = false;
    while (isDigit(s[this.pos] ?? '')) this.pos++;
    if (s[this.pos] === '.') {
      isFloat = true;
      this.pos++;
      while (isDigit(s[this.pos] ?? '')) this.pos++;
    }
    if (s[this.pos] === 'e' || s[this.pos] === 'E') {
      isFloat = true;
      this.pos++;
      if (s[this.pos] === '+' || s[this.pos] === '-') this.pos++;
      if (!isDigit(s[this.pos] ?? '')) throw this.error(`the exponent of "${s.slice(start, this.pos)}" has no digits`, start, this.pos);
      while (isDigit(s[this.pos] ?? '')) this.pos++;
    }
    const numberEnd = this.pos;
    let unitEnd = numberEnd;
    while (unitEnd < s.length && isDurationChar(s[unitEnd])) unitEnd++;
    if (unitEnd > numberEnd) {
      const text = s.slice(start, unitEnd);
      const ns = parseDurationText(text);
      if (ns === null) {
        throw this.error(`"${text}" is not a duration; write a number and a unit (ns, us, ms, s, m, h, d, w, y), for example 1h30m or 1.5s`, start, unitEnd);
      }
      this.pos = unitEnd;
      return { kind: 'duration', value: ns, from: start, to: unitEnd, text };
    }
    const text = s.slice(start, numberEnd);
    if (isFloat) {
      const value = Number(text);
      if (!Number.isFinite(value)) throw this.error(`the number ${text} is too large`, start, numberEnd);
      return { kind: 'float', value, from: start, to: numberEnd, text };
    }
    const value = BigInt(text);
    if (value > MAX_INT) throw this.error(`the integer ${text} is too large; integers are 64-bit (at most ${MAX_INT})`, start, numberEnd);
    return { kind: 'int', value, from: start, to: numberEnd, text };
  }

  private word(): Token {
    const s = this.source;
    const start = this.pos;
    this.pos++;
    while (this.pos < s.length && IDENT_PART.test(s[this.pos])) this.pos++;
    const word = s.slice(start, this.pos);
    const scope = ATTRIBUTE_SCOPES[word];
    if (s[this.pos] === '.' && scope !== undefined) {
      this.pos++;
      return scope === 'parent' ? this.parentAttribute(start) : this.attribute(start, scope, `${word}.`);
    }
    if (s[this.pos] === ':' && SCOPED_INTRINSICS[word] !== undefined) {
      this.pos++;
      return { kind: 'scope', from: start, to: this.pos, text: `${word}:` };
    }
    if (s[this.pos] === ':' && scope !== undefined) {
      throw this.error(`${word}: has no intrinsics; write ${word}.<attribute>, for example ${word}.service.name`, start, this.pos + 1);
    }
    return { kind: 'ident', from: start, to: this.pos, text: word };
  }

  /** After `parent.`: Tempo takes a following `span.` or `resource.` as the scope. */
  private parentAttribute(start: number): Token {
    for (const scope of ['span', 'resource'] as const) {
      if (this.source.startsWith(`${scope}.`, this.pos)) {
        this.pos += scope.length + 1;
        return this.attribute(start, scope, `parent.${scope}.`, true);
      }
    }
    return this.attribute(start, 'none', 'parent.', true);
  }

  private attribute(start: number, scope: AttributeScope, prefix: string, parent = false): Token {
    const s = this.source;
    const first = s[this.pos] ?? '';
    if (!isAttributeChar(first)) {
      const found = first === '' ? 'the end of the query' : SPACE.test(first) ? 'a space' : `"${first}"`;
      throw this.error(`expected an attribute name right after "${prefix}", found ${found}`, start, this.pos);
    }
    let name = '';
    for (;;) {
      const ch = s[this.pos] ?? '';
      if (ch === '"') name += this.quotedName();
      else if (isAttributeChar(ch)) {
        name += ch;
        this.pos++;
      } else break;
    }
    return { kind: 'attribute', scope, parent, name, from: start, to: this.pos, text: s.slice(start, this.pos) };
  }

  /** A quoted part of an attribute name: `\"` and `\\` are its only escapes. */
  private quotedName(): string {
    const s = this.source;
    const start = this.pos;
    this.pos++;
    let name = '';
    for (;;) {
      const ch = s[this.pos] ?? '';
      if (ch === '') throw this.error('the quoted attribute name that starts here is not closed with "', start, this.pos);
      this.pos++;
      if (ch === '"') return name;
      if (ch === '\\') {
        const escaped = s[this.pos] ?? '';
        if (escaped !== '"' && escaped !== '\\') {
          throw this.error(`"\\${escaped}" is not an escape in a quoted attribute name; only \\" and \\\\ are`, this.pos - 1, this.pos + escaped.length);
        }
        name += escaped;
        this.pos++;
      } else name += ch;
    }
  }

  /** A Go interpreted string: the escapes of strconv.Unquote; \x and octal escapes are bytes of UTF-8. */
  private string(): Token {
    const s = this.source;
    const start = this.pos;
    this.pos++;
    // Text, and numbers for the bytes of \x and octal escapes, decoded together at the end.
    const parts: Array<string | number> = [];
    for (;;) {
      const ch = s[this.pos] ?? '';
      if (ch === '' || ch === '\n') {
        throw this.error('the string that starts here is not closed with " on the same line', start, this.pos);
      }
      if (ch === '"') break;
      if (ch === '\\') {
        parts.push(this.escape());
        continue;
      }
      const run = /[^"\\\n]+/y;
      run.lastIndex = this.pos;
      run.exec(s);
      parts.push(s.slice(this.pos, run.lastIndex));
      this.pos = run.lastIndex;
    }
    this.pos++;
    const value = parts.every((p) => typeof p === 'string') ? parts.join('') : decodeParts(parts);
    return { kind: 'string', value, from: start, to: this.pos, text: s.slice(start, this.pos) };
  }

  private escape(): string | number {
    const s = this.source;
    const at = this.pos;
    const c = s[at + 1] ?? '';
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
    if (simple[c] !== undefined) {
      this.pos = at + 2;
      return simple[c];
    }
    const hex = (length: number): number | null => {
      const digits = s.slice(at + 2, at + 2 + length);
      return digits.length === length && /^[0-9a-fA-F]+$/.test(digits) ? parseInt(digits, 16) : null;
    };
    let length = 0;
    let value: number | null = null;
    if (c === 'x') [length, value] = [4, hex(2)];
    else if (c === 'u') [length, value] = [6, hex(4)];
    else if (c === 'U') [length, value] = [10, hex(8)];
    else if (c >= '0' && c <= '7') {
      const digits = s.slice(at + 1, at + 4);
      [length, value] = [4, /^[0-7]{3}$/.test(digits) && parseInt(digits, 8) <= 255 ? parseInt(digits, 8) : null];
    }
    const isCodePoint = c === 'u' || c === 'U';
    const valid = value !== null && (!isCodePoint || (value <= 0x10ffff && (value < 0xd800 || value > 0xdfff)));
    if (length === 0 || !valid) {
      const shown = length === 0 ? `\\${c}` : s.slice(at, at + length);
      throw this.error(
        `"${shown}" is not an escape a string can hold; use \\n, \\t, \\", \\\\, \\xHH, \\uHHHH or a backtick string`,
        at,
        at + Math.max(2, shown.length),
      );
    }
    this.pos = at + length;
    return isCodePoint ? String.fromCodePoint(value!) : value!;
  }

  private rawString(): Token {
    const s = this.source;
    const start = this.pos;
    const end = s.indexOf('`', start + 1);
    if (end < 0) throw this.error('the string that starts here is not closed with `', start, s.length);
    this.pos = end + 1;
    return { kind: 'string', value: s.slice(start + 1, end).replace(/\r/g, ''), from: start, to: this.pos, text: s.slice(start, this.pos) };
  }

  private error(detail: string, from: number, to: number): TraceQLError {
    return new TraceQLError(detail, this.source, from, to);
  }
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

const UTF8 = new TextEncoder();

/** Text and raw bytes as Go holds them in a string, decoded as UTF-8 (a stray byte becomes U+FFFD). */
function decodeParts(parts: Array<string | number>): string {
  const bytes: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') bytes.push(part);
    else for (const b of UTF8.encode(part)) bytes.push(b);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function unexpectedCharacter(ch: string): string {
  if (ch === "'") return "single quotes do not make a string in TraceQL; use double quotes or backticks";
  if (ch === '&') return '"&" alone is not an operator; write && (and), or one of &> &>> &< &<< &~';
  if (ch === '[' || ch === ']') return `"${ch}" has no meaning in TraceQL; spanset filters are written in { }`;
  const code = ch.codePointAt(0)!;
  const shown = code < 0x20 || SPACE.test(ch) ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${ch}"`;
  return `unexpected character ${shown}`;
}
