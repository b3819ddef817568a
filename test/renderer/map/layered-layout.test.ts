import { describe, expect, it } from 'vitest';
import { layeredLayout, type PlacedNode } from '../../../src-renderer/lib/map/layered-layout';
import { topologyMap } from '../../helpers/service-map-topology';

const box = (id: string, width = 140) => ({ id, width, height: 36 });

function overlap(a: PlacedNode, b: PlacedNode): boolean {
  return Math.abs(a.x - b.x) < (a.width + b.width) / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2;
}

describe('layeredLayout (dagre)', () => {
  it('puts every caller left of its callees and no two of 72 nodes over each other', () => {
    const map = topologyMap();
    const layout = layeredLayout(map.nodes.map((n) => box(n.id, 100 + n.name.length * 4)), map.edges);
    expect(layout.nodes.size).toBe(map.nodes.length);
    const placed = [...layout.nodes.values()];
    for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) expect(overlap(placed[i], placed[j]), `${placed[i].id} / ${placed[j].id}`).toBe(false);
    // The generated map has no cycles, so every call points right.
    for (const edge of map.edges) expect(layout.nodes.get(edge.source)!.x, `${edge.source} → ${edge.target}`).toBeLessThan(layout.nodes.get(edge.target)!.x);
    for (const node of placed) {
      expect(node.x - node.width / 2).toBeGreaterThanOrEqual(0);
      expect(node.x + node.width / 2).toBeLessThanOrEqual(layout.width);
      expect(node.y + node.height / 2).toBeLessThanOrEqual(layout.height);
    }
  });

  it('routes each edge from its caller to its callee', () => {
    const layout = layeredLayout([box('a'), box('b'), box('c')], [
      { source: 'a', target: 'b' },
      { source: 'a', target: 'c' },
      { source: 'b', target: 'c' },
    ]);
    expect(layout.edges).toHaveLength(3);
    for (const edge of layout.edges) {
      const [first, last] = [edge.points[0], edge.points.at(-1)!];
      const [from, to] = [layout.nodes.get(edge.source)!, layout.nodes.get(edge.target)!];
      // Routes start at the caller's right side and end at the callee's left side.
      expect(first.x).toBeCloseTo(from.x + from.width / 2, 0);
      expect(last.x).toBeCloseTo(to.x - to.width / 2, 0);
    }
  });

  it('survives cycles and self-calls, places nodes without calls, and ignores calls to nodes it was not given', () => {
    const layout = layeredLayout([box('a'), box('b'), box('c'), box('lonely')], [
      { source: 'a', target: 'b' },
      { source: 'b', target: 'c' },
      { source: 'c', target: 'a' },
      { source: 'b', target: 'b' },
      { source: 'a', target: 'hidden' },
    ]);
    expect([...layout.nodes.keys()].sort()).toEqual(['a', 'b', 'c', 'lonely']);
    expect(layout.edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual(['a>b', 'b>b', 'b>c', 'c>a']);
    for (const edge of layout.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2);
  });

  it('gives the same picture for the same map, whatever the order of its nodes', () => {
    const edges = [{ source: 'a', target: 'b' }, { source: 'a', target: 'c' }];
    const one = layeredLayout([box('a'), box('b'), box('c')], edges);
    const two = layeredLayout([box('c'), box('b'), box('a')], edges);
    expect([...two.nodes.values()].sort((x, y) => x.id.localeCompare(y.id))).toEqual([...one.nodes.values()].sort((x, y) => x.id.localeCompare(y.id)));
  });
});

describe('layeredLayout with label room', () => {
  it('places each asked-for label between its nodes, clear of every node', () => {
    const label = { width: 180, height: 18 };
    const layout = layeredLayout([box('web'), box('api'), box('db')], [
      { source: 'web', target: 'api', label },
      { source: 'api', target: 'db', label },
    ]);
    for (const edge of layout.edges) {
      const at = edge.label!;
      expect(at.x).toBeGreaterThan(layout.nodes.get(edge.source)!.x);
      expect(at.x).toBeLessThan(layout.nodes.get(edge.target)!.x);
      for (const node of layout.nodes.values()) expect(overlap(node, { id: 'label', ...at, ...label })).toBe(false);
    }
  });
});
