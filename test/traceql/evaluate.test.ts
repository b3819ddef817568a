import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeZipkinJsonText } from '../../src-main/formats/zipkin-decode';
import type { Span } from '../../src-main/model/span';
import { evaluateTrace } from '../../src-main/traceql/evaluate';
import { parseTraceQL } from '../../src-main/traceql/parse';
import { queryTrace } from '../../src-main/traceql/query-trace';
import { attrs, resource, span } from '../helpers/spans';

const TRACE = 'ab'.repeat(16);
const T0 = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;
const id = (n: number) => n.toString(16).padStart(16, '0');

/**
 * frontend GET /checkout (1) → checkout POST /checkout (2) → postgres SELECT (3, 4, 25 ms, 5 ms), payments charge (5,
 * error) → payments INSERT (6); frontend render (7), a leaf; an event on 5 and a link on 7.
 */
function shop(): Span[] {
  const web = resource('frontend', { 'deployment.environment': 'staging' });
  const checkout = resource('checkout');
  const payments = resource('payments');
  const at = (ms: number) => T0 + BigInt(ms) * MS;
  const s = (n: number, parent: number, name: string, from: number, to: number, rest: Partial<Span> = {}) =>
    span({ traceId: TRACE, spanId: id(n), parentSpanId: parent ? id(parent) : '', name, startTimeUnixNano: at(from), endTimeUnixNano: at(to), ...rest });
  return [
    s(1, 0, 'GET /checkout', 0, 100, { resource: web, kind: 'SERVER', attributes: attrs({ 'http.route': '/checkout', 'http.status_code': 200n, 'cache.hit': true }) }),
    s(2, 1, 'POST /checkout', 5, 90, { resource: checkout, kind: 'SERVER', attributes: attrs({ 'http.request.header.accept': ['application/json', 'text/html'] }) }),
    s(3, 2, 'SELECT orders', 10, 35, { resource: checkout, kind: 'CLIENT', attributes: attrs({ 'db.system': 'postgresql', 'db.rows': 12n }) }),
    s(4, 2, 'SELECT items', 36, 41, { resource: checkout, kind: 'CLIENT', attributes: attrs({ 'db.system': 'postgresql', 'db.rows': 3n }) }),
    s(5, 2, 'charge', 42, 80, {
      resource: payments,
      kind: 'SERVER',
      status: { code: 'ERROR', message: 'card declined' },
      events: [{ name: 'exception', timeUnixNano: at(70), attributes: attrs({ 'exception.type': 'Declined' }), droppedAttributesCount: 0 }],
    }),
    s(6, 5, 'INSERT attempts', 50, 55, { resource: payments, kind: 'CLIENT', attributes: attrs({ 'db.system': 'postgresql' }) }),
    s(7, 1, 'render', 91, 99, { resource: web, kind: 'INTERNAL', links: [{ traceId: 'cd'.repeat(16), spanId: id(99), traceState: '', flags: 0, attributes: attrs({ 'opentracing.ref_type': 'follows_from' }), droppedAttributesCount: 0 }] }),
  ];
}

/** The ids (their numbers) of the spans the query's spansets hold, sorted. */
function matched(query: string, spans = shop()): number[] {
  const sets = evaluateTrace(parseTraceQL(query).pipeline, queryTrace(spans));
  return [...new Set(sets.flatMap((s) => s.spans.map((n) => parseInt(n.span.spanId, 16))))].sort((a, b) => a - b);
}

describe('TraceQL on one trace: spanset filters', () => {
  it('selects spans by intrinsics', () => {
    expect(matched('{ }')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(matched('{ status = error }')).toEqual([5]);
    expect(matched('{ kind = client && duration > 10ms }')).toEqual([3]);
    expect(matched('{ span:childCount = 0 }')).toEqual([3, 4, 6, 7]);
    expect(matched('{ name =~ "SELECT.*" }')).toEqual([3, 4]);
    expect(matched('{ name =~ "SELECT" }')).toEqual([]); // fully anchored
    expect(matched('{ statusMessage = "card declined" }')).toEqual([5]);
    expect(matched('{ trace:rootService = "frontend" && trace:rootName = "GET /checkout" && span:parentID = nil }')).toEqual([1]);
    expect(matched('{ trace:duration > 90ms && kind = internal }')).toEqual([7]);
  });

  it('reads attributes by scope, unscoped ones from the span then its resource, and compares types strictly', () => {
    expect(matched('{ resource.service.name = "payments" }')).toEqual([5, 6]);
    expect(matched('{ .deployment.environment = "staging" }')).toEqual([1, 7]);
    expect(matched('{ span.deployment.environment = "staging" }')).toEqual([]);
    expect(matched('{ span.http.status_code = 200 }')).toEqual([1]);
    expect(matched('{ span.http.status_code = "200" }')).toEqual([]);
    expect(matched('{ span.db.rows > 5 }')).toEqual([3]);
    expect(matched('{ span.db.rows * 2 = 6 }')).toEqual([4]);
    expect(matched('{ instrumentation:name = "test-scope" && span.db.system = "postgresql" }')).toEqual([3, 4, 6]);
  });

  it('treats nil, arrays and boolean attributes as Tempo does', () => {
    expect(matched('{ span.db.system = nil && kind = server }')).toEqual([1, 2, 5]);
    expect(matched('{ span.db.system != nil }')).toEqual([3, 4, 6]);
    expect(matched('{ span.db.system != "mysql" }')).toEqual([3, 4, 6]); // a missing attribute is not "not mysql"
    expect(matched('{ span.http.request.header.accept = "text/html" }')).toEqual([2]);
    expect(matched('{ span.http.request.header.accept != "text/html" && kind = server && span.http.request.header.accept != nil }')).toEqual([]);
    expect(matched('{ span.http.request.header.accept =~ "application/.*" }')).toEqual([2]);
    expect(matched('{ span.cache.hit || status = error }')).toEqual([1, 5]);
  });

  it('matches event and link fields per event and link', () => {
    expect(matched('{ event:name = "exception" && event.exception.type = "Declined" }')).toEqual([5]);
    expect(matched('{ event:timeSinceStart > 20ms }')).toEqual([5]);
    expect(matched('{ link.opentracing.ref_type = "follows_from" && link:spanID = "0000000000000063" }')).toEqual([7]);
  });
});

describe('TraceQL on one trace: structure and pipelines', () => {
  it('returns the right side of structural operators, both sides for the union forms', () => {
    expect(matched('{ resource.service.name = "frontend" } >> { span.db.system = "postgresql" && duration > 10ms }')).toEqual([3]);
    expect(matched('{ resource.service.name = "checkout" } > { kind = server }')).toEqual([5]);
    expect(matched('{ name = "INSERT attempts" } < { }')).toEqual([5]);
    expect(matched('{ status = error } << { }')).toEqual([1, 2]);
    expect(matched('{ name = "SELECT orders" } ~ { }')).toEqual([4, 5]);
    expect(matched('{ } !< { resource.service.name = "checkout" }')).toEqual([3, 4]); // checkout's leaves
    expect(matched('{ status = error } !> { kind = client }')).toEqual([3, 4]);
    expect(matched('{ name = "SELECT orders" } !~ { kind = client }')).toEqual([3, 6]);
    expect(matched('{ name = "charge" } &> { }')).toEqual([5, 6]);
    expect(matched('{ kind = server } &>> { status = error }')).toEqual([1, 2, 5]);
  });

  it('combines spansets with && and ||, which need both or either side', () => {
    expect(matched('{ status = error } && { name = "render" }')).toEqual([5, 7]);
    expect(matched('{ status = error } && { name = "nothing" }')).toEqual([]);
    expect(matched('{ status = error } || { name = "nothing" }')).toEqual([5]);
  });

  it('filters by aggregates, groups with by(), and merges with coalesce()', () => {
    expect(matched('{ span.db.system = "postgresql" } | count() > 2')).toEqual([3, 4, 6]);
    expect(matched('{ span.db.system = "postgresql" } | count() > 3')).toEqual([]);
    expect(matched('{ kind = client } | avg(duration) > 10ms')).toEqual([3, 4, 6]);
    expect(matched('{ kind = client } | max(duration) <= 20ms')).toEqual([]);
    const sets = evaluateTrace(parseTraceQL('{ span.db.system = "postgresql" } | by(resource.service.name) | count() > 1').pipeline, queryTrace(shop()));
    expect(sets.map((s) => [s.groups[0].value, s.scalar])).toEqual([['checkout', 2]]);
    const merged = evaluateTrace(parseTraceQL('{ } | by(resource.service.name) | coalesce()').pipeline, queryTrace(shop()));
    expect(merged).toHaveLength(1);
    expect(merged[0].spans).toHaveLength(7);
  });

  it('answers "N+1": traces with more than 20 queries below one span', () => {
    const spans = [...shop(), ...Array.from({ length: 21 }, (_, i) => span({ traceId: TRACE, spanId: id(100 + i), parentSpanId: id(2), name: 'SELECT item', kind: 'CLIENT', attributes: attrs({ 'db.system': 'postgresql' }), resource: resource('checkout') }))];
    expect(matched('{ name = "POST /checkout" } > { span.db.system = "postgresql" } | count() > 20', spans)).toHaveLength(23);
    expect(matched('{ name = "POST /checkout" } > { span.db.system = "postgresql" } | count() > 20')).toEqual([]);
  });
});

describe('TraceQL on real traces (zipkin-lens fixtures)', () => {
  const fixture = (name: string) => decodeZipkinJsonText(readFileSync(join(__dirname, '../fixtures/zipkin-lens', name), 'utf8'));

  it('finds the Kafka consumer below the producer in messaging-kafka.json', () => {
    const spans = fixture('messaging-kafka.json');
    const trace = queryTrace(spans);
    const consumers = evaluateTrace(parseTraceQL('{ kind = producer } >> { kind = consumer }').pipeline, trace).flatMap((s) => s.spans);
    expect(consumers.length).toBeGreaterThan(0);
    for (const node of consumers) {
      expect(node.span.kind).toBe('CONSUMER');
      let up = node.parent;
      while (up && up.span.kind !== 'PRODUCER') up = up.parent;
      expect(up?.span.kind).toBe('PRODUCER');
    }
  });

  it('counts every span of a large trace with { } | count(), and its leaves with span:childCount', () => {
    const spans = fixture('smartthings-mobile-web-install.json');
    const trace = queryTrace(spans);
    expect(spans.length).toBeGreaterThan(500);
    const all = evaluateTrace(parseTraceQL(`{ } | count() = ${spans.length}`).pipeline, trace);
    expect(all[0].spans).toHaveLength(spans.length);
    expect(evaluateTrace(parseTraceQL(`{ } | count() > ${spans.length}`).pipeline, trace)).toEqual([]);
    const leaves = evaluateTrace(parseTraceQL('{ span:childCount = 0 }').pipeline, trace)[0].spans;
    expect(leaves.length).toBe(trace.spans.filter((n) => n.children.length === 0).length);
    expect(evaluateTrace(parseTraceQL('{ } !< { }').pipeline, trace)[0].spans.length).toBe(leaves.length);
  });
});
