/** `spanscope query 'TRACEQL' [--db PATH] [--since 1h] [--limit N] [--json]`: the traces a TraceQL query finds, or a metrics query's series. */
import { DEFAULT_MAX_DB_BYTES, DEFAULT_MAX_QUEUED_SPANS, DEFAULT_RETENTION_MS } from '../core/core-options';
import { openStore } from '../core/open-store';
import { checkTraceQL, DEFAULT_SPANS_PER_SPANSET, parseTraceQLMetricsRequest } from '../query/traceql-request';
import { traceqlMetrics, type SeriesJson } from '../query/traceql-metrics';
import type { SearchResponse } from '../model/api';
import { traceqlSearch } from '../query/traceql-search';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../query/search-query';
import { parseTime } from '../query/parse-time';
import { QueryError } from '../query/query-error';
import { TraceQLError } from '../traceql/errors';
import { DB_FLAG, HELP_DB } from './archive-args';
import { flagHelp, parseFlags, UsageError, type FlagTable } from './flag-table';
import { parseCount, parseRetention } from './flag-values';

export interface QueryArgs {
  query: string;
  dbPath: string;
  /** 0: all time. */
  sinceMs: number;
  /** As the API takes them (RFC 3339 or epoch ms); `start` wins over `sinceMs`. */
  start?: string;
  end?: string;
  limit: number;
  json: boolean;
}

const QUERY_FLAGS: FlagTable<QueryArgs, string> = {
  '--db': DB_FLAG,
  '--since': { value: 'DURATION', help: 'only traces with spans this recent: 30m, 1h, 7d; 0 for all', default: '1h', set: (a, text, flag) => (a.sinceMs = parseRetention(text, flag)) },
  '--start': { value: 'TIME', help: 'from this time (RFC 3339 or epoch ms) instead of --since', set: (a, text, flag) => (a.start = checkedTime(text, flag)) },
  '--end': { value: 'TIME', help: 'up to this time (RFC 3339 or epoch ms); default now', set: (a, text, flag) => (a.end = checkedTime(text, flag)) },
  '--limit': { value: 'N', help: `traces to list, newest first (at most ${MAX_LIMIT})`, default: String(DEFAULT_LIMIT), set: (a, text, flag) => (a.limit = Math.min(parseCount(text, flag), MAX_LIMIT)) },
  '--json': { help: 'print the same document as GET /api/search (or /api/metrics/query_range)', set: (a) => (a.json = true) },
};

export const QUERY_HELP = `Usage: spanscope query 'TRACEQL' [--db PATH] [--since 1h | --start T] [--end T] [--limit N] [--json]

  Runs a TraceQL query (Grafana Tempo's language) on a store and lists the traces it finds with their matching
  spans, e.g. spanscope query '{ resource.service.name = "frontend" } >> { status = error }', or, for a metrics
  query, its series over --since (an hour when 0) in a hundred steps: spanscope query '{ } | rate() by (name)'

${flagHelp(QUERY_FLAGS, HELP_DB)}`;

export function parseQueryArgs(argv: string[], defaultDb: string): QueryArgs {
  const args: QueryArgs = { query: '', dbPath: '', sinceMs: 3_600_000, limit: DEFAULT_LIMIT, json: false };
  const positionals = parseFlags(argv, QUERY_FLAGS, args, defaultDb, { positionals: true, help: 'spanscope query --help' });
  if (positionals.length !== 1) throw new UsageError(`query needs one TraceQL query, in quotes: spanscope query '{ status = error }'`);
  args.query = positionals[0];
  return args;
}

export async function queryCommand(args: QueryArgs, writerWorkerPath: string, now = Date.now()): Promise<number> {
  let parsed;
  try {
    parsed = checkTraceQL(args.query);
  } catch (error) {
    if (!(error instanceof TraceQLError)) throw error;
    process.stderr.write(`spanscope query: ${error.message}\n${pointAt(args.query, error)}`);
    return 2;
  }
  const store = await openStore({ dbPath: args.dbPath, maxDbBytes: DEFAULT_MAX_DB_BYTES, retentionMs: DEFAULT_RETENTION_MS, maxQueuedSpans: DEFAULT_MAX_QUEUED_SPANS, writerWorkerPath });
  try {
    const end = args.end ?? String(now);
    if (parsed.metrics) {
      // The range and step as GET /api/metrics/query_range takes them by default.
      const start = args.start ?? String(Number(parseTime(end, '--end') / 1_000_000n) - (args.sinceMs || 3_600_000));
      const range = parseTraceQLMetricsRequest(new URLSearchParams({ q: args.query, start, end }), now);
      const answer = traceqlMetrics(store.reader, parsed, range);
      process.stdout.write(args.json ? `${JSON.stringify(answer)}\n` : seriesTable(answer.series, range.stepMs));
      return 0;
    }
    const startNs = args.start !== undefined ? parseTime(args.start, '--start') : args.sinceMs === 0 ? undefined : BigInt(now - args.sinceMs) * 1_000_000n;
    const endNs = args.end === undefined ? undefined : parseTime(args.end, '--end');
    const answer = traceqlSearch(store.reader, parsed, { startNs, endNs, limit: args.limit, spansPerSpanset: DEFAULT_SPANS_PER_SPANSET });
    process.stdout.write(args.json ? `${JSON.stringify(answer)}\n` : searchSummary(answer));
    return 0;
  } finally {
    await store.close();
  }
}

/** A time flag's text, checked as the API checks it; a UsageError naming the flag otherwise. */
function checkedTime(text: string, flag: string): string {
  try {
    parseTime(text, flag);
  } catch (error) {
    if (error instanceof QueryError) throw new UsageError(error.message);
    throw error;
  }
  return text;
}

/** The query's line with a caret under where it went wrong. */
function pointAt(query: string, error: TraceQLError): string {
  const line = query.split('\n')[error.line - 1] ?? '';
  return `  ${line}\n  ${' '.repeat(error.column - 1)}${'^'.repeat(Math.max(1, Math.min(error.to - error.offset, line.length - error.column + 1)))}\n`;
}

const ms = (ns: string) => `${Number((Number(ns) / 1e6).toPrecision(3))} ms`;

/** One block per trace: id, start, duration, root, then its matching spans. */
export function searchSummary(answer: SearchResponse): string {
  if (answer.traces.length === 0) return `No trace matches (${answer.metrics.inspectedTraces} inspected).\n`;
  const lines: string[] = [];
  for (const t of answer.traces) {
    const start = new Date(Number(BigInt(t.startTimeUnixNano) / 1_000_000n)).toISOString();
    lines.push(`${t.traceID}  ${start}  ${t.durationMs} ms  ${t.rootServiceName}: ${t.rootTraceName}`);
    for (const set of t.spanSets) {
      const by = (set.attributes ?? []).map((a) => `${a.key} = ${Object.values(a.value)[0]}`).join(', ');
      if (by) lines.push(`  ${by}`);
      for (const s of set.spans) {
        const service = s.attributes.find((a) => a.key === 'service.name');
        lines.push(`    ${s.spanID}  ${ms(s.durationNanos).padStart(10)}  ${service ? `${Object.values(service.value)[0]} ` : ''}${s.name}`);
      }
      if (set.matched > set.spans.length) lines.push(`    … ${set.matched - set.spans.length} more matching spans`);
    }
  }
  lines.push(`${answer.traces.length} traces (${answer.metrics.inspectedTraces} inspected).`);
  return `${lines.join('\n')}\n`;
}

/** One block per series: its labels, then a line per step with a value (time, value). */
export function seriesTable(series: SeriesJson[], stepMs: number): string {
  if (series.length === 0) return 'No span matches.\n';
  const lines: string[] = [];
  for (const s of series) {
    lines.push(s.labels.length === 0 ? '(all spans)' : s.labels.map((l) => `${l.key} = ${Object.values(l.value)[0] ?? 'nil'}`).join(', '));
    for (const p of s.samples) lines.push(`  ${new Date(p.timestampMs).toISOString()}  ${Number(p.value.toPrecision(6))}`);
  }
  lines.push(`${series.length} series, a step every ${stepMs / 1000} s.`);
  return `${lines.join('\n')}\n`;
}
