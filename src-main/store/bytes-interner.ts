/**
 * Finds the value made for a UTF-8 byte string seen before without decoding the bytes again: a hash of the
 * bytes picks a bucket, a byte comparison confirms.
 *
 * No input can make a lookup scan: a bucket holds at most MAX_CANDIDATES entries (a full one gives its oldest
 * place to the newcomer), so a set of strings that collide costs misses, never comparisons past that bound. The
 * hash is seeded per process, so such a set cannot be prepared in advance either.
 *
 * Bounded in bytes: past `maxBytes` (the bytes kept, their decoded text and the entry itself) it starts over,
 * and a string longer than an eighth of the budget is made each time it comes, never kept.
 */
import { randomBytes } from 'node:crypto';

export const MAX_CANDIDATES = 4;
/** A Map slot, the entry object, the copy's Buffer header and the value's header, roughly. */
const ENTRY_OVERHEAD_BYTES = 160;
const FNV_PRIME = 0x01000193;
const SEED = randomBytes(4).readInt32LE(0);

interface Entry<T> {
  bytes: Buffer;
  value: T;
}

export class BytesInterner<T> {
  private readonly byHash = new Map<number, Entry<T>[]>();
  private bytes = 0;
  /** Candidates compared byte by byte since the start: what a test can count instead of timing. */
  comparisons = 0;

  constructor(
    private readonly make: (text: string) => T,
    readonly maxBytes: number,
  ) {}

  get(buf: Buffer, start: number, end: number): T {
    const h = hashBytes(buf, start, end);
    const candidates = this.byHash.get(h);
    if (candidates) {
      for (let i = 0; i < candidates.length; i++) {
        this.comparisons++;
        if (sameBytes(candidates[i].bytes, buf, start, end)) return candidates[i].value;
      }
    }
    const value = this.make(buf.toString('utf8', start, end));
    const cost = entryCost(end - start);
    if (cost > this.maxBytes / 8) return value;
    let bucket = candidates;
    if (this.bytes + cost > this.maxBytes) {
      this.byHash.clear();
      this.bytes = 0;
      bucket = undefined;
    }
    const entry = { bytes: Buffer.from(buf.subarray(start, end)), value };
    if (bucket === undefined) this.byHash.set(h, [entry]);
    else {
      if (bucket.length >= MAX_CANDIDATES) this.bytes -= entryCost(bucket.shift()!.bytes.length);
      bucket.push(entry);
    }
    this.bytes += cost;
    return value;
  }
}

/** The bytes kept for a string of `length` UTF-8 bytes: the copy, its text (at most two bytes a byte), the entry. */
function entryCost(length: number): number {
  return 3 * length + ENTRY_OVERHEAD_BYTES;
}

/** FNV-1a from a per-process seed, finished with MurmurHash3's mix so that every input bit reaches every output bit. */
function hashBytes(buf: Buffer, start: number, end: number): number {
  let h = SEED ^ (end - start);
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function sameBytes(known: Buffer, buf: Buffer, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== buf[start + i]) return false;
  return true;
}
