import { describe, expect, it } from 'vitest';
import type { WaterfallSpan } from '../../src-main/model/api';
import { selfTime } from '../../src-main/model/self-time';
import { buildTraceTree as buildTree } from '../../src-main/model/trace-tree';
import { visibleRows } from '../../src-renderer/lib/trace/visible-rows';
import { shopTree, zipkinTree } from './fixture-trees';

const T0 = 1_700_000_000_000_000_000n;
const MS = 1_000_000;

/** A span from offsets in ms: only what the tree looks at is filled in. */
function s(spanId: string, parentSpanId: string, startMs: number, endMs: number, kind: WaterfallSpan['kind'] = 'INTERNAL'): WaterfallSpan {
  return { spanId, parentSpanId, service: 'svc', name: spanId, kind, status: 'UNSET', start: startMs * MS, end: endMs * MS, events: [] };
}

const buildTraceTree = (spans: WaterfallSpan[]) => buildTree(spans, T0.toString());

describe('buildTraceTree', () => {
  it('nests spans under their parents, children in start order, with depths and times from the trace start', () => {
    const tree = buildTraceTree([s('c2', 'root', 20, 30), s('root', '', 0, 40), s('c1', 'root', 5, 15), s('g', 'c1', 6, 7)]);
    expect(tree.roots.map((r) => r.span.spanId)).toEqual(['root']);
    expect(tree.roots[0].children.map((c) => c.span.spanId)).toEqual(['c1', 'c2']);
    expect(tree.byId.get('g')).toMatchObject({ depth: 2, start: 6 * MS, end: 7 * MS });
    expect(tree.duration).toBe(40 * MS);
    expect(tree.maxDepth).toBe(2);
    expect(tree.startNano).toBe(T0.toString());
  });

  it('hangs spans with a missing parent under the root and marks them', () => {
    const tree = buildTraceTree([s('root', '', 0, 40), s('lost', 'gone', 10, 20)]);
    expect(tree.roots[0].children.map((c) => c.span.spanId)).toEqual(['lost']);
    expect(tree.byId.get('lost')).toMatchObject({ orphan: true, depth: 1 });
  });

  it('takes 300,000 orphans, under a root or as roots (more than a call has room for arguments)', () => {
    const orphans = Array.from({ length: 300_000 }, (_, i) => s(`o${i}`, `gone${i}`, i % 1000, 1000));
    expect(buildTraceTree([s('root', '', 0, 1000), ...orphans]).roots[0].children).toHaveLength(300_000);
    expect(buildTraceTree(orphans).roots).toHaveLength(300_000);
  });

  it('marks a child that starts before its parent (clock skew) and leaves it where it is', () => {
    const tree = buildTraceTree([s('root', '', 10, 40), s('early', 'root', 0, 20)]);
    const early = tree.byId.get('early')!;
    expect(early.skewed).toBe(true);
    expect(early.start).toBe(0);
    expect(tree.byId.get('root')!.start).toBe(10 * MS);
  });

  it('does not mark asynchronous messaging as skew: a consumer, what a producer or a poll hands on', () => {
    const tree = buildTraceTree(
      [
        s('send', '', 0, 5, 'PRODUCER'),
        s('consume', 'send', 40, 60, 'CONSUMER'), // starts after its parent ended
        s('poll', '', 0, 1, 'CONSUMER'),
        s('handle', 'poll', 2, 30), // a poll's message handled after the poll returned
        s('publish', 'handle', 20, 50, 'PRODUCER'), // the send outlives its caller
        s('call', '', 10, 20, 'CLIENT'),
        s('server', 'call', 5, 25, 'SERVER'), // a synchronous call: still skew
      ],
    );
    const skewed = [...tree.byId.values()].filter((n) => n.skewed).map((n) => n.span.spanId);
    expect(skewed).toEqual(['server']);
  });

  it('does not mark a child that starts after its parent ended (follows-from, fire-and-forget); one that overlaps the end still is', () => {
    const tree = buildTraceTree([
      s('root', '', 0, 100),
      s('request', 'root', 0, 10, 'SERVER'),
      s('audit', 'request', 12, 30), // follows from the request: starts once it answered
      s('call', 'root', 20, 30, 'CLIENT'),
      s('server', 'call', 25, 40, 'SERVER'), // starts inside its caller, ends after it: skew
    ]);
    expect([...tree.byId.values()].filter((n) => n.skewed).map((n) => n.span.spanId)).toEqual(['server']);
  });

  it('on the Kafka fixture (zipkin-lens messaging-kafka.json) marks no span as skew; on skew.json still the server that starts early', () => {
    const kafka = zipkinTree('messaging-kafka.json');
    expect([...kafka.byId.values()].some((n) => n.span.kind === 'CONSUMER' && n.parent !== undefined && n.start > n.parent.end)).toBe(true);
    expect([...kafka.byId.values()].filter((n) => n.skewed).map((n) => `${n.span.kind} ${n.span.name}`)).toEqual([]);
    expect([...zipkinTree('skew.json').byId.values()].filter((n) => n.skewed).map((n) => `${n.span.kind} ${n.span.service}`)).toEqual(['SERVER serviceb']);
  });

  it('survives a cycle of parent ids and a trace with no root', () => {
    const tree = buildTraceTree([s('a', 'b', 0, 10), s('b', 'a', 1, 5)]);
    expect(visibleRows(tree, new Set()).map((r) => r.node.span.spanId)).toEqual(['a', 'b']);
    expect(tree.byId.get('a')!.orphan).toBe(true);
    expect(tree.byId.get('b')!.parent).toBe(tree.byId.get('a'));
    expect(tree.byId.get('a')!.parent).toBeUndefined();
  });
});

describe('selfTime', () => {
  it('subtracts the union of the children, so concurrent children count once', () => {
    const tree = buildTraceTree([s('root', '', 0, 100), s('a', 'root', 10, 50), s('b', 'root', 30, 70), s('c', 'root', 90, 120)]);
    // children cover 10–70 and 90–100 (c clipped to the parent): 70 ms of 100
    expect(selfTime(tree.roots[0])).toBe(30 * MS);
    expect(selfTime(tree.byId.get('a')!)).toBe(40 * MS);
  });
});

describe('visibleRows', () => {
  it('lists the tree in order and leaves out what is under a collapsed span', () => {
    const tree = buildTraceTree([s('root', '', 0, 40), s('a', 'root', 0, 10), s('a1', 'a', 1, 2), s('b', 'root', 10, 30)]);
    expect(visibleRows(tree, new Set()).map((r) => r.node.span.spanId)).toEqual(['root', 'a', 'a1', 'b']);
    const collapsed = visibleRows(tree, new Set(['a']));
    expect(collapsed.map((r) => r.node.span.spanId)).toEqual(['root', 'a', 'b']);
    expect(collapsed[1]).toMatchObject({ childCount: 1, collapsed: true });
    expect(collapsed[2]).toMatchObject({ childCount: 0, collapsed: false });
  });

  it('counts each row\'s direct children (the "▾ 2" of the root of the shop trace) and ignores a collapse of a leaf', () => {
    const rows = visibleRows(shopTree(), new Set(['auth']));
    expect(rows.map((r) => `${r.node.span.spanId} ${r.childCount}`)).toEqual([
      'root 2',
      'auth-call 1',
      'auth 0',
      'products-call 1',
      'products 2',
      'select 0',
      'recommend-call 1',
      'recommend 0',
    ]);
    expect(rows[2].collapsed).toBe(false);
  });

  it('flattens 100,000 spans without recursion', () => {
    const spans = [s('root', '', 0, 1000)];
    for (let i = 1; i < 100_000; i++) spans.push(s(`s${i}`, i === 1 ? 'root' : `s${i - 1}`, 0, 1000)); // a 100,000-deep chain
    const tree = buildTraceTree(spans);
    expect(tree.maxDepth).toBe(99_999);
    expect(visibleRows(tree, new Set())).toHaveLength(100_000);
  });
});

