/**
 * Call latencies kept as counts in log-linear buckets (8 per power of two, so a bucket is at most 12.5% wide):
 * merged by adding, subtracted when a trace's calls change, and read back as percentiles.
 */
const SUB_BITS = 3;
const SUB = 1 << SUB_BITS;

/** The bucket of a latency in nanoseconds. */
export function latencyBucket(ns: number): number {
  if (ns < SUB) return Math.max(0, Math.floor(ns));
  let exponent = Math.floor(Math.log2(ns));
  if (2 ** exponent > ns) exponent--; // log2 rounds up just below a power of two
  else if (2 ** (exponent + 1) <= ns) exponent++;
  const mantissa = Math.floor(ns / 2 ** (exponent - SUB_BITS)) - SUB;
  return (exponent - SUB_BITS + 1) * SUB + Math.min(SUB - 1, mantissa);
}

/** The middle of a bucket, in nanoseconds. */
export function bucketMiddle(bucket: number): number {
  if (bucket < SUB) return bucket;
  const exponent = Math.floor(bucket / SUB) - 1 + SUB_BITS;
  const mantissa = bucket % SUB;
  const low = (SUB + mantissa) * 2 ** (exponent - SUB_BITS);
  return low + 2 ** (exponent - SUB_BITS) / 2;
}

export type Histogram = Map<number, number>;

export function addTo(into: Histogram, from: Histogram, sign = 1): void {
  for (const [bucket, count] of from) {
    const next = (into.get(bucket) ?? 0) + sign * count;
    if (next === 0) into.delete(bucket);
    else into.set(bucket, next);
  }
}

/** The latency below which a share `q` (0–1) of the calls fall; 0 for no calls. */
export function percentile(histogram: Histogram, q: number): number {
  const buckets = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return 0;
  let seen = 0;
  for (const [bucket, n] of buckets) {
    seen += n;
    if (seen >= q * total) return Math.round(bucketMiddle(bucket));
  }
  return Math.round(bucketMiddle(buckets[buckets.length - 1][0]));
}

/** Stored as pairs of u16 bucket and i32 count. */
export function packHistogram(histogram: Histogram): Buffer {
  const out = Buffer.alloc(histogram.size * 6);
  let o = 0;
  for (const [bucket, count] of histogram) {
    out.writeUInt16LE(bucket, o);
    out.writeInt32LE(count, o + 2);
    o += 6;
  }
  return out;
}

export function unpackHistogram(bytes: Uint8Array): Histogram {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const histogram: Histogram = new Map();
  for (let o = 0; o + 6 <= buf.length; o += 6) histogram.set(buf.readUInt16LE(o), buf.readInt32LE(o + 2));
  return histogram;
}
