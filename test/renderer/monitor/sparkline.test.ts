import { describe, expect, it } from 'vitest';
import { sparklinePath } from '../../../src-renderer/lib/monitor/sparkline';
import { formatPercent, formatRate, formatSeconds } from '../../../src-renderer/lib/monitor/monitor-format';

describe('sparklinePath', () => {
  it('spreads the steps edge to edge, 0 at the bottom and the largest value at the top, 1 px inside', () => {
    expect(sparklinePath([0, 0.5, 1], 100, 22)).toBe('M0 21L50 11L100 1');
  });

  it('breaks the line where a step has no value and draws a lone point as a dot', () => {
    expect(sparklinePath([0.028, 0.028, null, 0.138, null, 0.028], 50, 12, 0.138)).toBe('M0 9L10 9M30 1h0M50 9h0');
  });

  it('draws nothing without values and a flat line at the bottom for zeros', () => {
    expect(sparklinePath([null, null], 80, 20)).toBe('');
    expect(sparklinePath([0, 0], 80, 20)).toBe('M0 19L80 19');
    expect(sparklinePath([3], 80, 20)).toBe('M40 1h0');
  });
});

describe('the figures in words', () => {
  it('writes rates, error shares and durations as the tables show them', () => {
    expect([formatRate(14 / 900), formatRate(0), formatRate(12.345), formatRate(4321.2), formatRate(null)]).toEqual(['0.0156', '0', '12.3', '4,321', '–']);
    expect([formatPercent((2 / 13) * 100), formatPercent(0), formatPercent(0.05), formatPercent(100)]).toEqual(['15.4%', '0%', '<0.1%', '100%']);
    expect([formatSeconds(0.1898), formatSeconds(0.008), formatSeconds(1.5), formatSeconds(null)]).toEqual(['190ms', '8ms', '1.5s', '–']);
  });
});
