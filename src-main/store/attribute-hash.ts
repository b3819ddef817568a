/**
 * The attribute index works on a 32-bit hash of `key` and the text form of the value (FNV-1a over UTF-16
 * code units), not on the text: small, and every hit is verified against the span itself, so a collision
 * costs a look, never a wrong answer. The state after the key can be kept and finished for many values.
 */
const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEPARATOR = 0x3d; // '='

export function attributeHash(key: string, valueText: string): number {
  return finishHash(keyHashState(key), valueText);
}

export function keyHashState(key: string): number {
  return Math.imul(fnv(FNV_BASIS, key) ^ SEPARATOR, FNV_PRIME);
}

export function finishHash(keyState: number, valueText: string): number {
  return fnv(keyState, valueText) | 0;
}

/** The same hash from UTF-8 bytes when they are all ASCII (then bytes and code units agree); else undefined. */
export function finishHashAscii(keyState: number, bytes: Uint8Array, start: number, end: number): number | undefined {
  let h = keyState;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c >= 0x80) return undefined;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return h | 0;
}

function fnv(seed: number, text: string): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}
