/**
 * Latencies kept as counts in log-linear buckets (8 per power of two, so a bucket is at most 12.5% wide): the
 * service map's calls and the durations TraceQL metrics take quantiles of. Merged by adding, subtracted when
 * spans go, and read back as percentiles.
 */
const SUB_BITS = 3;
const SUB = 1 << SUB_BITS;

/** The bucket of a latency in nanoseconds. */
export function latencyBucket(ns: number): number {
  if (ns < SUB) return Math.max(0, Math.floor(ns));
  let exponent: number;
  if (ns < 2 ** 32) exponent = 31 - Math.clz32(ns); // every call and span under 4.3 s: no logarithm
  else {
    exponent = Math.floor(Math.log2(ns));
    if (2 ** exponent > ns) exponent--; // log2 rounds up just below a power of two
    else if (2 ** (exponent + 1) <= ns) exponent++;
  }
  const mantissa = Math.floor(ns / 2 ** (exponent - SUB_BITS)) - SUB;
  return (exponent - SUB_BITS + 1) * SUB + Math.min(SUB - 1, mantissa);
}

/** The latencies a bucket holds, in nanoseconds: [low, high). */
export function bucketBounds(bucket: number): [low: number, high: number] {
  if (bucket < SUB) return [bucket, bucket + 1];
  const exponent = Math.floor(bucket / SUB) - 1 + SUB_BITS;
  const mantissa = bucket % SUB;
  const width = 2 ** (exponent - SUB_BITS);
  return [(SUB + mantissa) * width, (SUB + mantissa + 1) * width];
}

/** The middle of a bucket, in nanoseconds. */
export function bucketMiddle(bucket: number): number {
  const [low, high] = bucketBounds(bucket);
  return bucket < SUB ? low : (low + high) / 2;
}

/** Adds one latency (or takes it away, with sign -1). */
export function count(histogram: Histogram, ns: number, sign = 1): void {
  const bucket = latencyBucket(ns);
  const next = (histogram.get(bucket) ?? 0) + sign;
  if (next === 0) histogram.delete(bucket);
  else histogram.set(bucket, next);
}

/**
 * The q-quantile (0–1) as the exact one is taken, between the latencies ranked just below and above q × (n − 1);
 * a bucket's latencies are taken as spread evenly over it, and answers stay inside the smallest and largest seen.
 */
export function interpolatedQuantile(histogram: Histogram, q: number, min: number, max: number): number {
  const buckets = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return NaN;
  const atRank = (rank: number): number => {
    let before = 0;
    for (const [bucket, n] of buckets) {
      if (rank < before + n) {
        const [low, high] = bucketBounds(bucket);
        return Math.min(max, Math.max(min, low + ((high - low) * (rank - before + 0.5)) / n));
      }
      before += n;
    }
    return max;
  };
  const rank = q * (total - 1);
  const below = atRank(Math.floor(rank));
  return below + (atRank(Math.ceil(rank)) - below) * (rank - Math.floor(rank));
}

/** Latency bucket → count. */
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

/**
 * The share (0–1) of the calls faster than a latency, as a function made once per histogram (a trace's thousands of
 * spans ask the same one): whole buckets below it, and of its own bucket the part below it, the bucket's latencies
 * taken as spread evenly. 0 for no calls.
 */
export function shareBelow(histogram: Histogram): (ns: number) => number {
  const buckets = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const lows = buckets.map(([bucket]) => bucketBounds(bucket)[0]);
  const highs = buckets.map(([bucket]) => bucketBounds(bucket)[1]);
  const before: number[] = [];
  let total = 0;
  for (const [, n] of buckets) {
    before.push(total);
    total += n;
  }
  return (ns) => {
    if (total === 0) return 0;
    // The last bucket starting at or below ns.
    let low = 0;
    let high = buckets.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (lows[mid] <= ns) low = mid + 1;
      else high = mid;
    }
    const k = low - 1;
    if (k < 0) return 0;
    const n = buckets[k][1];
    const within = ns >= highs[k] ? n : (n * (ns - lows[k])) / (highs[k] - lows[k]);
    return (before[k] + within) / total;
  };
}
