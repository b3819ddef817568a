import { describe, expect, it } from 'vitest';
import { boxFromBrush, durationUnit, inBox, scatterSummary, timeExtent } from '../../../src-renderer/lib/search/scatter-scale';
import { trace } from './traces';

const T = 1_764_700_000_000;

describe('the scatter fitted to the results', () => {
  it('labels durations in the unit the longest one reads best in', () => {
    expect(durationUnit(98.9e6).label).toBe('ms');
    expect(durationUnit(1.5e9).label).toBe('s');
    expect(durationUnit(250e3).label).toBe('µs');
    expect(durationUnit(900).label).toBe('ns');
    expect(durationUnit(0).label).toBe('ns');
  });

  it('spans the results\' start times with a small margin, not the store', () => {
    const [from, to] = timeExtent([trace('a', T, 10), trace('b', T + 100_000, 10), trace('c', T + 50_000, 10)]);
    expect(from).toBe(T - 3_000);
    expect(to).toBe(T + 103_000);
  });

  it('gives a lone trace a minute around it', () => {
    expect(timeExtent([trace('a', T, 10)])).toEqual([T - 30_000, T + 30_000]);
  });
});

describe('the brush narrows the list to its box', () => {
  const traces = [trace('early-fast', T, 5), trace('early-slow', T, 90), trace('late-fast', T + 60_000, 5), trace('late-slow', T + 60_000, 95)];

  it('turns the brushed range in axis values into a box in ms and ns, whichever way it was drawn', () => {
    expect(boxFromBrush([[T + 70_000, T - 1], [100, 50]], durationUnit(95e6))).toEqual({ fromMs: T - 1, toMs: T + 70_000, minNs: 50e6, maxNs: 100e6 });
  });

  it('keeps the traces inside the box, edges included', () => {
    expect(inBox(traces, { fromMs: T + 1, toMs: T + 60_000, minNs: 0, maxNs: 95e6 }).map((t) => t.traceId.replace(/0+$/, ''))).toEqual(['late-fast', 'late-slow']);
    expect(inBox(traces, { fromMs: T, toMs: T + 60_000, minNs: 50e6, maxNs: 1e9 }).map((t) => t.traceId.replace(/0+$/, ''))).toEqual(['early-slow', 'late-slow']);
  });
});

describe('the text alternative', () => {
  it('says how many traces, their time and duration range and the errors', () => {
    const text = scatterSummary([trace('a', T, 12.1), trace('b', T + 1000, 98.9, { errorCount: 2 })]);
    expect(text).toMatch(/^2 traces by start time and duration, started .+ to .+, lasting 12.1ms to 98.9ms; 1 with errors \(red diamonds\)\./);
  });
});
