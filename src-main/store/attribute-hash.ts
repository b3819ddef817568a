/**
 * The attribute index stores a 32-bit hash of `key=text form of value` per trace, not the text: small rows,
 * and every hit is verified against the span itself, so a collision costs a look, never a wrong answer.
 */
export function attributeHash(key: string, valueText: string): number {
  let h = 0x811c9dc5;
  h = fnv(h, key);
  h = Math.imul(h ^ 0x3d, 0x01000193);
  return fnv(h, valueText) | 0;
}

function fnv(seed: number, text: string): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}
