/**
 * Span text comes from any program that sends spans. Besides being rendered as text (Svelte escapes it), each
 * piece is put in a `<bdi>` so its bidi controls reorder nothing around it, clipped where a line holds it, and
 * shown with its invisible controls spelled out where the exact characters matter (the span detail).
 */

/** Characters of a name shown on one line (rows, lists, headings, labels); the detail shows more. */
export const LINE_CHARS = 200;
/** Characters of a value the span detail shows before "show all". */
export const DETAIL_CHARS = 4_000;

/** The first `max` characters (fewer by one rather than half a surrogate pair). */
export function textStart(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** The text, or its start and "…" when it is longer than `max`. */
export function clip(text: string, max = LINE_CHARS): string {
  return text.length <= max ? text : `${textStart(text, max)}…`;
}

/**
 * Bidi controls (embeddings, overrides, isolates, marks), control characters other than tab and line breaks,
 * and invisible spaces: they can make two different values look alike or reorder what is read. Zero-width
 * joiners are left alone: emoji and several scripts need them.
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/** The text with each invisible control written as ⟨U+202E⟩. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
