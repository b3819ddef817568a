/**
 * The attribute index: every trace keeps the sorted hashes of its attribute values, and every bucket of
 * TRACES_PER_BUCKET consecutive traces keeps a Bloom filter of all of them. A search reads the filters
 * (a few KB per thousand spans), then the hash lists of the buckets that may hold the value, then verifies
 * spans; nothing is written per attribute, so ingest pays only for hashing.
 */

export const TRACES_PER_BUCKET = 256;
export const BLOOM_BYTES = 16 * 1024;
const BLOOM_BITS = BLOOM_BYTES * 8;
const PROBES = 4;
/** Past this many distinct values a trace keeps no list and is always a candidate (verified by its spans). */
export const MAX_TRACE_HASHES = 65_536;

export function bucketOf(traceNo: number): number {
  return Math.floor(traceNo / TRACES_PER_BUCKET);
}

function probe(hash: number, i: number): number {
  const h2 = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) | 1;
  return ((hash + Math.imul(i, h2)) >>> 0) % BLOOM_BITS;
}

export function bloomAdd(bloom: Uint8Array, hash: number): void {
  for (let i = 0; i < PROBES; i++) {
    const bit = probe(hash, i);
    bloom[bit >>> 3] |= 1 << (bit & 7);
  }
}

export function bloomMayHave(bloom: Uint8Array, hash: number): boolean {
  for (let i = 0; i < PROBES; i++) {
    const bit = probe(hash, i);
    if ((bloom[bit >>> 3] & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}

/** A trace's hashes as stored: sorted little-endian int32s. */
export function packHashes(hashes: Iterable<number>): Buffer {
  const sorted = Int32Array.from(hashes).sort();
  return Buffer.from(sorted.buffer, sorted.byteOffset, sorted.byteLength);
}

export function unpackHashes(blob: Buffer): Set<number> {
  const set = new Set<number>();
  for (let i = 0; i + 4 <= blob.length; i += 4) set.add(blob.readInt32LE(i));
  return set;
}

export function packedHas(blob: Buffer, hash: number): boolean {
  let lo = 0;
  let hi = (blob.length >>> 2) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = blob.readInt32LE(mid << 2);
    if (value === hash) return true;
    if (value < hash) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
