/**
 * Whether a query reads what only a stored span's body holds: its own attributes (also through an unscoped
 * `.name`, which looks at the span first), its events and links, its status message. Everything else (name, kind,
 * status, times, ids, the tree, the resource and the instrumentation scope) the store has without opening it.
 */
import type { ParsedQuery } from './ast';
import { allNodes } from './walk';

const BODY_INTRINSICS = new Set(['span:statusMessage', 'event:name', 'event:timeSinceStart', 'link:traceID', 'link:spanID']);

export function readsSpanBody(query: ParsedQuery): boolean {
  for (const node of allNodes(query)) {
    if (node.type === 'intrinsic' && BODY_INTRINSICS.has(node.name)) return true;
    if (node.type === 'attribute' && (node.scope === 'span' || node.scope === 'none' || node.scope === 'event' || node.scope === 'link' || node.parent)) return true;
  }
  return false;
}
