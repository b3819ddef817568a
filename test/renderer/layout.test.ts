import { describe, expect, it } from 'vitest';
import { isReceiving } from '../../src-renderer/lib/receiving';
import { formatNanos, timeTicks } from '../../src-renderer/lib/trace/time-ticks';
import { MAX_SCROLL_HEIGHT, rowOffset, scrollTopForRow, virtualWindow } from '../../src-renderer/lib/trace/virtual-window';

describe('virtualWindow', () => {
  it('renders only the rows in view plus a margin', () => {
    const w = virtualWindow(10_000, 24, 600, 24 * 500);
    expect(w.scrollHeight).toBe(240_000);
    expect(w.first).toBe(490);
    expect(w.count).toBe(Math.ceil(600 / 24) + 1 + 20);
    expect(w.offset).toBe(490 * 24);
  });

  it('renders the rows in view alone without a margin (the first frame of a waterfall), compressed or not', () => {
    const w = virtualWindow(10_000, 24, 600, 24 * 500, undefined, 0);
    expect(w.first).toBe(500);
    expect(w.count).toBe(Math.ceil(600 / 24) + 1);
    expect(w.offset).toBe(500 * 24);
    const compressed = virtualWindow(1_000_000, 24, 600, 0, undefined, 0);
    expect([compressed.first, compressed.count]).toEqual([0, Math.ceil(600 / 24) + 1]);
  });

  it('keeps a 1,000,000-row trace under the browser height limit and reaches its last row', () => {
    const rows = 1_000_000;
    const top = virtualWindow(rows, 24, 600, 0);
    expect(top.scrollHeight).toBe(MAX_SCROLL_HEIGHT);
    expect(top.first).toBe(0);
    const bottom = virtualWindow(rows, 24, 600, MAX_SCROLL_HEIGHT);
    expect(bottom.first + bottom.count).toBe(rows);
    // the last row sits inside the viewport
    const lastRowTop = bottom.offset + (rows - 1 - bottom.first) * 24;
    const viewTop = MAX_SCROLL_HEIGHT - 600;
    expect(lastRowTop).toBeGreaterThanOrEqual(viewTop);
    expect(lastRowTop + 24).toBeLessThanOrEqual(viewTop + 600 + 0.001);
  });

  it('finds the scroll position that shows a given row, compressed or not', () => {
    expect(scrollTopForRow(100, 10_000, 24, 600)).toBe(2400);
    const rows = 1_000_000;
    const top = scrollTopForRow(765_432, rows, 24, 600);
    const w = virtualWindow(rows, 24, 600, top);
    expect(765_432).toBeGreaterThanOrEqual(w.first);
    expect(765_432).toBeLessThan(w.first + w.count);
  });
});

describe('timeTicks', () => {
  it('picks round steps and labels them in readable units', () => {
    expect(timeTicks(0, 100e6).map((t) => t.label)).toEqual(['0', '20ms', '40ms', '60ms', '80ms', '100ms']);
    expect(timeTicks(0, 7e3).map((t) => t.label)).toEqual(['0', '2µs', '4µs', '6µs']);
    // A zoomed range: ticks inside it only, labelled from the trace start.
    expect(timeTicks(33e6, 61e6).map((t) => t.label)).toEqual(['35ms', '40ms', '45ms', '50ms', '55ms', '60ms']);
    expect(formatNanos(1_500_000_000)).toBe('1.5s');
    expect(formatNanos(125e9)).toBe('2m 5s');
    expect(formatNanos(750)).toBe('750ns');
  });
});

describe('isReceiving', () => {
  it('marks a trace that got spans in the last five seconds', () => {
    expect(isReceiving(10_000, 10_000)).toBe(true);
    expect(isReceiving(10_000, 14_999)).toBe(true);
    expect(isReceiving(10_000, 15_000)).toBe(false);
  });
});

describe('virtualWindow with a gap (the span detail under its row)', () => {
  const gap = { after: 5, height: 360 };
  it('moves the rows after the gap down by its height', () => {
    const w = virtualWindow(100, 24, 600, 0, gap);
    expect(w.scrollHeight).toBe(100 * 24 + 360);
    expect(rowOffset(5, w.first, 24, gap)).toBe(5 * 24);
    expect(rowOffset(6, w.first, 24, gap)).toBe(6 * 24 + 360);
  });
  it('keeps the row above the gap rendered while the gap fills the viewport', () => {
    const w = virtualWindow(1000, 24, 300, 6 * 24 + 100, gap);
    expect(w.first).toBeLessThanOrEqual(5);
    expect(w.first + w.count).toBeGreaterThan(6 + 300 / 24);
  });
  it('past the gap, the first row is where it would be plus the gap', () => {
    const w = virtualWindow(1000, 24, 600, 500 * 24 + 360, gap);
    expect(w.first).toBe(490);
    expect(w.offset).toBe(490 * 24 + 360);
    expect(scrollTopForRow(500, 1000, 24, 600, gap)).toBe(500 * 24 + 360);
  });
});
