import { describe, expect, it } from 'vitest';
import type { Span } from '../../src-main/model/span';
import { evaluateTrace } from '../../src-main/traceql/evaluate';
import { MetricsAccumulator, quantile, type Series } from '../../src-main/traceql/metrics';
import { parseTraceQL } from '../../src-main/traceql/parse';
import { queryTrace } from '../../src-main/traceql/query-trace';
import { resource, span } from '../helpers/spans';

const T0_MS = 1_700_000_000_000;
const id = (n: number) => n.toString(16).padStart(16, '0');

/** One trace a second for a minute: a server span of service a or b lasting (i % 10 + 1) ms. */
function traces(): Span[][] {
  return Array.from({ length: 60 }, (_, i) => {
    const start = BigInt(T0_MS + i * 1000) * 1_000_000n;
    return [
      span({ traceId: id(i).padStart(32, '0'), spanId: id(i + 1), name: 'GET /', kind: 'SERVER', resource: resource(i % 2 ? 'b' : 'a'), startTimeUnixNano: start, endTimeUnixNano: start + BigInt((i % 10) + 1) * 1_000_000n, status: { code: i % 15 === 0 ? 'ERROR' : 'UNSET', message: '' } }),
    ];
  });
}

function run(q: string, stepMs = 10_000): Series[] {
  const query = parseTraceQL(q);
  const acc = new MetricsAccumulator(query, { startMs: T0_MS, endMs: T0_MS + 60_000, stepMs });
  for (const spans of traces()) {
    const trace = queryTrace(spans);
    acc.add(trace, evaluateTrace(query.pipeline, trace));
  }
  return acc.result();
}

const label = (s: Series, key: string) => s.labels.find((l) => l.key === key)?.value;

describe('TraceQL metrics', () => {
  it('counts and rates per step and per by() value, with a sample at every step', () => {
    const counts = run('{ kind = server } | count_over_time() by (resource.service.name)');
    expect(counts.map((s) => label(s, 'resource.service.name'))).toEqual(['a', 'b']);
    for (const s of counts) expect(s.samples.map((p) => p.value)).toEqual([5, 5, 5, 5, 5, 5]);
    expect(counts[0].samples.map((p) => p.timestampMs)).toEqual([0, 1, 2, 3, 4, 5].map((i) => T0_MS + i * 10_000));
    const rate = run('{ status = error } | rate()');
    expect(rate[0].samples.map((p) => p.value)).toEqual([0.1, 0.1, 0, 0.1, 0.1, 0]); // traces 0, 15, 30, 45 fall in steps 0, 1, 3, 4
    expect(rate[0].samples.reduce((a, p) => a + p.value * 10, 0)).toBe(4);
  });

  it('measures durations in seconds: min, max, avg, sum and quantiles, with the largest span as exemplar', () => {
    const [max] = run('{ } | max_over_time(duration)', 60_000);
    expect(max.samples).toEqual([{ timestampMs: T0_MS, value: 0.01 }]);
    expect(max.exemplars[0]).toMatchObject({ value: 0.01, spanId: id(10) });
    expect(run('{ } | min_over_time(duration)', 60_000)[0].samples[0].value).toBe(0.001);
    expect(run('{ } | avg_over_time(duration)', 60_000)[0].samples[0].value).toBeCloseTo(0.0055, 10);
    expect(run('{ } | sum_over_time(duration)', 60_000)[0].samples[0].value).toBeCloseTo(0.33, 10);
    const quantiles = run('{ } | quantile_over_time(duration, .5, .9)', 60_000);
    // Quantiles of durations come from latency buckets at most 12.5% wide, as Tempo's come from power-of-two ones:
    // exact 5.5 ms and 9.1 ms.
    const [p50, p90] = quantiles.map((s) => [label(s, 'p'), s.samples[0].value]);
    expect(p50[0]).toBe(0.5);
    expect(Math.abs((p50[1] as number) / 0.0055 - 1)).toBeLessThan(0.01);
    expect(p90[0]).toBe(0.9);
    expect(Math.abs((p90[1] as number) / 0.0091 - 1)).toBeLessThan(0.0625);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it('puts durations in power-of-two histogram buckets, and topk keeps the largest series at each step', () => {
    const histogram = run('{ } | histogram_over_time(duration)', 60_000);
    const total = histogram.reduce((sum, s) => sum + s.samples[0].value, 0);
    expect(total).toBe(60);
    for (const s of histogram) expect(Number.isInteger(Math.log2(label(s, '__bucket') as number))).toBe(true);
    const top = run('{ } | count_over_time() by (span:duration) | topk(3)', 60_000);
    expect(top).toHaveLength(3);
    expect(top.every((s) => s.samples[0].value === 6)).toBe(true);
  });
});
