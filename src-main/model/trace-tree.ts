/**
 * A trace's spans as a tree, with times relative to the trace start in nanoseconds (exact to 2^53 ns, 104 days).
 * Spans whose parent is missing hang under the root and are marked; children that start before their parent or
 * end after it (clock skew) stay where they are and are marked, unless the call is asynchronous (messaging, or a
 * child that starts after its parent ended).
 */
import type { WaterfallSpan } from './api';

export interface SpanNode {
  span: WaterfallSpan;
  /** Its position in the spans the tree was built from. */
  index: number;
  /** Start and end, nanoseconds after the trace's earliest start. */
  start: number;
  end: number;
  depth: number;
  /** The node it hangs under in this tree (for an orphan, the root), not necessarily its parent id's span. */
  parent: SpanNode | undefined;
  children: SpanNode[];
  /** Its parent is not in the trace. */
  orphan: boolean;
  /** Starts before its parent, or ends after it, and the call between them is not asynchronous. */
  skewed: boolean;
}

export interface TraceTree {
  /** Usually one; several when the trace has no single root. */
  roots: SpanNode[];
  byId: Map<string, SpanNode>;
  /** Trace start (epoch ns, as text) and length in ns. */
  startNano: string;
  duration: number;
  maxDepth: number;
}

/** `spans` with times as offsets from `startNano` (the earliest start, epoch ns as text). */
export function buildTraceTree(spans: WaterfallSpan[], startNano: string): TraceTree {
  const byId = new Map<string, SpanNode>();
  for (let index = 0; index < spans.length; index++) {
    const span = spans[index];
    byId.set(span.spanId, { span, index, start: span.start, end: span.end, depth: 0, parent: undefined, children: [], orphan: false, skewed: false });
  }
  const roots: SpanNode[] = [];
  const orphans: SpanNode[] = [];
  for (const node of byId.values()) {
    const parentId = node.span.parentSpanId;
    const parent = parentId === '' ? undefined : byId.get(parentId);
    if (parent && parent !== node) parent.children.push(node);
    else if (parentId === '') roots.push(node);
    else {
      node.orphan = true;
      orphans.push(node);
    }
  }
  // Orphans go under the first root (the earliest); with no root at all they are the roots. A loop, not a
  // spread: a trace can have more orphans than a call has room for arguments.
  byStart(roots);
  const adopter = roots.length > 0 ? roots[0].children : roots;
  for (const orphan of roots.length > 0 ? orphans : byStart(orphans)) adopter.push(orphan);

  let duration = 0;
  let maxDepth = 0;
  const seen = new Uint8Array(spans.length);
  let seenCount = 0;
  const walk = (top: SpanNode) => {
    const stack = [top];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (seen[node.index]) continue;
      seen[node.index] = 1;
      seenCount++;
      duration = Math.max(duration, node.end);
      maxDepth = Math.max(maxDepth, node.depth);
      byStart(node.children);
      for (const child of node.children) {
        if (seen[child.index]) continue;
        child.depth = node.depth + 1;
        child.parent = node;
        if (!child.orphan) child.skewed = !isAsynchronous(node, child) && (child.start < node.start || child.end > node.end);
        stack.push(child);
      }
    }
  };
  roots.forEach(walk);
  // Spans whose parent ids form a cycle are reachable from no root: the earliest of each cycle is cut loose as an orphan.
  const unreached = seenCount === byId.size ? [] : [...byId.values()].filter((node) => !seen[node.index]);
  for (const node of byStart(unreached)) {
    if (seen[node.index]) continue;
    const parent = byId.get(node.span.parentSpanId);
    if (parent) parent.children.splice(parent.children.indexOf(node), 1);
    node.orphan = true;
    if (roots.length > 0 && roots[0] !== node) {
      roots[0].children.push(node);
      node.depth = 1;
      node.parent = roots[0];
    } else {
      roots.push(node);
      node.parent = undefined;
    }
    walk(node);
  }
  return { roots, byId, startNano, duration, maxDepth };
}

/**
 * Whether a child may run outside its parent's time without clock skew: a message is consumed whenever the
 * consumer gets to it (a CONSUMER span, or what a CONSUMER's poll hands on), and a producer's message outlives
 * the send (the child of a PRODUCER, or a send that ends after its caller). A child that starts once its parent
 * has ended follows from it (Jaeger's FOLLOWS_FROM, fire-and-forget work): nothing waited for it, so its place
 * says nothing about clocks.
 */
export function isAsynchronous(parent: SpanNode, child: SpanNode): boolean {
  return MESSAGING_KINDS.has(child.span.kind) || MESSAGING_KINDS.has(parent.span.kind) || child.start >= parent.end;
}

const MESSAGING_KINDS: ReadonlySet<string> = new Set(['PRODUCER', 'CONSUMER']);

function byStart(nodes: SpanNode[]): SpanNode[] {
  return nodes.sort((a, b) => a.start - b.start || a.end - b.end);
}
