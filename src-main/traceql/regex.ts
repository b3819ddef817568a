/**
 * TraceQL's regular expressions are Go's (RE2 syntax) and fully anchored: `=~ "bar"` means `^(?:bar)$`.
 * This turns one into a JavaScript RegExp (Unicode mode) with the same meaning where that is a plain
 * rewrite, refuses what RE2 refuses (lookarounds, backreferences), and names what it cannot translate.
 */
export class RegexError extends Error {
  constructor(
    message: string,
    /** True when RE2 accepts the pattern but it has no translation here. */
    readonly unsupported = false,
  ) {
    super(message);
    this.name = 'RegexError';
  }
}

const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const RE2_SPACE = '\\t\\n\\f\\r ';
const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

export function compileTraceQLRegex(pattern: string): RegExp {
  let flags = 'u';
  let rest = pattern;
  for (let m = /^\(\?([a-zA-Z]+)\)/.exec(rest); m; m = /^\(\?([a-zA-Z]+)\)/.exec(rest)) {
    for (const f of m[1]) {
      if (f === 'i' || f === 's' || f === 'm') flags += flags.includes(f) ? '' : f;
      else if (f === 'U') throw new RegexError('the flag (?U) (ungreedy) has no translation', true);
      else throw new RegexError(`unknown flag ${f} in (?${m[1]})`);
    }
    rest = rest.slice(m[0].length);
  }
  const body = translate(rest, flags.includes('s'));
  try {
    return new RegExp(`^(?:${body})$`, flags);
  } catch (e) {
    const reason = String((e as Error).message).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw new RegexError(reason.charAt(0).toLowerCase() + reason.slice(1));
  }
}

function translate(p: string, dotAll: boolean): string {
  let out = '';
  let depth = 0;
  let i = 0;
  while (i < p.length) {
    const ch = p[i];
    if (ch === '\\') {
      const [text, next] = escape(p, i, false);
      out += text;
      i = next;
    } else if (ch === '[') {
      const [text, next] = characterClass(p, i);
      out += text;
      i = next;
    } else if (ch === '(') {
      const [text, next] = group(p, i);
      out += text;
      i = next;
      depth++;
    } else if (ch === ')') {
      if (depth === 0) throw new RegexError('unexpected )');
      depth--;
      out += ')';
      i++;
    } else if (ch === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
      if (repeat && (Number(repeat[1]) > 1000 || Number(repeat[3] || 0) > 1000)) throw new RegexError(`invalid repeat count ${repeat[0]}`);
      out += repeat ? repeat[0] : '\\{';
      i += repeat ? repeat[0].length : 1;
    } else if (ch === '}' || ch === ']') {
      out += `\\${ch}`;
      i++;
    } else if (ch === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
    } else {
      const cp = p.codePointAt(i)!;
      out += String.fromCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
    }
  }
  if (depth > 0) throw new RegexError('missing closing )');
  return out;
}

function group(p: string, i: number): [string, number] {
  if (p[i + 1] !== '?') return ['(', i + 1];
  if (p.startsWith('(?:', i)) return ['(?:', i + 3];
  // Named groups become plain ones: matching does not use the names, and RE2 allows names JS refuses.
  const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(p.slice(i));
  if (named) return ['(', i + named[0].length];
  if (/^\(\?<?[=!]/.test(p.slice(i))) throw new RegexError(`lookarounds such as ${p.slice(i, i + 4)} are not in Go's regular expressions`);
  if (/^\(\?[a-zA-Z-]+[:)]/.test(p.slice(i))) throw new RegexError('flags such as (?i) only at the start of the expression have a translation', true);
  throw new RegexError(`invalid group ${p.slice(i, i + 3)}`);
}

function characterClass(p: string, start: number): [string, number] {
  let out = '[';
  let i = start + 1;
  if (p[i] === '^') {
    out += '^';
    i++;
  }
  if (p[i] === ']') {
    out += '\\]';
    i++;
  }
  while (i < p.length && p[i] !== ']') {
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
    if (posix) {
      if (posix[1] || !POSIX[posix[2]]) throw new RegexError(`the class [:${posix[1]}${posix[2]}:] has no translation`, true);
      out += POSIX[posix[2]];
      i += posix[0].length;
    } else if (p[i] === '\\') {
      const [text, next] = escape(p, i, true);
      out += text;
      i = next;
    } else {
      out += p[i] === '[' ? '\\[' : p[i];
      i++;
    }
  }
  if (i >= p.length) throw new RegexError('missing closing ]');
  return [`${out}]`, i + 1];
}

/** One escape at `p[i]` (a backslash), as JS Unicode-mode text. */
function escape(p: string, i: number, inClass: boolean): [string, number] {
  const c = p[i + 1];
  if (c === undefined) throw new RegexError('trailing backslash at the end of the expression');
  if ('dDwWbBfnrtv'.includes(c)) return [`\\${c}`, i + 2];
  if (c === 'a') return ['\\x07', i + 2];
  if (c === 's') return [inClass ? RE2_SPACE : `[${RE2_SPACE}]`, i + 2];
  if (c === 'S') return [inClass ? '\\S' : `[^${RE2_SPACE}]`, i + 2];
  if (!inClass && c === 'A') return ['(?<![\\s\\S])', i + 2];
  if (!inClass && c === 'z') return ['(?![\\s\\S])', i + 2];
  if (c === 'Q') {
    const end = p.indexOf('\\E', i + 2);
    const literal = p.slice(i + 2, end < 0 ? p.length : end);
    const text = [...literal].map((ch) => (SYNTAX.has(ch) || ch === '-' ? `\\${ch}` : ch)).join('');
    return [text, end < 0 ? p.length : end + 2];
  }
  const hex = /^x(?:([0-9a-fA-F]{2})|\{([0-9a-fA-F]+)\})/.exec(p.slice(i + 1));
  if (hex) return [`\\u{${hex[1] ?? hex[2]}}`, i + 1 + hex[0].length];
  const octal = /^(?:0[0-7]{0,2}|[1-7][0-7]{1,2})/.exec(p.slice(i + 1));
  if (octal) return [`\\u{${parseInt(octal[0], 8).toString(16)}}`, i + 1 + octal[0].length];
  const property = /^([pP])(?:([A-Za-z])|\{(\^?)([A-Za-z_]+)\})/.exec(p.slice(i + 1));
  if (property) {
    const negated = (property[1] === 'P') !== (property[3] === '^');
    const name = property[2] ?? property[4];
    const js = /^[A-Z][a-z]?$/.test(name) ? name : `Script=${name}`;
    return [`\\${negated ? 'P' : 'p'}{${js}}`, i + 1 + property[0].length];
  }
  if (/[0-9A-Za-z]/.test(c) || c.charCodeAt(0) >= 0x80) throw new RegexError(`invalid escape \\${c}`);
  // RE2 lets any punctuation be escaped; JS only its syntax characters (and "-" in a class).
  return [SYNTAX.has(c) || (inClass && c === '-') ? `\\${c}` : c, i + 2];
}
