/**
 * The attribute index: every trace keeps the 16-bit fingerprints of its attribute hashes, and every
 * bucket of TRACES_PER_BUCKET consecutive traces keeps a Bloom filter of the full hashes. A search reads the
 * filters (a few KB per thousand spans), then the fingerprints of the traces in the buckets that may hold
 * the value, then verifies spans; nothing is written per attribute, so ingest pays only for hashing.
 */

export const TRACES_PER_BUCKET = 256;
export const BLOOM_BYTES = 16 * 1024;
const BLOOM_BITS = BLOOM_BYTES * 8;
const PROBES = 4;

export function bucketOf(traceNo: number): number {
  return Math.floor(traceNo / TRACES_PER_BUCKET);
}

function probe(hash: number, i: number): number {
  const h2 = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) | 1;
  return ((hash + Math.imul(i, h2)) >>> 0) % BLOOM_BITS;
}

/** Sets the hash's bits; true when one of them was not set yet. */
export function bloomAdd(bloom: Uint8Array, hash: number): boolean {
  let changed = false;
  for (let i = 0; i < PROBES; i++) {
    const bit = probe(hash, i);
    const mask = 1 << (bit & 7);
    if ((bloom[bit >>> 3] & mask) === 0) {
      bloom[bit >>> 3] |= mask;
      changed = true;
    }
  }
  return changed;
}

export function bloomMayHave(bloom: Uint8Array, hash: number): boolean {
  for (let i = 0; i < PROBES; i++) {
    const bit = probe(hash, i);
    if ((bloom[bit >>> 3] & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}

export function fingerprint(hash: number): number {
  return hash >>> 16;
}

/** A trace's fingerprints as stored: little-endian uint16s, unsorted (a search scans a few buckets' worth). */
export function packFingerprints(fingerprints: Set<number>): Buffer {
  const packed = new Uint16Array(fingerprints.size);
  let i = 0;
  for (const f of fingerprints) packed[i++] = f;
  return Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
}

export function unpackFingerprints(blob: Buffer): Set<number> {
  const set = new Set<number>();
  for (let i = 0; i + 2 <= blob.length; i += 2) set.add(blob.readUInt16LE(i));
  return set;
}

/** Whether a stored fingerprint list may hold the hash (a false positive one time in 65,536 per entry). */
export function fingerprintsMayHave(blob: Buffer, hash: number): boolean {
  const wanted = fingerprint(hash);
  const low = wanted & 0xff;
  const high = wanted >>> 8;
  for (let i = 0; i + 1 < blob.length; i += 2) if (blob[i] === low && blob[i + 1] === high) return true;
  return false;
}
