import { describe, expect, it } from 'vitest';
import { exemplarsAt, keyValueText, metricsFunctionOf, metricsUnit, nearestStep, niceStep, seriesName } from '../../../src-renderer/lib/traceql/metrics-series';

describe('the chart\'s words for a metrics answer', () => {
  it('names a series by its label values, or by the query\'s function', () => {
    expect(seriesName([{ key: 'resource.service.name', value: { stringValue: 'cart' } }, { key: 'p', value: { doubleValue: 0.95 } }], 'rate()')).toBe('cart, p=0.95');
    expect(seriesName([{ key: 'span.http.response.status_code', value: { intValue: '200' } }, { key: '__bucket', value: { doubleValue: 0.5 } }], 'x')).toBe('200, le=0.5');
    expect(seriesName([], 'rate()')).toBe('rate()');
    expect(keyValueText({ key: 'b', value: { boolValue: false } })).toBe('false');
  });

  it('tells the unit: spans a second, spans, seconds for durations', () => {
    expect(metricsUnit('{ } | rate() by (name)')).toBe('spans/s');
    expect(metricsUnit('{ } | count_over_time()')).toBe('spans');
    expect(metricsUnit('{ } | quantile_over_time(duration, .95)')).toBe('s');
    expect(metricsUnit('{ } | avg_over_time(span:duration)')).toBe('s');
    expect(metricsUnit('{ } | max_over_time(span.http.response.body.size)')).toBe('');
    expect(metricsFunctionOf('{ name = "x" } | sum_over_time(duration)')).toBe('sum_over_time');
  });

  it('lists the exemplars of a step from every series, largest first; a click picks the nearest step', () => {
    const series = [
      { name: 'a', points: [[1000, 1], [2000, 2]] as [number, number][], exemplars: [{ traceId: 't1', spanId: 's1', timestampMs: 1500, value: 3 }, { traceId: 't2', spanId: 's2', timestampMs: 2100, value: 9 }] },
      { name: 'b', points: [[3000, 1]] as [number, number][], exemplars: [{ traceId: 't3', spanId: 's3', timestampMs: 1999, value: 5 }] },
    ];
    expect(exemplarsAt(series, 1000, 1000).map((e) => [e.spanId, e.series])).toEqual([['s3', 'b'], ['s1', 'a']]);
    expect(exemplarsAt(series, 3000, 1000)).toEqual([]);
    expect(nearestStep(series, 2600)).toBe(3000);
    expect(nearestStep(series, 1400)).toBe(1000);
    expect(nearestStep([], 1)).toBeUndefined();
  });

  it('chooses round steps, about a hundred over the range', () => {
    expect(niceStep(3_600_000)).toBe(60_000);
    expect(niceStep(900_001)).toBe(10_000);
    expect(niceStep(60_000)).toBe(1000);
    expect(niceStep(7 * 86_400_000)).toBe(7_200_000);
  });
});
