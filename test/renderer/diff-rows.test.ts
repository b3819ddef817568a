import { describe, expect, it } from 'vitest';
import type { Row } from '../../src-renderer/lib/api-shapes';
import { hasChildren, rowTone, visibleDiffRows } from '../../src-renderer/lib/compare/diff-rows';

const row = (status: Row['status'], depth: number, durationDeltaNs = 0): Row => ({
  status,
  a: status === 'added' ? null : 'a',
  b: status === 'removed' ? null : 'b',
  service: 's',
  name: 'n',
  depth,
  durationDeltaNs,
  selfTimeDeltaNs: 0,
  attributeChanges: [],
});

describe('comparison rows', () => {
  const rows = [row('changed', 0), row('same', 1), row('added', 2), row('same', 1), row('removed', 1)];

  it('hides what is under a collapsed row, and the same rows on request', () => {
    expect(visibleDiffRows(rows, new Set(), false)).toEqual([0, 1, 2, 3, 4]);
    expect(visibleDiffRows(rows, new Set([1]), false)).toEqual([0, 1, 3, 4]);
    expect(visibleDiffRows(rows, new Set([0]), false)).toEqual([0]);
    expect(visibleDiffRows(rows, new Set(), true)).toEqual([0, 2, 4]);
    expect(hasChildren(rows, 1)).toBe(true);
    expect(hasChildren(rows, 3)).toBe(false);
  });

  it('colours rows by what happened to them', () => {
    expect(rowTone(row('added', 0), 0)).toBe('added');
    expect(rowTone(row('changed', 0, 30_000_000), 100_000_000)).toBe('slower');
    expect(rowTone(row('changed', 0, -30_000_000), 100_000_000)).toBe('faster');
    expect(rowTone(row('changed', 0, 5_000_000), 100_000_000)).toBe('same');
  });
});
