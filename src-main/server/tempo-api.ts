/**
 * Grafana Tempo's query API under `/tempo` on the UI port, so Grafana's Tempo data source can browse this store:
 * `/api/echo`, `/api/search`, `/api/v2/search/tags`, `/api/v2/search/tag/NAME/values`, `/api/v2/traces/ID` and
 * (Grafana's fallback) `/api/traces/ID`. The API server has checked the Host and the token already; the reads run on
 * the read threads. Refusals are as Tempo's: a status and a plain-text sentence, which Grafana shows as it is.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UnknownSourceError, type Sources } from '../archives/sources';
import { QueryError } from '../query/query-error';
import { tagField } from '../query/tag-values';
import { parseTagScope, parseTempoSearch, tagLimit, tempoWindow } from '../query/tempo-request';
import { TraceQLError } from '../traceql/errors';
import type { ReadReply, ReadThreads } from './read-threads';

export const TEMPO_PREFIX = '/tempo';

export interface TempoApiContext {
  sources: Sources;
  reads: ReadThreads;
  /** The API server's way of writing a read's answer, slice by slice. */
  send: (res: ServerResponse, reply: ReadReply) => Promise<void>;
  /** Aborted when the asker goes away. */
  untilClosed: (res: ServerResponse) => AbortSignal;
}

const TRACE_ID = /^[0-9a-f]{1,32}$/;
/** What asks for a trace's spans unfiltered: Tempo answers the whole trace for these `q`s too. */
const WHOLE_TRACE_FILTERS = new Set(['', '{}', '{true}']);

export async function routeTempo(context: TempoApiContext, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
  try {
    await route(context, req, url, res);
  } catch (error) {
    if (error instanceof QueryError) return text(res, 400, error.message);
    if (error instanceof TraceQLError) return text(res, 400, `invalid TraceQL query: ${error.message}`);
    if (error instanceof UnknownSourceError) return text(res, 404, error.message);
    throw error;
  }
}

async function route({ sources, reads, send, untilClosed }: TempoApiContext, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
  const path = url.pathname.slice(TEMPO_PREFIX.length);
  const params = url.searchParams;
  if (req.method !== 'GET') {
    req.resume();
    return text(res, 405, `${req.method} is not allowed on ${url.pathname}; the Tempo API here only reads`);
  }
  if (path === '/api/echo') return text(res, 200, 'echo');
  const store = sources.store(params.get('source'));
  const db = store.dbPath;
  if (path === '/api/search') return send(res, await reads.read({ kind: 'traceql-search', db, request: parseTempoSearch(params) }, [store], untilClosed(res)));
  if (path === '/api/v2/search/tags') {
    const options = { scope: parseTagScope(params), limit: tagLimit(params), ...tempoWindow(params) };
    return send(res, await reads.read({ kind: 'tempo-tags', db, options }, [store]));
  }
  const valuesOf = /^\/api\/v2\/search\/tag\/([^/]+)\/values$/.exec(path);
  if (valuesOf) {
    const tag = decodedPathPart(valuesOf[1]);
    tagField(tag);
    const options = { q: params.get('q') ?? undefined, limit: tagLimit(params), ...tempoWindow(params) };
    return send(res, await reads.read({ kind: 'tag-values', db, tag, options }, [store]));
  }
  const traceOf = /^\/api(\/v2)?\/traces\/([^/]+)$/.exec(path);
  if (traceOf) {
    const raw = decodedPathPart(traceOf[2]);
    if (!TRACE_ID.test(raw.toLowerCase())) throw new QueryError(`invalid trace id: "${raw}" is not 1 to 32 hex digits`);
    if (!WHOLE_TRACE_FILTERS.has((params.get('q') ?? '').replace(/\s/g, ''))) throw new QueryError('invalid request: Spanscope answers whole traces; ask without q');
    const request = { traceId: raw.toLowerCase().padStart(32, '0'), version: traceOf[1] ? 'v2' : 'v1', protobuf: acceptsProtobuf(req), ...tempoWindow(params) } as const;
    return send(res, await reads.read({ kind: 'tempo-trace', db, request }, [store]));
  }
  text(res, 404, `404 page not found: the Tempo API here answers ${TEMPO_PREFIX}/api/echo, /api/search, /api/v2/search/tags, /api/v2/search/tag/NAME/values and /api/v2/traces/ID`);
}

/** Grafana asks `Accept: application/protobuf`; anything else gets JSON, as from Tempo. */
function acceptsProtobuf(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').split(',').some((type) => type.split(';')[0].trim() === 'application/protobuf');
}

function decodedPathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new QueryError(`invalid request: the path has a broken %-escape: ${part}`);
  }
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}
