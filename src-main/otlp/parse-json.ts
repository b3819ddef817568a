/**
 * JSON.parse that says where the text broke: Node's messages often carry no position, and a person fixing a
 * trace file needs the line and column.
 */
import { DecodeError } from './decode-result';

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = jsonErrorOffset(text);
    const { line, column } = lineAndColumn(text, at);
    const what = at >= text.length ? 'the text ends in the middle of a value (truncated?)' : `unexpected ${JSON.stringify(text.slice(at, at + 12))}`;
    throw new DecodeError(`not valid JSON at line ${line}, column ${column}: ${what} (${(error as Error).message.split('\n')[0].slice(0, 120)})`);
  }
}

/**
 * JSON.parse with each number a double may not hold exactly (16 digits or more, or an exponent) turned into the
 * string of its digits first: the 64-bit integer fields read those exactly (json-fields.ts). The slower path,
 * taken only for a document that has such a number where an integer is expected.
 */
export function parseJsonExactNumbers(text: string): unknown {
  const parts: string[] = [];
  let copied = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = afterString(text, i);
      continue;
    }
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) {
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) return parseJson(text); // not JSON: parseJson says where
    const start = i;
    i = NUMBER.lastIndex;
    let digits = 0;
    let exponent = false;
    for (let j = start; j < i && !exponent; j++) {
      const d = text.charCodeAt(j);
      if (d >= 0x30 && d <= 0x39) digits++;
      else if (d === 0x65 || d === 0x45) exponent = true;
    }
    if (digits >= 16 || exponent) {
      parts.push(text.slice(copied, start), '"', text.slice(start, i), '"');
      copied = i;
    }
  }
  if (parts.length === 0) return parseJson(text);
  parts.push(text.slice(copied));
  try {
    return JSON.parse(parts.join(''));
  } catch {
    return parseJson(text); // says where the text itself broke
  }
}

/** The offset after the string that starts at `start` (the text's length when it never ends). */
function afterString(text: string, start: number): number {
  for (let i = text.indexOf('"', start + 1); i !== -1; i = text.indexOf('"', i + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return i + 1;
  }
  return text.length;
}

/** Line and column (from 1) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/** The offset of the first character that is not valid JSON (the text's length when it ends too early). */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  let i = 0;
  const stack: ('object' | 'array')[] = [];
  const skipSpace = () => {
    while (i < n && ' \t\n\r'.includes(text[i])) i++;
  };
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else return false;
      }
    }
    return false;
  };
  const sticky = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  const key = (): boolean => {
    skipSpace();
    if (!string()) return false;
    skipSpace();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };
  // Reads a value; containers are opened here (nested openings in a loop, not by recursion) and closed below.
  const value = (): boolean => {
    for (;;) {
      skipSpace();
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c === '{' ? 'object' : 'array');
        i++;
        skipSpace();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          return true;
        }
        if (c === '{' && !key()) return false;
        continue;
      }
      if (c === '"') return string();
      return sticky(c === 't' || c === 'f' || c === 'n' ? LITERAL : NUMBER);
    }
  };
  if (!value()) return i;
  for (;;) {
    skipSpace();
    const top = stack[stack.length - 1];
    if (top === undefined) return i < n ? i : n + 1; // n + 1: valid (only reached when JSON.parse disagreed)
    const c = text[i];
    if (c === ',') {
      i++;
      if (!(top === 'object' ? key() && value() : value())) return i;
    } else if (c === (top === 'object' ? '}' : ']')) {
      stack.pop();
      i++;
    } else return i;
  }
}
