/** The Runs pages' pure parts: the default pair, the figures in words, the search that finds a run's traces. */
import { describe, expect, it } from 'vitest';
import type { ApiRun, ApiRunComparison, ApiRunOperation } from '../../../src-main/model/api';
import { toRun, toRunComparison, type Run } from '../../../src-renderer/lib/api-shapes';
import { confidenceText, ratioText, shareText, verdictCounts } from '../../../src-renderer/lib/runs/run-figures';
import { runName, timeSpanText } from '../../../src-renderer/lib/runs/run-names';
import { defaultPair, keptPair } from '../../../src-renderer/lib/runs/run-pair';
import { runSearchHref, runTraceParams } from '../../../src-renderer/lib/runs/run-traces';

function apiRun(id: number, origin: ApiRun['origin'], label: string, spanCount = 30): ApiRun {
  const start = 1_700_000_000_000_000_000n + BigInt(id) * 3_600_000_000_000n;
  return {
    id, label, origin, startTimeUnixNano: spanCount ? String(start) : '0', endTimeUnixNano: spanCount ? String(start + 4_087_000_001n) : '0',
    traceCount: spanCount / 3, services: ['checkout'], spanCount, errorCount: 0, errorRate: 0, createdMs: 0, current: false,
  };
}
const run = (...args: Parameters<typeof apiRun>): Run => toRun(apiRun(...args));

describe('toRun', () => {
  it('turns the nanosecond strings into milliseconds, the end rounded up so a window holds every span', () => {
    expect(run(1, 'service.version', '1.0')).toMatchObject({ startMs: 1_700_003_600_000, endMs: 1_700_003_604_088, durationNs: 4_087_000_001 });
    expect(run(2, 'manual', 'empty', 0)).toMatchObject({ startMs: null, endMs: null, durationNs: 0 });
  });
});

describe('defaultPair', () => {
  it('picks the two newest runs of one origin, passing over runs without spans', () => {
    const runs = [run(5, 'manual', 'next', 0), run(4, 'service.version', '1.2'), run(3, 'manual', 'candidate'), run(2, 'service.version', '1.1'), run(1, 'manual', 'baseline')];
    expect(defaultPair(runs)).toEqual({ a: 2, b: 4 });
  });
  it('falls back to the two newest runs with spans, and to none under two', () => {
    expect(defaultPair([run(2, 'service.version', '1.1'), run(1, 'deployment.environment.name', 'staging')])).toEqual({ a: 1, b: 2 });
    expect(defaultPair([run(1, 'service.version', '1.1')])).toBeUndefined();
  });
  it('keeps a pick across reloads while its runs are there', () => {
    const runs = [run(3, 'service.version', '1.2'), run(2, 'service.version', '1.1'), run(1, 'service.version', '1.0')];
    expect(keptPair(runs, { a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    expect(keptPair(runs, { a: 1, b: 9 })).toEqual({ a: 1, b: undefined });
    expect(keptPair(runs, {})).toEqual({ a: 2, b: 3 });
  });
});

describe('figures in words', () => {
  it('says a ratio as a signed change', () => {
    expect([1.27, 1.0134, 0.987, 1, 0.5, 12.34, null].map(ratioText)).toEqual(['+27%', '+1.3%', '−1.3%', '±0%', '−50%', '×12.3', '–']);
  });
  it('says shares and confidence', () => {
    expect([0, 0.0005, 1 / 30, 0.1, 1].map(shareText)).toEqual(['0%', '<0.1%', '3.3%', '10%', '100%']);
    expect([null, 0.9999, 0.9934].map(confidenceText)).toEqual(['–', '> 99.9%', '99.3%']);
  });
  it('names runs as the API takes them and says their time span', () => {
    expect(runName({ origin: 'service.version', label: '1.4.2' })).toBe('service.version=1.4.2');
    expect(timeSpanText({ startMs: Date.UTC(2023, 10, 14, 22, 13, 20), endMs: Date.UTC(2023, 10, 14, 22, 13, 25) })).toMatch(/^14 Nov 2023, \d\d:13:20 – \d\d:13:25$/);
    expect(timeSpanText({ startMs: null, endMs: null })).toBe('no spans yet');
  });
});

describe("a run's traces at one operation", () => {
  const op = { service: 'checkout', name: 'SELECT orders', kind: 'CLIENT' as const };
  it('searches a version by its resource attribute within its time span', () => {
    const params = runTraceParams(run(1, 'service.version', '1.0'), op);
    expect(params.toString()).toBe('service=checkout&operation=SELECT+orders&spanKind=CLIENT&attr=service.version%3D1.0&start=1700003600000&end=1700003604088&limit=20');
  });
  it('searches a run started by hand by its time span only; the search page takes its default limit', () => {
    expect(runSearchHref(run(1, 'manual', 'candidate'), op)).toBe('/search?service=checkout&operation=SELECT+orders&spanKind=CLIENT&start=1700003600000&end=1700003604088');
  });
});

describe('toRunComparison', () => {
  it('converts every figure once and keeps the regressions as the same rows as the operations', () => {
    const stats = (p50: string) => ({ count: 400, errorCount: 0, errorRate: 0, meanNano: p50, p50Nano: p50, p95Nano: p50, p99Nano: p50 });
    const change = { deltaNano: '5000000', ratio: 1.25, low: 1.2, high: 1.3, pValue: 0.0001, adjustedP: 0.0003, verdict: 'slower' as const };
    const row: ApiRunOperation = {
      service: 'checkout', name: 'SELECT orders', kind: 'CLIENT', root: false, a: stats('20000000'), b: stats('25000000'), verdict: 'regression', presence: 'both',
      p50Ratio: 1.25, p95Ratio: 1.25, p99Ratio: 1.25, confidence: 0.9997, impactNano: '2000000000', quantiles: { p50: change, p95: change, p99: change }, errors: null, rankTest: null,
    };
    const doc: ApiRunComparison = {
      a: 1, b: 2, runA: apiRun(1, 'service.version', '1.0'), runB: apiRun(2, 'service.version', '1.1'), operations: [structuredClone(row)], regressions: [structuredClone(row)],
      settings: { minCalls: 30, alpha: 0.01, minRatioChange: 0.05, minChangeNano: '10000', minErrorRateChange: 0.01 },
    };
    const comparison = toRunComparison(doc);
    expect(comparison.regressions[0]).toBe(comparison.operations[0]);
    expect(comparison.operations[0]).toMatchObject({ impactNs: 2e9, a: { p50Ns: 20e6 }, b: { p99Ns: 25e6 }, quantiles: { p95: { deltaNs: 5e6, ratio: 1.25 } } });
    expect(comparison.settings.minChangeNs).toBe(10_000);
    expect(verdictCounts(comparison.operations)).toEqual({ regression: 1, improvement: 0, unchanged: 0, 'not enough data': 0 });
  });
});
