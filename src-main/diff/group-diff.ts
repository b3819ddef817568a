/**
 * Compares groups of traces (the last 20 `GET /checkout` before a change and the 20 after): each group's traces
 * are merged into one tree, aligned as two traces are (align.ts), and every node keeps its durations and self
 * times across the group; the two merged trees are then aligned and compared by median (p50) and p95.
 */
import type { GroupDiff, GroupDiffRow, GroupFigures } from '../model/api';
import { selfTime } from '../model/self-time';
import { buildTraceTree, type SpanNode } from '../model/trace-tree';
import { alignKeys } from './align';
import type { DiffSide } from './diff-traces';
import { normalizeName } from '../model/normalize-name';

interface GroupNode {
  key: string;
  service: string;
  name: string;
  children: GroupNode[];
  durations: number[];
  selfTimes: number[];
}

const CHANGED_SHARE = 0.1;
const CHANGED_MIN_NS = 100_000;
const TOP_CONTRIBUTORS = 10;

const keyOf = (service: string, name: string) => `${service}\u0000${normalizeName(name)}`;

/** One tree for the group: each trace's spans join the nodes they align with, or become new ones. */
export function mergeGroup(sides: DiffSide[]): GroupNode[] {
  const roots: GroupNode[] = [];
  for (const side of sides) mergeInto(roots, buildTraceTree(side.spans, '0').roots);
  return roots;
}

function mergeInto(into: GroupNode[], nodes: SpanNode[]): void {
  const stack: [GroupNode[], SpanNode[]][] = [[into, nodes]];
  while (stack.length > 0) {
    const [group, spans] = stack.pop()!;
    const pairs = alignKeys(
      group.map((g) => g.key),
      spans.map((n) => keyOf(n.span.service, n.span.name)),
    );
    const merged: GroupNode[] = [];
    for (const [i, j] of pairs) {
      const target = i >= 0 ? group[i] : { key: keyOf(spans[j].span.service, spans[j].span.name), service: spans[j].span.service, name: spans[j].span.name, children: [], durations: [], selfTimes: [] };
      merged.push(target);
      if (j < 0) continue;
      const span = spans[j];
      target.durations.push(span.end - span.start);
      target.selfTimes.push(selfTime(span));
      stack.push([target.children, span.children]);
    }
    group.splice(0, group.length, ...merged);
  }
}

export function diffGroups(a: DiffSide[], b: DiffSide[]): GroupDiff {
  const rows: GroupDiffRow[] = [];
  type Entry = { a?: GroupNode; b?: GroupNode; depth: number };
  const stack: Entry[] = [];
  const pushAligned = (as: GroupNode[], bs: GroupNode[], depth: number) => {
    const pairs = alignKeys(as.map((n) => n.key), bs.map((n) => n.key));
    for (let k = pairs.length - 1; k >= 0; k--) stack.push({ a: pairs[k][0] >= 0 ? as[pairs[k][0]] : undefined, b: pairs[k][1] >= 0 ? bs[pairs[k][1]] : undefined, depth });
  };
  pushAligned(mergeGroup(a), mergeGroup(b), 0);
  while (stack.length > 0) {
    const { a: na, b: nb, depth } = stack.pop()!;
    rows.push(row(na, nb, depth, a.length, b.length));
    if (na && nb) pushAligned(na.children, nb.children, depth + 1);
    else for (const child of [...(na ?? nb)!.children].reverse()) stack.push({ a: na ? child : undefined, b: nb ? child : undefined, depth: depth + 1 });
  }
  return { a: a.map((s) => s.traceId), b: b.map((s) => s.traceId), rows, topContributors: contributors(rows) };
}

function figures(node: GroupNode | undefined): GroupFigures | null {
  if (!node || node.durations.length === 0) return null;
  return { count: node.durations.length, p50Nano: String(quantile(node.durations, 0.5)), p95Nano: String(quantile(node.durations, 0.95)), selfP50Nano: String(quantile(node.selfTimes, 0.5)) };
}

/** Changed: the median moved by 10% and 0.1 ms, or the span is in a different share of the traces. */
function row(a: GroupNode | undefined, b: GroupNode | undefined, depth: number, aTraces: number, bTraces: number): GroupDiffRow {
  const fa = figures(a);
  const fb = figures(b);
  const shown = (b ?? a)!;
  const delta = Number(fb?.p50Nano ?? 0) - Number(fa?.p50Nano ?? 0);
  const status = !fa ? 'added' : !fb ? 'removed' : Math.abs(delta) >= Math.max(CHANGED_MIN_NS, CHANGED_SHARE * Number(fa.p50Nano)) || fa.count * bTraces !== fb.count * aTraces ? 'changed' : 'same';
  return { status, service: shown.service, name: shown.name, depth, a: fa, b: fb, p50DeltaNano: String(delta) };
}

/** The sample at quantile q (nearest rank). */
export function quantile(values: number[], q: number): number {
  return quantileOfSorted([...values].sort((x, y) => x - y), q);
}

/** The index of the sample at quantile q (nearest rank) among n sorted ones. */
export function quantileRank(n: number, q: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
}

/** `quantile` of samples already sorted ascending: no copy, no sort. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  return sorted[quantileRank(sorted.length, q)];
}

function contributors(rows: GroupDiffRow[]): GroupDiff['topContributors'] {
  const groups = new Map<string, { service: string; name: string; delta: number }>();
  for (const r of rows) {
    const k = keyOf(r.service, r.name);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { service: r.service, name: normalizeName(r.name), delta: 0 }));
    g.delta += Number(r.b?.selfP50Nano ?? 0) - Number(r.a?.selfP50Nano ?? 0);
  }
  return [...groups.values()]
    .filter((g) => g.delta !== 0)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || y.delta - x.delta)
    .slice(0, TOP_CONTRIBUTORS)
    .map((g) => ({ service: g.service, name: g.name, selfP50DeltaNano: String(g.delta) }));
}
