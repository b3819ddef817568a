/** A latency histogram (model/latency-histogram.ts) as a database BLOB. */
import type { Histogram } from '../model/latency-histogram';

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
