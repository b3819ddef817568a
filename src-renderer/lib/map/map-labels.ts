/** The words the map shows: counts with their units, error shares as text (never colour alone), edge labels. */
import type { MapNode } from '../../../src-main/model/api';
import type { CallEdge } from '../api-shapes';
import { plural } from '../plural';
import { formatNanos } from '../trace/time-ticks';
import { clip, showInvisible } from '../untrusted-text';

export const TYPE_LABELS: Record<MapNode['type'], string> = { service: 'service', database: 'database', messaging: 'messaging', external: 'external' };

/** "3% errors", "<1% errors" (a single failure in 1,000 calls is still shown), "" with none. */
export function errorShare(errors: number, total: number): string {
  if (errors === 0 || total === 0) return '';
  const percent = (errors / total) * 100;
  return `${percent < 1 ? '<1' : Math.round(percent)}% errors`;
}

/** A service counts its spans, a database, queue or external host the calls it received. */
export function nodeCount(node: MapNode): string {
  return plural(node.spanCount, node.type === 'service' ? 'span' : 'call');
}

/** "1,204 spans · 3% errors". */
export function nodeSummary(node: MapNode): string {
  return [nodeCount(node), errorShare(node.errorCount, node.spanCount)].filter(Boolean).join(' · ');
}

/** "30 calls · p50 4.5ms · p95 9ms · 3% errors". */
export function edgeLabel(edge: CallEdge): string {
  return [plural(edge.callCount, 'call'), `p50 ${formatNanos(edge.p50Ns)}`, `p95 ${formatNanos(edge.p95Ns)}`, errorShare(edge.errorCount, edge.callCount)].filter(Boolean).join(' · ');
}

/**
 * A node's accessible name and tooltip: "checkout, service: 1,204 spans · 3% errors". A tooltip cannot isolate
 * bidi controls, so they are spelled out (⟨U+202E⟩); a long name is clipped.
 */
export function nodeDescription(node: MapNode): string {
  return `${showInvisible(clip(node.name))}, ${TYPE_LABELS[node.type]}: ${nodeSummary(node)}`;
}

/** `service:frontend` → "frontend": names for ids, falling back to the id for one the map does not hold. */
export function nodeNames(nodes: readonly MapNode[]): (id: string) => string {
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  return (id) => names.get(id) ?? id;
}
