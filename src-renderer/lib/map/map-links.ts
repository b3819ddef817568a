/** Addresses the map links to: the search page over the map's time range (every map range is a search lookback). */
import type { MapNode } from '../../../src-main/model/api';
import type { CallEdge } from '../api-shapes';
import type { MapRange } from './map-range';

function withRange(params: URLSearchParams, range: MapRange): string {
  if (range !== 'all') params.set('lookback', range);
  return `/search?${params}`;
}

/** A service's traces; undefined for a database, queue or host (they send no spans of their own). */
export function nodeSearchHref(node: MapNode, range: MapRange): string | undefined {
  return node.type === 'service' ? withRange(new URLSearchParams({ service: node.name }), range) : undefined;
}

/** The traces holding a call. */
export function edgeSearchHref(edge: CallEdge, range: MapRange): string {
  return withRange(new URLSearchParams({ call: `${edge.source}>${edge.target}` }), range);
}

/** The map page's own address for a range, focus and neighbourhood (defaults left out). */
export function mapHref(range: MapRange, focus: string, hops: number): string {
  const params = new URLSearchParams();
  if (range !== '1h') params.set('lookback', range);
  if (focus) params.set('focus', focus);
  if (focus && hops !== 1) params.set('hops', String(hops));
  return params.size === 0 ? '/map' : `/map?${params}`;
}
