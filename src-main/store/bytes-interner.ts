/**
 * Finds the value made for a UTF-8 byte string seen before without decoding the bytes again: a hash of the
 * bytes picks the candidates, a byte comparison confirms. Bounded: past `maxEntries` it starts over.
 */
const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class BytesInterner<T> {
  private readonly byHash = new Map<number, { bytes: Buffer; value: T }[]>();
  private entries = 0;

  constructor(
    private readonly make: (text: string) => T,
    private readonly maxEntries = 50_000,
  ) {}

  get(buf: Buffer, start: number, end: number): T {
    let h = FNV_BASIS ^ (end - start);
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
    const candidates = this.byHash.get(h);
    if (candidates) {
      for (const entry of candidates) if (sameBytes(entry.bytes, buf, start, end)) return entry.value;
    }
    if (this.entries >= this.maxEntries) {
      this.byHash.clear();
      this.entries = 0;
    }
    const value = this.make(buf.toString('utf8', start, end));
    const entry = { bytes: Buffer.from(buf.subarray(start, end)), value };
    if (candidates && this.entries > 0) candidates.push(entry);
    else this.byHash.set(h, [entry]);
    this.entries++;
    return value;
  }
}

function sameBytes(known: Buffer, buf: Buffer, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== buf[start + i]) return false;
  return true;
}
