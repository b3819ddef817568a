/** Where in the editor's text a refused query's line and column (1-based, UTF-16 columns) fall. */

/** The offset of `line`:`column`, clamped to the text. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  return Math.min(offset + Math.max(0, column - 1), lineEnd < 0 ? text.length : lineEnd);
}

/** The range to underline: the word or symbol run at the position, at least one character where the text has one. */
export function errorRange(text: string, line: number, column: number): { from: number; to: number } {
  const from = offsetOf(text, line, column);
  const rest = text.slice(from);
  const word = /^([\w.:]+|"(?:[^"\\]|\\.)*"?|[^\s\w]{1,3})/.exec(rest);
  const length = word ? word[0].length : 0;
  if (length > 0) return { from, to: from + length };
  // At the end of the text (or a line): underline the character before, so the mark is seen.
  return from > 0 ? { from: from - 1, to: from } : { from, to: Math.min(text.length, from + 1) };
}
