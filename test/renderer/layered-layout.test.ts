import { describe, expect, it } from 'vitest';
import { layeredLayout } from '../../src-renderer/lib/map/layered-layout';

describe('layeredLayout', () => {
  it('puts callers left of callees, a layer per step of the longest call path', () => {
    const placed = layeredLayout(['frontend', 'cart', 'checkout', 'payment', 'postgres'], [
      { source: 'frontend', target: 'cart' },
      { source: 'frontend', target: 'checkout' },
      { source: 'checkout', target: 'payment' },
      { source: 'cart', target: 'postgres' },
      { source: 'payment', target: 'postgres' },
    ]);
    const layer = (id: string) => placed.get(id)!.layer;
    expect([layer('frontend'), layer('cart'), layer('checkout'), layer('payment'), layer('postgres')]).toEqual([0, 1, 1, 2, 3]);
    expect(placed.get('frontend')!.x).toBe(0);
    expect(placed.get('postgres')!.x).toBe(1);
    for (const p of placed.values()) {
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(1);
    }
  });

  it('survives cycles and self-calls, and places nodes without calls', () => {
    const placed = layeredLayout(['a', 'b', 'c', 'lonely'], [
      { source: 'a', target: 'b' },
      { source: 'b', target: 'c' },
      { source: 'c', target: 'a' },
      { source: 'b', target: 'b' },
    ]);
    expect(placed.size).toBe(4);
    expect(placed.get('a')!.layer).toBeLessThan(placed.get('b')!.layer);
    expect(placed.get('b')!.layer).toBeLessThan(placed.get('c')!.layer);
    expect(placed.get('lonely')!.layer).toBe(0);
  });

  it('orders a layer by where its callers are, so edges cross less', () => {
    const placed = layeredLayout(['a', 'b', 'x', 'y'], [
      { source: 'a', target: 'y' },
      { source: 'b', target: 'x' },
    ]);
    // a is above b, so a's callee y goes above b's callee x, against alphabetical order.
    expect(placed.get('y')!.y).toBeLessThan(placed.get('x')!.y);
  });
});
