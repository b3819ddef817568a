/**
 * Strings that all share the 32-bit FNV-1a hash the name and key caches used before issue 13 (basis xor length,
 * then FNV-1a over the bytes): `2^blocks` strings of `blocks * 8` ASCII letters. Each 8-letter block is one of a
 * pair that leaves the hash state the same (a birthday search, ~10^5 tries), so any choice of one of each pair
 * collides (Joux's multicollisions).
 */
const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const BLOCK = 8;
const TABLE_SLOTS = 1 << 20;

export function oldFnvHash(bytes: Uint8Array): number {
  let h = FNV_BASIS ^ bytes.length;
  for (const b of bytes) h = Math.imul(h ^ b, FNV_PRIME);
  return h;
}

export function fnvMulticollision(blocks: number): string[] {
  let state = FNV_BASIS ^ (blocks * BLOCK);
  const pairs: [string, string][] = [];
  for (let b = 0; b < blocks; b++) {
    // The states seen so far, by open addressing (a Map of this size is ten times slower): slot → state, block + 1.
    const states = new Int32Array(TABLE_SLOTS);
    const seen = new Int32Array(TABLE_SLOTS);
    for (let k = b * 1_000_003; ; k++) {
      const n = Math.imul(k, 0x9e3779b1) >>> 2; // spread over the letters: neighbours differ in every place
      let h = state;
      for (let i = 0, rest = n; i < BLOCK; i++, rest = (rest / 26) | 0) h = Math.imul(h ^ (97 + (rest % 26)), FNV_PRIME);
      let slot = h & (TABLE_SLOTS - 1);
      while (seen[slot] !== 0 && states[slot] !== h) slot = (slot + 1) & (TABLE_SLOTS - 1);
      if (seen[slot] !== 0 && seen[slot] - 1 !== n) {
        pairs.push([letters(seen[slot] - 1), letters(n)]);
        state = h;
        break;
      }
      states[slot] = h;
      seen[slot] = n + 1;
    }
  }
  let strings = [''];
  for (const [a, b] of pairs) strings = strings.flatMap((s) => [s + a, s + b]);
  return strings;
}

/** n in base 26, as BLOCK letters: distinct n below 26^BLOCK give distinct blocks. */
function letters(n: number): string {
  let text = '';
  for (let i = 0; i < BLOCK; i++, n = Math.floor(n / 26)) text += String.fromCharCode(97 + (n % 26));
  return text;
}
