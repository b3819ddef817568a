import { describe, expect, it } from 'vitest';
import { rowName } from '../../src-renderer/lib/trace/row-name';
import { shopTree } from './fixture-trees';

describe('rowName', () => {
  const tree = shopTree();
  const node = (id: string) => tree.byId.get(id)!;
  it('begins with service and span name, then the marks and the duration, as the row shows them', () => {
    expect(rowName(node('root'), 0, tree.duration)).toBe('frontend GET, 68ms');
    expect(rowName(node('products'), 0, tree.duration)).toBe('product-service GET, skew, 42.7ms');
  });
  it('says where a span outside the range shown lies', () => {
    const MS = 1_000_000;
    expect(rowName(node('auth'), 30 * MS, 50 * MS)).toBe('auth-service GET, ← 9ms – 14ms, before the range');
    expect(rowName(node('recommend'), 30 * MS, 50 * MS)).toBe('recommendation-service GET, skew, after the range, at 57ms →');
  });
});
