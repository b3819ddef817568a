/** `spanscope query 'TRACEQL' [--db PATH] [--since 1h] [--limit N] [--json]`: the traces a TraceQL query finds. */
import { DEFAULT_MAX_DB_BYTES, DEFAULT_MAX_QUEUED_SPANS, DEFAULT_RETENTION_MS } from '../core/core-options';
import { openStore } from '../core/open-store';
import { checkTraceQL, DEFAULT_SPANS_PER_SPANSET } from '../query/traceql-request';
import type { SearchResponse } from '../model/api';
import { traceqlSearch } from '../query/traceql-search';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../query/search-query';
import { TraceQLError } from '../traceql/errors';
import { DB_FLAG, HELP_DB } from './archive-args';
import { flagHelp, parseFlags, UsageError, type FlagTable } from './flag-table';
import { parseCount, parseRetention } from './flag-values';

export interface QueryArgs {
  query: string;
  dbPath: string;
  /** 0: all time. */
  sinceMs: number;
  limit: number;
  json: boolean;
}

const QUERY_FLAGS: FlagTable<QueryArgs, string> = {
  '--db': DB_FLAG,
  '--since': { value: 'DURATION', help: 'only traces with spans this recent: 30m, 1h, 7d; 0 for all', default: '1h', set: (a, text, flag) => (a.sinceMs = parseRetention(text, flag)) },
  '--limit': { value: 'N', help: `traces to list, newest first (at most ${MAX_LIMIT})`, default: String(DEFAULT_LIMIT), set: (a, text, flag) => (a.limit = Math.min(parseCount(text, flag), MAX_LIMIT)) },
  '--json': { help: 'print the same document as GET /api/search', set: (a) => (a.json = true) },
};

export const QUERY_HELP = `Usage: spanscope query 'TRACEQL' [--db PATH] [--since 1h] [--limit N] [--json]

  Runs a TraceQL query (Grafana Tempo's language) on a store and lists the traces it finds with their matching
  spans, e.g. spanscope query '{ resource.service.name = "frontend" } >> { status = error }'

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
    const startNs = args.sinceMs === 0 ? undefined : BigInt(now - args.sinceMs) * 1_000_000n;
    const answer = traceqlSearch(store.reader, parsed, { startNs, limit: args.limit, spansPerSpanset: DEFAULT_SPANS_PER_SPANSET });
    process.stdout.write(args.json ? `${JSON.stringify(answer)}\n` : searchSummary(answer));
    return 0;
  } finally {
    await store.close();
  }
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
