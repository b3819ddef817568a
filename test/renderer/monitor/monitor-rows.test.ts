import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricsAnswer } from '../../../src-main/model/api';
import { toMetricSeries } from '../../../src-renderer/lib/api-shapes';
import { monitorQueries, type MonitorWindow } from '../../../src-renderer/lib/monitor/monitor-range';
import { monitorRows, sortValue, type MonitorAnswers } from '../../../src-renderer/lib/monitor/monitor-rows';
import { sortRows } from '../../../src-renderer/lib/trace/table-sort';

/** The core's answers to the Monitor's queries on the shop traffic (test/fixtures/README.md). */
const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/monitor/shop-metrics.json'), 'utf8')) as {
  window: MonitorWindow;
  services: Record<'rate' | 'errors' | 'quantiles' | 'wholeQuantiles', MetricsAnswer>;
  checkout: Record<'rate' | 'errors' | 'quantiles' | 'wholeQuantiles', MetricsAnswer>;
};
const { window } = fixture;
const answers = (part: 'services' | 'checkout'): Required<MonitorAnswers> => ({
  rate: toMetricSeries(fixture[part].rate),
  errors: toMetricSeries(fixture[part].errors),
  quantiles: toMetricSeries(fixture[part].quantiles),
  wholeQuantiles: toMetricSeries(fixture[part].wholeQuantiles),
});

describe('monitorRows', () => {
  const services = monitorRows(answers('services'), window, monitorQueries('').rowLabels);
  const row = (name: string) => services.find((r) => r.name === name)!;

  it('makes one row per service that answered requests, in the core order', () => {
    expect(services.map((r) => r.name)).toEqual(['cart', 'checkout', 'frontend', 'fulfillment', 'payments', 'recommendations']);
    expect(services.every((r) => r.kind === undefined)).toBe(true);
  });

  it('counts the requests of the window from the rates and gives the rate of the whole window', () => {
    expect(services.map((r) => r.requests)).toEqual([19, 13, 19, 11, 14, 13]);
    expect(row('payments').rate.value).toBeCloseTo(14 / 900, 10);
    expect(row('payments').rate.points).toHaveLength(60);
    // One charge in 15 s; in step 40, the showcase checkout's timed-out charge and its retry.
    expect(row('payments').rate.points[24]).toBeCloseTo(1 / 15, 10);
    expect(row('payments').rate.points[40]).toBeCloseTo(2 / 15, 10);
    expect(row('payments').rate.points[0]).toBe(0);
  });

  it('gives the error share of the requests, for the window and per step (none where a step had no requests)', () => {
    expect(row('checkout').errorRate.value).toBeCloseTo((2 / 13) * 100, 10);
    expect(row('payments').errorRate.value).toBeCloseTo((1 / 14) * 100, 10);
    expect(row('frontend').errorRate.value).toBe(0);
    expect(row('payments').errorRate.points[40]).toBeCloseTo(50, 10);
    expect(row('payments').errorRate.points[24]).toBe(0);
    expect(row('payments').errorRate.points[0]).toBeNull();
  });

  it('takes the quantiles of the whole window from their own query, and the steps from the stepped one', () => {
    expect(row('checkout').p50.value).toBeCloseTo(0.064, 10);
    expect(row('checkout').p95.value).toBeCloseTo(0.1898, 10);
    expect(row('checkout').p99.value).toBeCloseTo(0.28916, 10);
    expect(row('payments').p99.points[40]).toBeCloseTo(0.2458, 10);
    expect(row('payments').p99.points[41]).toBeNull();
    expect(row('payments').p50.points.filter((p) => p !== null)).toHaveLength(13);
  });

  it('shows what has arrived: figures whose query has not answered are empty', () => {
    const early = monitorRows({ rate: answers('services').rate }, window, monitorQueries('').rowLabels);
    expect(early.map((r) => r.requests)).toEqual([19, 13, 19, 11, 14, 13]);
    expect(early[0].errorRate).toEqual({ value: null, points: new Array(60).fill(null) });
    expect(early[0].p95.value).toBeNull();
  });

  it('falls back to the last step with spans when the whole-window quantiles are missing', () => {
    const rows = monitorRows({ ...answers('services'), wholeQuantiles: [] }, window, monitorQueries('').rowLabels);
    expect(rows.find((r) => r.name === 'frontend')!.p50.value).toBe(0.127);
  });

  it("makes one row per operation and kind of a service's requests", () => {
    const operations = monitorRows(answers('checkout'), window, monitorQueries('checkout').rowLabels);
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ name: 'POST /api/checkout', kind: 'SERVER', requests: 13 });
    expect(operations[0].errorRate.value).toBeCloseTo((2 / 13) * 100, 10);
    expect(operations[0].p95.value).toBeCloseTo(0.1898, 10);
  });

  it('sorts by error rate with the services without errors last, by name as text', () => {
    const byErrors = sortRows(services, (r) => sortValue(r, 'errorRate'), 'descending').map((r) => r.name);
    expect(byErrors.slice(0, 2)).toEqual(['checkout', 'payments']);
    expect(sortRows(services, (r) => sortValue(r, 'p99'), 'descending')[0].name).toBe('frontend');
    expect(sortRows(services, (r) => sortValue(r, 'name'), 'descending')[0].name).toBe('recommendations');
  });
});
