/** Addresses the map links to: the search page, over the map's time range where the search has it. */
import type { MapNode } from '../../../src-main/model/api';
import type { CallEdge } from '../api-shapes';
import { LOOKBACKS } from '../search-form';
import { MAP_RANGES, type MapRange } from './map-range';

function withRange(params: URLSearchParams, range: MapRange, nowMs: number): string {
  if (range in LOOKBACKS && range !== 'all') params.set('lookback', range);
  else if (range !== 'all') params.set('start', String(nowMs - MAP_RANGES.find((r) => r.value === range)!.ms));
  return `/search?${params}`;
}

/** A service's traces; undefined for a database, queue or host (they send no spans of their own). */
export function nodeSearchHref(node: MapNode, range: MapRange, nowMs: number): string | undefined {
  return node.type === 'service' ? withRange(new URLSearchParams({ service: node.name }), range, nowMs) : undefined;
}

/** The traces holding a call. */
export function edgeSearchHref(edge: CallEdge, range: MapRange, nowMs: number): string {
  return withRange(new URLSearchParams({ call: `${edge.source}>${edge.target}` }), range, nowMs);
}

/** The map page's own address for a range, focus and neighbourhood (defaults left out). */
export function mapHref(range: MapRange, focus: string, hops: number): string {
  const params = new URLSearchParams();
  if (range !== '1h') params.set('lookback', range);
  if (focus) params.set('focus', focus);
  if (focus && hops !== 1) params.set('hops', String(hops));
  return params.size === 0 ? '/map' : `/map?${params}`;
}
