/** The answers of the long reads (read-protocol.ts), the same on a read thread and, for in-memory stores, inline. */
import { exportFileName, exportTraces } from '../archives/export-traces';
import { exportLogs } from '../archives/export-logs';
import { QueryError } from '../query/query-error';
import { searchTraces } from '../query/search';
import { checkTraceQL } from '../query/traceql-request';
import { traceqlMetrics } from '../query/traceql-metrics';
import { traceqlSearch } from '../query/traceql-search';
import { serviceMap, traceServiceMap } from '../query/service-map';
import { spanBaseline } from '../query/span-baseline';
import { tagValues } from '../query/tag-values';
import { tagScopes } from '../query/tempo-tags';
import { tempoTrace } from '../query/tempo-trace';
import { searchLogs, traceLogs } from '../query/logs';
import { getDiff, getGroupDiff } from '../query/trace-diff';
import { compareStoredRuns, runComparisonJson } from '../query/run-comparison';
import { namedRun, UnknownRunError } from '../query/run-list';
import { findSpans, getSpanJson, getTraceJson, getWaterfallJson } from '../query/trace-query';
import type { StoreReader } from '../store/store-reader';
import { compareTraceAttributes } from '../query/attribute-comparison';
import type { ReadAnswer, ReadRequest } from './read-protocol';

/** `cancelled` says when the asker has gone away: the queries that can run long stop then. */
export function answerRead(readerOf: (db: string) => StoreReader, request: ReadRequest, cancelled: () => boolean = () => false): ReadAnswer {
  try {
    return answer(readerOf, request, cancelled);
  } catch (error) {
    if (error instanceof QueryError) return jsonAnswer(400, { error: error.message });
    if (error instanceof UnknownRunError) return jsonAnswer(404, { error: error.message });
    throw error;
  }
}

function answer(readerOf: (db: string) => StoreReader, request: ReadRequest, cancelled: () => boolean): ReadAnswer {
  switch (request.kind) {
    case 'search':
      return jsonAnswer(200, { traces: searchTraces(readerOf(request.db), request.query) });
    case 'traceql-search': {
      const { q, startNs, endNs, limit, spansPerSpanset } = request.request;
      return jsonAnswer(200, traceqlSearch(readerOf(request.db), checkTraceQL(q), { startNs, endNs, limit, spansPerSpanset, cancelled }));
    }
    case 'traceql-metrics': {
      const { q, ...range } = request.request;
      return jsonAnswer(200, traceqlMetrics(readerOf(request.db), checkTraceQL(q), { ...range, cancelled }));
    }
    case 'logs':
      return jsonAnswer(200, { logs: searchLogs(readerOf(request.db), request.query, cancelled) });
    case 'trace-logs':
      return jsonAnswer(200, { logs: traceLogs(readerOf(request.db), request.traceId) });
    case 'export-logs': {
      const exported = exportLogs(readerOf(request.db), request.query, request.format, cancelled);
      const headers: Record<string, string> = { 'Content-Type': exported.contentType, 'Content-Disposition': `attachment; filename="${request.fileName}"`, 'X-Spanscope-Logs': String(exported.records) };
      if (exported.truncated) headers['X-Spanscope-Truncated'] = `the newest ${exported.records} records; narrow the filters (service, severity, text, start, end) for the others`;
      return { status: 200, body: exported.body, headers };
    }
    case 'tag-values':
      return jsonAnswer(200, tagValues(readerOf(request.db), request.tag, request.options));
    case 'tempo-tags':
      return jsonAnswer(200, tagScopes(readerOf(request.db), request.options));
    case 'tempo-trace': {
      const trace = tempoTrace(readerOf(request.db), request.request);
      // Tempo's words and type for a trace it does not have: Grafana then asks the v1 address, and shows this body.
      if (trace === undefined) return { status: 404, body: Buffer.from(`trace ${request.request.traceId} not found`), headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
      return { status: 200, body: trace.body, headers: { 'Content-Type': trace.contentType } };
    }
    case 'service-map':
      return jsonAnswer(200, serviceMap(readerOf(request.db), { startNs: request.startNs, endNs: request.endNs }));
    case 'diff': {
      const diff = getDiff(readerOf(request.a.db), request.a.traceId, readerOf(request.b.db), request.b.traceId);
      return 'missing' in diff ? traceMissing(diff.missing) : jsonAnswer(200, diff);
    }
    case 'group-diff': {
      const diff = getGroupDiff(readerOf(request.a.db), request.a.traceIds, readerOf(request.b.db), request.b.traceIds);
      return 'missing' in diff ? traceMissing(diff.missing) : jsonAnswer(200, diff);
    }
    case 'run-comparison': {
      const reader = readerOf(request.db);
      const [a, b] = [namedRun(reader, request.a), namedRun(reader, request.b)];
      return jsonAnswer(200, runComparisonJson(reader, a, b, compareStoredRuns(reader, a, b)));
    }
    case 'attribute-comparison':
      return jsonAnswer(200, compareTraceAttributes(readerOf(request.db), request.request, cancelled));
    case 'export': {
      const exported = exportTraces(readerOf(request.db), request.traceIds, request.format);
      if (exported.missing.length > 0) return jsonAnswer(404, { error: `not in this store: ${exported.missing.join(', ')}` });
      return {
        status: 200,
        body: Buffer.from(exported.text),
        headers: { 'Content-Disposition': `attachment; filename="${exportFileName(request.traceIds, request.format)}"`, 'X-Spanscope-Lost': exported.notes.join('; ') },
      };
    }
    case 'trace':
      return orMissing(request.traceId, getTraceJson(readerOf(request.db), request.traceId));
    case 'waterfall':
      return orMissing(request.traceId, getWaterfallJson(readerOf(request.db), request.traceId));
    case 'trace-baseline': {
      const reader = readerOf(request.db);
      const trace = reader.traceById(request.traceId);
      if (trace === undefined) return traceMissing(request.traceId);
      if (request.against) return jsonAnswer(200, spanBaseline(reader, trace, request.against));
      try {
        return jsonAnswer(200, spanBaseline(reader, trace, 'previous-run'));
      } catch (error) {
        if (!(error instanceof QueryError)) throw error;
        return jsonAnswer(200, spanBaseline(reader, trace, 'last-hour'));
      }
    }
    case 'trace-service-map': {
      const map = traceServiceMap(readerOf(request.db), request.traceId);
      return map === undefined ? traceMissing(request.traceId) : jsonAnswer(200, map);
    }
    case 'find': {
      const ids = findSpans(readerOf(request.db), request.traceId, request.text);
      return ids === undefined ? traceMissing(request.traceId) : jsonAnswer(200, { spanIds: ids });
    }
    case 'span': {
      const span = getSpanJson(readerOf(request.db), request.traceId, request.spanId);
      return span === undefined ? jsonAnswer(404, { error: `span ${request.spanId} of trace ${request.traceId} is not in this store` }) : { status: 200, body: span };
    }
  }
}

function orMissing(traceId: string, body: Buffer | undefined): ReadAnswer {
  return body === undefined ? traceMissing(traceId) : { status: 200, body };
}

function traceMissing(traceId: string): ReadAnswer {
  return jsonAnswer(404, { error: `trace ${traceId} is not in this store` });
}

function jsonAnswer(status: number, body: unknown): ReadAnswer {
  return { status, body: Buffer.from(JSON.stringify(body)) };
}
