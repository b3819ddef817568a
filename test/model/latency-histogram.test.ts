import { describe, expect, it } from 'vitest';
import { bucketMiddle, count, interpolatedQuantile, latencyBucket, percentile, shareBelow, type Histogram } from '../../src-main/model/latency-histogram';
import { quantile } from '../../src-main/traceql/metrics';

describe('latency histogram', () => {
  it('keeps every latency within an eighth of its bucket middle, and finds percentiles', () => {
    for (const ns of [0, 5, 8, 9, 1000, 1023, 1024, 123_456_789, 2 ** 32 - 1, 2 ** 32, 4.5e9, 2 ** 53 - 1]) {
      const middle = bucketMiddle(latencyBucket(ns));
      expect(Math.abs(middle - ns)).toBeLessThanOrEqual(Math.max(1, ns / 8));
    }
    const histogram = new Map<number, number>();
    for (let ms = 1; ms <= 100; ms++) {
      const b = latencyBucket(ms * 1e6);
      histogram.set(b, (histogram.get(b) ?? 0) + 1);
    }
    expect(percentile(histogram, 0.5) / 50e6).toBeCloseTo(1, 0);
    expect(Math.abs(percentile(histogram, 0.95) - 95e6) / 95e6).toBeLessThan(0.07);
  });

  it('interpolates quantiles between ranks, within an eighth of the exact ones, and exact when all latencies are one', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.round(1e6 * (1 + ((i * 7919) % 997) ** 1.3)));
    const histogram: Histogram = new Map();
    for (const v of values) count(histogram, v);
    const min = Math.min(...values);
    const max = Math.max(...values);
    for (const q of [0, 0.1, 0.5, 0.9, 0.95, 0.99, 1]) {
      expect(Math.abs(interpolatedQuantile(histogram, q, min, max) / quantile(values, q) - 1)).toBeLessThan(0.125);
    }
    const same: Histogram = new Map();
    for (let i = 0; i < 5; i++) count(same, 10e6);
    expect(interpolatedQuantile(same, 0.5, 10e6, 10e6)).toBe(10e6);
    expect(interpolatedQuantile(new Map(), 0.5, 0, 0)).toBeNaN();
    count(same, 10e6, -1);
    expect([...same.values()]).toEqual([4]);
  });
});

describe('share below a latency', () => {
  it('counts whole buckets below, and of its own bucket the part below, within an eighth of the exact share', () => {
    const latencies = Array.from({ length: 2_000 }, (_, i) => 1_000_000 + i * 7_919);
    const histogram: Histogram = new Map();
    for (const ns of latencies) count(histogram, ns);
    for (const ns of [900_000, 3_000_000, 8_000_000, 16_000_000, 20_000_000]) {
      const exact = latencies.filter((l) => l < ns).length / latencies.length;
      expect(Math.abs(shareBelow(histogram)(ns) - exact)).toBeLessThan(0.125 * Math.max(exact, 0.01));
    }
    expect(shareBelow(histogram)(0)).toBe(0);
    expect(shareBelow(histogram)(1e12)).toBe(1);
    expect(shareBelow(new Map())(5)).toBe(0);
  });
});
