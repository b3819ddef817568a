import { describe, expect, it } from 'vitest';
import { placeLabels, pointAlong } from '../../../src-renderer/lib/map/label-placement';

describe('placeLabels', () => {
  it('puts a label in the middle of its route when nothing is there', () => {
    const at = placeLabels([{ key: 'a>b', points: [{ x: 0, y: 0 }, { x: 100, y: 0 }], width: 20, height: 10 }], []);
    expect(at.get('a>b')).toEqual({ x: 50, y: 0 });
  });

  it('moves a label along its route off a node and off the labels placed before it', () => {
    const route = [{ x: 0, y: 0 }, { x: 200, y: 0 }];
    const node = { x: 80, y: -10, width: 40, height: 20 };
    const at = placeLabels([
      { key: 'one', points: route, width: 20, height: 10 },
      { key: 'two', points: route, width: 20, height: 10 },
    ], [node]);
    expect(at.get('one')).toEqual({ x: 70, y: 0 }); // 0.35 of the way: clear of the node
    expect(at.get('two')).toEqual({ x: 130, y: 0 }); // 0.65: clear of the node and of "one"
  });

  it('finds points along a bent route by length', () => {
    const route = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 30 }];
    expect(pointAlong(route, 0.5)).toEqual({ x: 10, y: 10 });
    expect(pointAlong(route, 1)).toEqual({ x: 10, y: 30 });
  });
});
