/**
 * Spanscope's MCP tools: the questions an agent beside a developer asks (which request is slow, where, what changed
 * since the last run, what did the logs say), each answered from the same reads as the HTTP API, in small
 * documents bounded to `maxBytes` that say when they were cut. Arguments are checked by the API's own parsers, so
 * a bad one comes back as the API's sentence, as a tool error.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ApiLogRecord, ApiRunComparison, ApiRunOperation, ApiSpan, ApiTrace, Diff, MetricsAnswer, SearchResponse, ServiceMap, TraceSummary } from '../model/api';
import { parseSearchQuery } from '../query/search-query';
import { parseTraceQLMetricsRequest, parseTraceQLSearchRequest } from '../query/traceql-request';
import { QueryError } from '../query/query-error';
import { spanIdOf, traceIdOf } from '../query/trace-id';
import { TraceQLError } from '../traceql/errors';
import type { ReadRequest } from '../server/read-protocol';
import { boundList } from './bounded-answer';
import type { McpReads } from './mcp-reads';
import { spanPage, traceDigest } from './trace-digest';

/** Searches without a time range cover this much before now. */
const DEFAULT_SEARCH_MS = 24 * 3_600_000;
const SPANS_PER_PAGE = 100;
const TRACE_ID = z.string().describe('32 hex digits (or 16, a Zipkin short id)');
const ms = (nano: string | number | bigint) => Math.round(Number(nano) / 1e3) / 1e3;
const iso = (nano: string) => new Date(Number(BigInt(nano) / 1_000_000n)).toISOString();

/** A tool's failure that is the caller's: said as a tool error, not a protocol error. */
class ToolInputError extends Error {}

export interface McpToolOptions {
  version: string;
  maxBytes: number;
  now?: () => number;
}

export function spanscopeMcpServer(reads: McpReads, options: McpToolOptions): McpServer {
  const server = new McpServer({ name: 'spanscope', version: options.version });
  const now = options.now ?? Date.now;
  const { maxBytes } = options;

  /** The read's document, or a ToolInputError with the API's sentence (an unknown trace, a bad query). */
  async function read<T>(request: ReadRequest): Promise<T> {
    const { status, document } = await reads.read(request);
    if (status >= 400) throw new ToolInputError((document as { error?: string }).error ?? `the read failed (${status})`);
    return document as T;
  }

  function tool<S extends z.ZodRawShape>(name: string, description: string, inputSchema: S, answer: (args: z.infer<z.ZodObject<S>>) => Promise<object>): void {
    server.registerTool(name, { description, inputSchema }, (async (args: z.infer<z.ZodObject<S>>): Promise<CallToolResult> => {
      try {
        const document = await answer(args);
        return { content: [{ type: 'text', text: JSON.stringify(document) }], structuredContent: document as Record<string, unknown> };
      } catch (error) {
        if (error instanceof ToolInputError || error instanceof QueryError || error instanceof TraceQLError) return { isError: true, content: [{ type: 'text', text: error.message }] };
        throw error;
      }
    }) as never);
  }

  /** The API's time parameters: RFC 3339 or epoch ms; a search without a start covers the last 24 hours. */
  const window = (start: string | undefined, end: string | undefined, params: URLSearchParams) => {
    params.set('start', start ?? String(now() - DEFAULT_SEARCH_MS));
    if (end) params.set('end', end);
  };
  const time = z.string().optional();

  tool(
    'search_traces',
    'Find traces: a TraceQL query, or the simple fields (service, operation, minimum duration, errors only); newest first, each with its root, duration and services. Without start, the last 24 hours.',
    {
      query: z.string().optional().describe('TraceQL, e.g. { resource.service.name = "checkout" && duration > 200ms }; when given, the simple fields are not used'),
      service: z.string().optional(),
      operation: z.string().optional().describe('span name'),
      minDuration: z.string().optional().describe('e.g. 250ms, 1.5s'),
      errorsOnly: z.boolean().optional(),
      start: time.describe('RFC 3339 or epoch milliseconds'),
      end: time.describe('RFC 3339 or epoch milliseconds'),
      limit: z.number().int().min(1).max(100).optional().describe('traces, at most 100 (default 20)'),
    },
    async (args) => {
      const params = new URLSearchParams();
      window(args.start, args.end, params);
      params.set('limit', String(args.limit ?? 20));
      if (args.query !== undefined) {
        params.set('q', args.query);
        const found = await read<SearchResponse>({ kind: 'traceql-search', db: reads.db, request: parseTraceQLSearchRequest(params) });
        const traces = found.traces.map((t) => ({
          traceId: t.traceID,
          rootService: t.rootServiceName,
          rootName: t.rootTraceName,
          startTime: iso(t.startTimeUnixNano),
          durationMs: t.durationMs,
          matchedSpans: t.spanSets.reduce((n, set) => n + set.matched, 0),
          spans: t.spanSets.flatMap((set) => set.spans.map((s) => ({ spanId: s.spanID, name: s.name, durationMs: ms(s.durationNanos) }))),
        }));
        return boundList({ traces, inspectedTraces: found.metrics.inspectedTraces }, 'traces', maxBytes, 'traces', 'lower limit or narrow the query');
      }
      for (const [key, value] of [['service', args.service], ['operation', args.operation], ['minDuration', args.minDuration]] as const) if (value) params.set(key, value);
      if (args.errorsOnly) params.set('status', 'error');
      const found = await read<{ traces: TraceSummary[] }>({ kind: 'search', db: reads.db, query: parseSearchQuery(params) });
      const traces = found.traces.map((t) => ({
        traceId: t.traceId,
        rootService: t.rootService,
        rootName: t.rootName,
        startTime: iso(t.startTimeUnixNano),
        durationMs: ms(t.durationNano),
        spanCount: t.spanCount,
        errorCount: t.errorCount,
        services: t.services.map((s) => s.name),
      }));
      return boundList({ traces }, 'traces', maxBytes, 'traces', 'lower limit or narrow the search');
    },
  );

  tool(
    'get_trace',
    'A trace made for reading: root, duration, services, errors with their messages, the critical path, the spans with the most self time; then its spans in tree order, 100 a page.',
    { traceId: TRACE_ID, page: z.number().int().min(1).optional().describe('page of the span list, from 1') },
    async ({ traceId, page = 1 }) => {
      const trace = await read<ApiTrace>({ kind: 'trace', db: reads.db, traceId: traceIdOf(traceId) });
      const spans = spanPage(trace, page, SPANS_PER_PAGE);
      if (page > spans.pages) throw new ToolInputError(`page ${page} is past the last (${spans.pages}) of this trace's ${trace.spans.length} spans`);
      return boundList({ ...traceDigest(trace), page: spans.page, pages: spans.pages, spans: spans.spans }, 'spans', maxBytes, `spans of page ${page}`, 'get_span gives one span whole');
    },
  );

  tool('get_span', 'One span whole: its attributes, resource, scope, events, links and status.', { traceId: TRACE_ID, spanId: z.string().describe('16 hex digits') }, async ({ traceId, spanId }) => {
    const span = await read<ApiSpan>({ kind: 'span', db: reads.db, traceId: traceIdOf(traceId), spanId: spanIdOf(spanId) });
    return boundList(span, 'events', maxBytes, 'events', 'the span is too large to show whole');
  });

  tool(
    'find_in_trace',
    "The spans of a trace whose name, service, or an attribute value of the span, its resource or its events holds the text (case-insensitive).",
    { traceId: TRACE_ID, text: z.string().min(1) },
    async ({ traceId, text }) => {
      const id = traceIdOf(traceId);
      const [found, trace] = await Promise.all([read<{ spanIds: string[] }>({ kind: 'find', db: reads.db, traceId: id, text }), read<ApiTrace>({ kind: 'trace', db: reads.db, traceId: id })]);
      const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
      const spans = found.spanIds.map((spanId) => {
        const span = byId.get(spanId)!;
        return { spanId, service: span.service, name: span.name, durationMs: ms(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)), status: span.status.code };
      });
      return boundList({ traceId: id, text, matches: spans.length, spans }, 'spans', maxBytes, 'matching spans', 'search for a longer text');
    },
  );

  tool(
    'service_map',
    'Who calls whom: services, databases and brokers with their span and error counts, and each call edge with its count, errors, p50 and p95. Without start, all stored time.',
    { start: time.describe('RFC 3339 or epoch milliseconds'), end: time },
    async ({ start, end }) => {
      const params = new URLSearchParams(Object.entries({ start, end }).filter((e): e is [string, string] => e[1] !== undefined));
      const map = await read<ServiceMap>({ kind: 'service-map', db: reads.db, ...timeRange(params) });
      const edges = map.edges
        .map((e) => ({ from: e.source, to: e.target, calls: e.callCount, errors: e.errorCount, p50Ms: ms(e.p50Nano), p95Ms: ms(e.p95Nano) }))
        .sort((a, b) => b.calls - a.calls);
      return boundList({ nodes: map.nodes.map((n) => ({ id: n.id, type: n.type, spans: n.spanCount, errors: n.errorCount })), edges }, 'edges', maxBytes, 'edges, the busiest first', 'name a shorter time range');
    },
  );

  tool(
    'query_metrics',
    'A TraceQL metrics query (rate(), count_over_time(), quantile_over_time(duration, .95) by (…), compare(…)) over a time range (default the last hour), one series per label set.',
    { query: z.string(), start: time, end: time, step: z.string().optional().describe('e.g. 1m; default a hundredth of the range') },
    async ({ query, start, end, step }) => {
      const params = new URLSearchParams({ q: query });
      for (const [key, value] of Object.entries({ start, end, step })) if (value) params.set(key, value);
      const answer = await read<MetricsAnswer>({ kind: 'traceql-metrics', db: reads.db, request: parseTraceQLMetricsRequest(params, now()) });
      const series = answer.series.map((s) => ({ labels: Object.fromEntries(s.labels.map((l) => [l.key, Object.values(l.value)[0]])), samples: s.samples.map((p) => [p.timestampMs, p.value]), exemplars: s.exemplars.length }));
      return boundList({ series }, 'series', maxBytes, 'series', 'narrow the query or add a by() with fewer values');
    },
  );

  tool(
    'compare_traces',
    'What changed from trace A to trace B: the duration change, matched/added/removed/changed span counts, the operations whose own time changed most, and the changed rows.',
    { a: TRACE_ID, b: TRACE_ID },
    async ({ a, b }) => {
      const diff = await read<Diff>({ kind: 'diff', a: { db: reads.db, traceId: traceIdOf(a) }, b: { db: reads.db, traceId: traceIdOf(b) } });
      const rows = diff.rows
        .filter((r) => r.status !== 'same')
        .map((r) => ({ status: r.status, service: r.service, name: r.name, depth: r.depth, a: r.a, b: r.b, durationDeltaMs: ms(r.durationDeltaNano), selfTimeDeltaMs: ms(r.selfTimeDeltaNano), attributeChanges: r.attributeChanges.slice(0, 5) }));
      const document = {
        a: diff.a,
        b: diff.b,
        durationDeltaMs: ms(diff.durationDeltaNano),
        matched: diff.matched,
        added: diff.added,
        removed: diff.removed,
        changed: diff.changed,
        topContributors: diff.topContributors.slice(0, 10).map((c) => ({ service: c.service, name: c.name, selfTimeDeltaMs: ms(c.selfTimeDeltaNano), aCount: c.aCount, bCount: c.bCount })),
        rows,
      };
      return boundList(document, 'rows', maxBytes, 'changed rows', 'the top contributors say where the time went');
    },
  );

  tool(
    'compare_runs',
    'Run against run (a run: a service.version, a git revision, a deployment environment, or one started by hand): the regressions by impact with how sure each is, then improvements and operations only one run has.',
    { a: z.string().describe('the earlier run: its id, ORIGIN=LABEL (service.version=1.4.2) or its label'), b: z.string().describe('the later run') },
    async ({ a, b }) => {
      const comparison = await read<ApiRunComparison>({ kind: 'run-comparison', db: reads.db, a, b });
      const line = (o: ApiRunOperation) => ({
        service: o.service,
        name: o.name,
        root: o.root,
        verdict: o.verdict,
        presence: o.presence,
        calls: [o.a.count, o.b.count],
        p50Ms: [ms(o.a.p50Nano), ms(o.b.p50Nano)],
        p95Ms: [ms(o.a.p95Nano), ms(o.b.p95Nano)],
        p99Ms: [ms(o.a.p99Nano), ms(o.b.p99Nano)],
        errorRate: [o.a.errorRate, o.b.errorRate],
        confidence: o.confidence,
        impactMs: ms(o.impactNano),
      });
      const notable = comparison.operations.filter((o) => o.verdict !== 'unchanged' && !(o.verdict === 'not enough data' && o.presence === 'both')).map(line);
      const counts = (verdict: string) => comparison.operations.filter((o) => o.verdict === verdict).length;
      return boundList(
        {
          a: { id: comparison.runA.id, label: comparison.runA.label, origin: comparison.runA.origin, traces: comparison.runA.traceCount },
          b: { id: comparison.runB.id, label: comparison.runB.label, origin: comparison.runB.origin, traces: comparison.runB.traceCount },
          regressions: comparison.regressions.length,
          improvements: counts('improvement'),
          unchanged: counts('unchanged'),
          notEnoughData: counts('not enough data'),
          operations: notable,
        },
        'operations',
        maxBytes,
        'notable operations (regressions first)',
        'the first are the costliest',
      );
    },
  );

  tool(
    'get_logs',
    "The log records of a trace, or of one of its spans, in time order, with severity, service, body and attributes.",
    { traceId: TRACE_ID, spanId: z.string().optional().describe('16 hex digits: only this span\'s records') },
    async ({ traceId, spanId }) => {
      const { logs } = await read<{ logs: ApiLogRecord[] }>({ kind: 'trace-logs', db: reads.db, traceId: traceIdOf(traceId) });
      const only = spanId === undefined ? undefined : spanIdOf(spanId);
      const records = logs
        .filter((r) => only === undefined || r.spanId === only)
        .map((r) => ({ time: iso(r.timeUnixNano), severity: r.severityText || String(r.severityNumber), service: r.service, spanId: r.spanId, body: r.body, attributes: r.attributes }));
      return boundList({ traceId, records }, 'records', maxBytes, 'records', 'name a spanId for fewer');
    },
  );

  return server;
}

function timeRange(params: URLSearchParams): { startNs?: bigint; endNs?: bigint } {
  const search = parseSearchQuery(params);
  return { startNs: search.startNs, endNs: search.endNs };
}
