/**
 * Positions for the service map, by dagre: callers left of callees, one column per step of the call graph,
 * nodes in a column ordered so that edges cross little, and each edge routed as a polyline around the nodes.
 * Coordinates are the drawing's pixels; a node's x, y is its centre.
 */
import dagre from '@dagrejs/dagre';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface PlacedNode extends LayoutNode {
  x: number;
  y: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
  /** Room to keep for the edge's label, which dagre then places on the edge between the columns. */
  label?: { width: number; height: number };
}

export interface PlacedEdge {
  source: string;
  target: string;
  points: { x: number; y: number }[];
  /** The label's centre, for an edge that asked for room. */
  label?: { x: number; y: number };
}

export interface MapLayout {
  nodes: Map<string, PlacedNode>;
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export interface LayoutSpacing {
  /** Between nodes of one column. */
  nodeGap: number;
  /** Between columns. */
  columnGap: number;
  margin: number;
}

const SPACING: LayoutSpacing = { nodeGap: 14, columnGap: 72, margin: 16 };

export function layeredLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], spacing = SPACING): MapLayout {
  const graph = new dagre.graphlib.Graph<object, LayoutNode, Record<string, unknown>>();
  graph.setGraph({ rankdir: 'LR', nodesep: spacing.nodeGap, ranksep: spacing.columnGap, edgesep: 8, marginx: spacing.margin, marginy: spacing.margin, acyclicer: 'greedy' });
  graph.setDefaultEdgeLabel(() => ({}));
  // Sorted input: the same map always gets the same picture.
  for (const node of [...nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) graph.setNode(node.id, { ...node });
  for (const edge of edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target)) graph.setEdge(edge.source, edge.target, edge.label ? { ...edge.label, labelpos: 'c' } : {});
  }
  dagre.layout(graph);

  const placed = new Map<string, PlacedNode>();
  for (const id of graph.nodes()) {
    const { width, height, x, y } = graph.node(id) as LayoutNode & { x: number; y: number };
    placed.set(id, { id, width, height, x, y });
  }
  const routed = graph.edges().map((e): PlacedEdge => {
    const { points, x, y, width } = graph.edge(e) as { points: { x: number; y: number }[]; x?: number; y?: number; width?: number };
    const placedEdge: PlacedEdge = { source: e.v, target: e.w, points: points.map((p) => ({ x: p.x, y: p.y })) };
    if (width && x !== undefined && y !== undefined) placedEdge.label = { x, y };
    return placedEdge;
  });
  const size = graph.graph() as { width?: number; height?: number };
  return { nodes: placed, edges: routed, width: size.width ?? 0, height: size.height ?? 0 };
}
