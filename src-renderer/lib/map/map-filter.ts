/**
 * Which part of the map to draw: one node's neighbourhood (focus mode), nodes whose names hold the typed text,
 * without the types the person hid. Pure, so the view only renders what these return.
 */
import type { MapNode } from '../../../src-main/model/api';
import type { CallEdge, CallMap } from '../api-shapes';

export type PeerType = Exclude<MapNode['type'], 'service'>;

export interface MapFilter {
  /** Node id in focus, '' for the whole map. */
  focus: string;
  /** How many calls away from the focus, both ways. */
  hops: number;
  /** Case-insensitive part of a name. */
  text: string;
  hidden: ReadonlySet<PeerType>;
}

/**
 * The focus, its callers and their callers up to `hops` calls upstream, and its callees likewise downstream.
 * Callers of a callee (siblings) are not part of it: they do not touch the focused node's requests.
 */
export function neighbourhood(edges: readonly CallEdge[], focus: string, hops: number): Set<string> {
  const callees = new Map<string, string[]>();
  const callers = new Map<string, string[]>();
  for (const e of edges) {
    (callees.get(e.source) ?? callees.set(e.source, []).get(e.source)!).push(e.target);
    (callers.get(e.target) ?? callers.set(e.target, []).get(e.target)!).push(e.source);
  }
  const reached = new Set([focus]);
  for (const next of [callees, callers]) {
    let frontier = [focus];
    const seen = new Set([focus]);
    for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
      frontier = frontier.flatMap((id) => next.get(id) ?? []).filter((id) => !seen.has(id) && seen.add(id));
      for (const id of frontier) reached.add(id);
    }
  }
  return reached;
}

export interface FilteredMap extends CallMap {
  /** Nodes of the range not drawn, by reason: a person should know the map is partial. */
  hiddenByType: number;
  hiddenByText: number;
  hiddenByFocus: number;
}

export function filterMap(map: CallMap, filter: MapFilter): FilteredMap {
  const inFocus = filter.focus && map.nodes.some((n) => n.id === filter.focus) ? neighbourhood(map.edges, filter.focus, filter.hops) : undefined;
  const text = filter.text.trim().toLowerCase();
  let hiddenByType = 0;
  let hiddenByText = 0;
  let hiddenByFocus = 0;
  const nodes = map.nodes.filter((node) => {
    if (inFocus && !inFocus.has(node.id)) return hiddenByFocus++, false;
    if (node.type !== 'service' && filter.hidden.has(node.type)) return hiddenByType++, false;
    // The focused node stays, whatever is typed: the neighbourhood would float without it.
    if (text && node.id !== filter.focus && !node.name.toLowerCase().includes(text)) return hiddenByText++, false;
    return true;
  });
  const kept = new Set(nodes.map((n) => n.id));
  const edges = map.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  return { nodes, edges, hiddenByType, hiddenByText, hiddenByFocus };
}
