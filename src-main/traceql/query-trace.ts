/**
 * A trace as TraceQL sees it: its spans with their parent, children and nested-set numbers, and the trace-level
 * intrinsics (duration, root name and service). Built once per trace; every stage of a query reads it.
 */
import { serviceOf, type Span } from '../model/span';

export interface QuerySpan {
  span: Span;
  parent: QuerySpan | undefined;
  children: QuerySpan[];
  /** Nested-set numbers (Tempo's nestedSetLeft/Right): a descendant's pair lies inside its ancestor's. */
  left: number;
  right: number;
}

export interface QueryTrace {
  traceId: string;
  spans: QuerySpan[];
  /** The span without a parent in the trace (the earliest when there are several), if any. */
  root: QuerySpan | undefined;
  startNs: bigint;
  durationNs: bigint;
}

export function queryTrace(spans: Span[]): QueryTrace {
  const nodes = spans.map((span): QuerySpan => ({ span, parent: undefined, children: [], left: 0, right: 0 }));
  const byId = new Map(nodes.map((n) => [n.span.spanId, n]));
  const tops: QuerySpan[] = [];
  for (const node of nodes) {
    const parent = node.span.parentSpanId === '' ? undefined : byId.get(node.span.parentSpanId);
    if (parent && parent !== node) {
      node.parent = parent;
      parent.children.push(node);
    } else tops.push(node);
  }
  breakCycles(nodes, tops);
  number(tops);
  let startNs = spans.length > 0 ? spans[0].startTimeUnixNano : 0n;
  let endNs = spans.length > 0 ? spans[0].endTimeUnixNano : 0n;
  for (const { startTimeUnixNano: s, endTimeUnixNano: e } of spans) {
    if (s < startNs) startNs = s;
    if (e > endNs) endNs = e;
  }
  const roots = tops.filter((n) => n.span.parentSpanId === '');
  const root = (roots.length > 0 ? roots : tops).reduce<QuerySpan | undefined>((a, b) => (a === undefined || b.span.startTimeUnixNano < a.span.startTimeUnixNano ? b : a), undefined);
  return { traceId: spans[0]?.traceId ?? '', spans: nodes, root, startNs, durationNs: endNs - startNs };
}

export function rootService(trace: QueryTrace): string | undefined {
  return trace.root ? serviceOf(trace.root.span.resource) : undefined;
}

/** Spans in a parent-id cycle reach no top: the first of each cycle is cut loose and becomes one. */
function breakCycles(nodes: QuerySpan[], tops: QuerySpan[]): void {
  const reached = new Set<QuerySpan>();
  const walk = (from: QuerySpan[]) => {
    const stack = [...from];
    while (stack.length > 0) {
      const node = stack.pop()!;
      reached.add(node);
      stack.push(...node.children);
    }
  };
  walk(tops);
  for (const node of nodes) {
    if (reached.has(node)) continue;
    node.parent!.children.splice(node.parent!.children.indexOf(node), 1);
    node.parent = undefined;
    tops.push(node);
    walk([node]);
  }
}

function number(tops: QuerySpan[]): void {
  let next = 1;
  const stack: [QuerySpan, boolean][] = tops.map((n) => [n, false] as [QuerySpan, boolean]).reverse();
  while (stack.length > 0) {
    const [node, done] = stack.pop()!;
    if (done) {
      node.right = next++;
      continue;
    }
    node.left = next++;
    stack.push([node, true]);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i], false]);
  }
}
