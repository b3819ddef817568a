/**
 * Compares two traces: their span trees are aligned level by level (children matched by service and normalized
 * name, in order: align.ts), each pair is compared (duration, self time, status, attributes), and the self time
 * gained or lost is summed per service and operation to say what made B slower or faster.
 */
import type { Diff, DiffRow, WaterfallSpan } from '../model/api';
import { selfTime } from '../model/self-time';
import { buildTraceTree, type SpanNode } from '../model/trace-tree';
import { alignKeys } from './align';
import { normalizeName } from '../model/normalize-name';

/** A span as the comparison sees it: the waterfall's fields and its attributes as text. */
export interface DiffSpan extends WaterfallSpan {
  attributes: Record<string, string>;
}

export interface DiffSide {
  traceId: string;
  spans: DiffSpan[];
}

/** A matched pair counts as changed when its status or attributes differ, or its time moved by this much. */
const CHANGED_SHARE = 0.1;
const CHANGED_MIN_NS = 100_000;
const TOP_CONTRIBUTORS = 10;

export function diffTraces(a: DiffSide, b: DiffSide): Diff {
  const treeA = buildTraceTree(a.spans, '0');
  const treeB = buildTraceTree(b.spans, '0');
  const rows: DiffRow[] = [];
  const key = (node: SpanNode) => `${node.span.service}\u0000${normalizeName(node.span.name)}`;

  // Depth-first over aligned pairs; a stack of pending entries keeps deep trees off the call stack.
  type Entry = { a?: SpanNode; b?: SpanNode; depth: number };
  const stack: Entry[] = [];
  const pushAligned = (as: SpanNode[], bs: SpanNode[], depth: number) => {
    const pairs = alignKeys(as.map(key), bs.map(key));
    for (let k = pairs.length - 1; k >= 0; k--) {
      const [i, j] = pairs[k];
      stack.push({ a: i >= 0 ? as[i] : undefined, b: j >= 0 ? bs[j] : undefined, depth });
    }
  };
  pushAligned(treeA.roots, treeB.roots, 0);
  while (stack.length > 0) {
    const { a: na, b: nb, depth } = stack.pop()!;
    rows.push(row(na, nb, depth));
    if (na && nb) pushAligned(na.children, nb.children, depth + 1);
    else for (const child of [...(na ?? nb)!.children].reverse()) stack.push({ a: na ? child : undefined, b: nb ? child : undefined, depth: depth + 1 });
  }

  const count = (status: DiffRow['status']) => rows.filter((r) => r.status === status).length;
  return {
    a: a.traceId,
    b: b.traceId,
    durationDeltaNano: String(treeB.duration - treeA.duration),
    matched: count('same') + count('changed'),
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    rows,
    topContributors: contributors(rows),
  };
}

function row(a: SpanNode | undefined, b: SpanNode | undefined, depth: number): DiffRow {
  const duration = (n: SpanNode | undefined) => (n ? n.end - n.start : 0);
  const self = (n: SpanNode | undefined) => (n ? selfTime(n) : 0);
  const durationDelta = duration(b) - duration(a);
  const selfDelta = self(b) - self(a);
  const shown = (b ?? a)!.span;
  const base = { a: a?.span.spanId ?? null, b: b?.span.spanId ?? null, service: shown.service, name: shown.name, depth, durationDeltaNano: String(durationDelta), selfTimeDeltaNano: String(selfDelta) };
  if (!a || !b) return { status: a ? 'removed' : 'added', ...base, attributeChanges: [] };
  const attributeChanges = changedAttributes((a.span as DiffSpan).attributes, (b.span as DiffSpan).attributes);
  const moved = (delta: number, before: number) => Math.abs(delta) >= Math.max(CHANGED_MIN_NS, CHANGED_SHARE * before);
  const changed = a.span.status !== b.span.status || attributeChanges.length > 0 || moved(durationDelta, duration(a)) || moved(selfDelta, self(a));
  return { status: changed ? 'changed' : 'same', ...base, attributeChanges };
}

function changedAttributes(a: Record<string, string>, b: Record<string, string>): DiffRow['attributeChanges'] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => a[k] !== b[k]).map((k) => ({ key: k, a: a[k] ?? null, b: b[k] ?? null }));
}

function contributors(rows: DiffRow[]): Diff['topContributors'] {
  const groups = new Map<string, { service: string; name: string; delta: number; aCount: number; bCount: number }>();
  for (const r of rows) {
    const name = normalizeName(r.name);
    const k = `${r.service}\u0000${name}`;
    let group = groups.get(k);
    if (!group) groups.set(k, (group = { service: r.service, name, delta: 0, aCount: 0, bCount: 0 }));
    group.delta += Number(r.selfTimeDeltaNano);
    if (r.a) group.aCount++;
    if (r.b) group.bCount++;
  }
  return [...groups.values()]
    .filter((g) => g.delta !== 0)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || y.delta - x.delta)
    .slice(0, TOP_CONTRIBUTORS)
    .map((g) => ({ service: g.service, name: g.name, selfTimeDeltaNano: String(g.delta), aCount: g.aCount, bCount: g.bCount }));
}
