import { describe, expect, it } from 'vitest';
import { nextIndex } from '../../../src-renderer/lib/search/list-keys';
import { relativeTime } from '../../../src-renderer/lib/search/relative-time';
import { sortTraces } from '../../../src-renderer/lib/search/sort-traces';
import { trace } from './traces';

const T = 1_764_700_000_000;
const traces = [
  trace('old-slow', T, 90, { spanCount: 3, errorCount: 1 }),
  trace('new-fast', T + 2000, 5, { spanCount: 40 }),
  trace('mid', T + 1000, 20, { spanCount: 8, errorCount: 4 }),
];
const ids = (order: Parameters<typeof sortTraces>[1]) => sortTraces(traces, order).map((t) => t.traceId.replace(/0+$/, ''));

describe('sorting the results', () => {
  it('orders by start, duration, spans and errors', () => {
    expect(ids('recent')).toEqual(['new-fast', 'mid', 'old-slow']);
    expect(ids('longest')).toEqual(['old-slow', 'mid', 'new-fast']);
    expect(ids('shortest')).toEqual(['new-fast', 'mid', 'old-slow']);
    expect(ids('spans')).toEqual(['new-fast', 'mid', 'old-slow']);
    expect(ids('errors')).toEqual(['mid', 'old-slow', 'new-fast']);
  });

  it('breaks ties by the most recent, and leaves the given list alone', () => {
    const tied = [trace('a', T, 10), trace('b', T + 5, 10)];
    expect(sortTraces(tied, 'longest').map((t) => t.traceId[0])).toEqual(['b', 'a']);
    expect(tied[0].traceId[0]).toBe('a');
  });
});

describe('arrow keys over the results', () => {
  it('moves by one, by a page, to the ends, and stays inside', () => {
    expect(nextIndex('ArrowDown', -1, 5)).toBe(0);
    expect(nextIndex('ArrowDown', 4, 5)).toBe(4);
    expect(nextIndex('ArrowUp', 0, 5)).toBe(0);
    expect(nextIndex('ArrowUp', 3, 5)).toBe(2);
    expect(nextIndex('PageDown', 1, 30)).toBe(11);
    expect(nextIndex('PageUp', 5, 30)).toBe(0);
    expect(nextIndex('End', 0, 5)).toBe(4);
    expect(nextIndex('Home', 4, 5)).toBe(0);
  });

  it('ignores other keys and empty lists', () => {
    expect(nextIndex('Enter', 2, 5)).toBeUndefined();
    expect(nextIndex('ArrowDown', 0, 0)).toBeUndefined();
  });
});

describe('start times relative to now', () => {
  const now = T + 10 * 86_400_000;
  it('reads as minutes, hours or days ago', () => {
    expect(relativeTime(now - 10_000, now)).toBe('just now');
    expect(relativeTime(now - 3 * 60_000, now)).toBe('3 min ago');
    expect(relativeTime(now - 2 * 3_600_000, now)).toBe('2 h ago');
    expect(relativeTime(now - 5 * 86_400_000, now)).toBe('5 d ago');
  });
});
