import { describe, expect, it } from 'vitest';
import { toBaseline, type BaselineMark } from '../../src-renderer/lib/api-shapes';
import { baselineErrorText, baselineName, isUnusual, markExplanation, markSentence, noMarkText, percentileText, ratioText, unusualStep, unusualToken } from '../../src-renderer/lib/trace/baseline-marks';

const operation = { service: 'checkout', name: 'SELECT orders', kind: 'CLIENT', calls: 1204, p50Ns: 20e6, p95Ns: 33e6, p99Ns: 40e6 };
const mark = (percentile: number, medianRatio: number): BaselineMark => ({ percentile, medianRatio, operation });
const previousRun = { against: 'previous-run' as const, run: { origin: 'service.version', label: '1.0' } };

describe('a span beside its operation\'s calls, in words', () => {
  it('says its percentile and its ratio to the median', () => {
    expect(markSentence(mark(97.4, 3.14))).toBe('p97 of 1,204 calls · 3.1× the median');
    expect(markSentence(mark(99.96, 12.6))).toBe('p99 of 1,204 calls · 13× the median');
    expect(markSentence(mark(12, 0.623))).toBe('p12 of 1,204 calls · 0.62× the median');
    expect(markSentence(mark(50, 0))).toBe('p50 of 1,204 calls');
  });

  it('says "slower than all" or "faster than all" at the ends, never p100', () => {
    expect(percentileText(mark(100, 5))).toBe('slower than all 1,204 calls');
    expect(percentileText(mark(0, 0.2))).toBe('faster than all 1,204 calls');
    expect(percentileText({ ...mark(40, 1), operation: { ...operation, calls: 1 } })).toBe('p40 of 1 call');
  });

  it('writes ratios with two figures, whole numbers from 10 on', () => {
    expect([ratioText(1), ratioText(9.96), ratioText(1234.4), ratioText(0), ratioText(Number.NaN)]).toEqual(['1× the median', '10× the median', '1,234× the median', '', '']);
  });

  it('names the baseline, and explains the figures', () => {
    expect(baselineName(previousRun)).toBe('the run before: service.version=1.0');
    expect(baselineName({ against: 'last-hour' })).toBe('the hour before the trace');
    expect(markExplanation(mark(97.4, 3.14), previousRun)).toBe(
      '97.4% of the 1,204 calls of checkout SELECT orders in the run before: service.version=1.0 were faster than this span, and it took 3.14 times their median.',
    );
    expect(noMarkText({ against: 'last-hour', minCalls: 20 })).toBe('no baseline (fewer than 20 calls in the hour before the trace)');
    expect(baselineErrorText('trace 0a is in the first run of its kind (service.version=1.0): there is no run before it; compare with against=last-hour')).toBe(
      'This trace is in the first run of its kind (service.version=1.0): there is no run before it; compare with the hour before',
    );
  });
});

describe('the colour step of a percentile', () => {
  it('is calm under p75 and strong from p95 on', () => {
    expect([0, 50, 74.9, 75, 94.9, 95, 98.9, 99, 100].map(unusualStep)).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3]);
    expect([isUnusual(mark(94.9, 1)), isUnusual(mark(95, 1))]).toEqual([false, true]);
  });

  it('names the token a bar is drawn in: errors stay --error, spans without a mark --unusual-none', () => {
    expect([unusualToken(mark(96, 2), false), unusualToken(mark(96, 2), true), unusualToken(undefined, false), unusualToken(undefined, true)]).toEqual(['--unusual-2', '--error', '--unusual-none', '--error']);
  });
});

describe('the baseline document in the renderer\'s shape', () => {
  it('maps each span id to its mark and its operation, nanoseconds as numbers', () => {
    const baseline = toBaseline({
      traceId: 't',
      against: 'previous-run',
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000060000000000',
      run: { id: 1, label: '1.0', origin: 'service.version', startTimeUnixNano: '0', endTimeUnixNano: '0', traceCount: 1, services: [], spanCount: 1, errorCount: 0, errorRate: 0, createdMs: 0, current: false },
      minCalls: 20,
      operations: [{ service: 'checkout', name: 'SELECT orders', kind: 'CLIENT', calls: 1204, p50Nano: '20000000', p95Nano: '33000000', p99Nano: '40000000' }],
      spans: [{ spanId: 'aa', operation: 0, percentile: 97.4, medianRatio: 3.14 }],
    });
    expect(baseline).toMatchObject({ against: 'previous-run', run: { origin: 'service.version', label: '1.0' }, startMs: 1_700_000_000_000, endMs: 1_700_000_060_000, minCalls: 20 });
    expect(baseline.marks.get('aa')).toEqual(mark(97.4, 3.14));
    expect(baseline.marks.has('bb')).toBe(false);
  });
});
