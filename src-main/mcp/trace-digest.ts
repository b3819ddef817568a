/**
 * A trace made for reading (MCP's `get_trace`): what an engineer looks at first in a waterfall, in a few hundred
 * bytes: its root and length, its services, its errors with their messages, the critical path, and the spans
 * with the most time of their own. The spans themselves come a page at a time.
 */
import type { ApiSpan, ApiTrace, WaterfallSpan } from '../model/api';
import { criticalPath } from '../model/critical-path';
import { selfTime } from '../model/self-time';
import { buildTraceTree, type SpanNode } from '../model/trace-tree';

export interface SpanLine {
  spanId: string;
  parentSpanId: string;
  service: string;
  name: string;
  kind: string;
  status: string;
  /** Milliseconds after the trace's start. */
  startMs: number;
  durationMs: number;
}

export interface TraceDigest {
  traceId: string;
  root: { spanId: string; service: string; name: string } | null;
  startTime: string;
  durationMs: number;
  spanCount: number;
  services: { name: string; spans: number; errors: number }[];
  errorCount: number;
  /** The first error spans, with their status messages. */
  errors: { spanId: string; service: string; name: string; message: string }[];
  /** The spans the trace waited on longest, with how long it waited on each. */
  criticalPath: { spanId: string; service: string; name: string; onPathMs: number; durationMs: number }[];
  /** The spans that spent most time themselves, not in their children. */
  mostSelfTime: { spanId: string; service: string; name: string; selfMs: number; durationMs: number }[];
}

const ERRORS_LISTED = 10;
const SPANS_LISTED = 10;
const ms = (ns: number) => Math.round(ns / 1e3) / 1e3;

export function traceDigest(trace: ApiTrace): TraceDigest {
  const { tree, earliest } = treeOf(trace.spans);
  const nodes = [...tree.byId.values()];
  const byService = new Map<string, { name: string; spans: number; errors: number }>();
  for (const span of trace.spans) {
    const entry = byService.get(span.service) ?? { name: span.service, spans: 0, errors: 0 };
    entry.spans++;
    if (span.status.code === 'ERROR') entry.errors++;
    byService.set(span.service, entry);
  }
  const errorSpans = trace.spans.filter((s) => s.status.code === 'ERROR');
  const path = criticalPath(tree);
  const onPath = nodes
    .map((node) => ({ node, ns: path.of(node).reduce((sum, at, i, stretches) => (i % 2 === 1 ? sum + at - stretches[i - 1] : sum), 0) }))
    .filter((entry) => entry.ns > 0)
    .sort((a, b) => b.ns - a.ns)
    .slice(0, SPANS_LISTED);
  const root = tree.roots[0];
  return {
    traceId: trace.traceId,
    root: root ? { spanId: root.span.spanId, service: root.span.service, name: root.span.name } : null,
    startTime: new Date(Number(earliest / 1_000_000n)).toISOString(),
    durationMs: ms(tree.duration),
    spanCount: trace.spans.length,
    services: [...byService.values()].sort((a, b) => b.spans - a.spans),
    errorCount: errorSpans.length,
    errors: errorSpans.slice(0, ERRORS_LISTED).map((s) => ({ spanId: s.spanId, service: s.service, name: s.name, message: s.status.message })),
    criticalPath: onPath.map(({ node, ns }) => ({ ...named(node), onPathMs: ms(ns), durationMs: ms(node.end - node.start) })),
    mostSelfTime: nodes
      .map((node) => ({ node, self: selfTime(node) }))
      .sort((a, b) => b.self - a.self)
      .slice(0, SPANS_LISTED)
      .map(({ node, self }) => ({ ...named(node), selfMs: ms(self), durationMs: ms(node.end - node.start) })),
  };
}

/** Page `page` (from 1) of the trace's spans in tree order, `perPage` a page. */
export function spanPage(trace: ApiTrace, page: number, perPage: number): { page: number; pages: number; spans: SpanLine[] } {
  const { tree } = treeOf(trace.spans);
  const ordered: SpanNode[] = [];
  const stack = [...tree.roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    ordered.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  const pages = Math.max(1, Math.ceil(ordered.length / perPage));
  const lines = ordered.slice((page - 1) * perPage, page * perPage).map((node) => ({
    spanId: node.span.spanId,
    parentSpanId: node.span.parentSpanId,
    service: node.span.service,
    name: node.span.name,
    kind: node.span.kind,
    status: node.span.status,
    startMs: ms(node.start),
    durationMs: ms(node.end - node.start),
  }));
  return { page, pages, spans: lines };
}

const named = (node: SpanNode) => ({ spanId: node.span.spanId, service: node.span.service, name: node.span.name });

function treeOf(spans: ApiSpan[]) {
  let earliest: bigint | undefined;
  for (const span of spans) {
    const start = BigInt(span.startTimeUnixNano);
    if (earliest === undefined || start < earliest) earliest = start;
  }
  const from = earliest ?? 0n;
  const waterfall: WaterfallSpan[] = spans.map((s) => ({
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    service: s.service,
    name: s.name,
    kind: s.kind,
    status: s.status.code,
    start: Number(BigInt(s.startTimeUnixNano) - from),
    end: Number(BigInt(s.endTimeUnixNano) - from),
    events: [],
  }));
  return { tree: buildTraceTree(waterfall, from.toString()), earliest: from };
}
