/**
 * Positions for the service map: callers left of callees. Layers are the longest call path from a node nobody
 * calls (edges closing a cycle are left out of the layering); within a layer nodes follow the average height of
 * their callers, so edges cross less. Positions are fractions (0–1) of the drawing's width and height.
 */
export interface Placed {
  x: number;
  y: number;
  layer: number;
}

export function layeredLayout(nodeIds: readonly string[], edges: readonly { source: string; target: string }[]): Map<string, Placed> {
  const ids = [...nodeIds].sort();
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) if (e.source !== e.target && out.has(e.source) && out.has(e.target)) out.get(e.source)!.push(e.target);

  // Edges that close a cycle (found by depth-first search) are ignored for layering.
  const state = new Map<string, 'open' | 'done'>();
  const forward: [string, string][] = [];
  for (const root of ids) {
    if (state.has(root)) continue;
    const stack: [string, number][] = [[root, 0]];
    state.set(root, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      const targets = out.get(node)!;
      if (next === targets.length) {
        state.set(node, 'done');
        stack.pop();
        continue;
      }
      top[1]++;
      const target = targets[next];
      if (state.get(target) === 'open') continue; // back edge
      forward.push([node, target]);
      if (!state.has(target)) {
        state.set(target, 'open');
        stack.push([target, 0]);
      }
    }
  }

  // Longest path layering over the acyclic edges (Kahn's order).
  const incoming = new Map<string, number>(ids.map((id) => [id, 0]));
  const callers = new Map<string, string[]>(ids.map((id) => [id, []]));
  const callees = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [s, t] of forward) {
    incoming.set(t, incoming.get(t)! + 1);
    callers.get(t)!.push(s);
    callees.get(s)!.push(t);
  }
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  const queue = ids.filter((id) => incoming.get(id) === 0);
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    for (const t of callees.get(node)!) {
      layer.set(t, Math.max(layer.get(t)!, layer.get(node)! + 1));
      incoming.set(t, incoming.get(t)! - 1);
      if (incoming.get(t) === 0) queue.push(t);
    }
  }

  const layers: string[][] = [];
  for (const id of ids) (layers[layer.get(id)!] ??= []).push(id);
  const rank = new Map<string, number>();
  layers.forEach((nodes) => nodes.forEach((id, i) => rank.set(id, i / Math.max(1, nodes.length - 1))));
  for (let l = 1; l < layers.length; l++) {
    const average = (id: string) => {
      const from = callers.get(id)!;
      return from.length === 0 ? rank.get(id)! : from.reduce((sum, c) => sum + rank.get(c)!, 0) / from.length;
    };
    layers[l].sort((a, b) => average(a) - average(b) || a.localeCompare(b));
    layers[l].forEach((id, i) => rank.set(id, i / Math.max(1, layers[l].length - 1)));
  }

  const placed = new Map<string, Placed>();
  layers.forEach((nodes, l) => {
    nodes.forEach((id, i) => placed.set(id, { layer: l, x: layers.length === 1 ? 0.5 : l / (layers.length - 1), y: (i + 1) / (nodes.length + 1) }));
  });
  return placed;
}
