/** The UI port: the HTTP API (JSON, token-guarded), server-sent events, and the built UI. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { QueryError } from '../query/query-error';
import { parseTraceQLMetricsRequest, parseTraceQLSearchRequest } from '../query/traceql-request';
import { TraceQLError } from '../traceql/errors';
import { parseSearchQuery } from '../query/search-query';
import { parseAttributeComparisonRequest } from '../query/attribute-comparison-request';
import { parseTime } from '../query/parse-time';
import { getTraceSummary, listOperations, listServices, listTagNames } from '../query/trace-query';
import { isExportFormat, EXPORT_FORMATS } from '../archives/export-traces';
import { isLogExportFormat, LOG_EXPORT_FORMATS, LOG_EXPORT_LIMITS, logExportFileName } from '../archives/export-logs';
import { ImportError, importArchive } from '../archives/import-archive';
import { LIVE, TooManySourcesError, UnknownSourceError, type Sources } from '../archives/sources';
import type { ApiConfig, ApiLogRecord, ForwardStatus, SourceInfo, TraceSummary } from '../model/api';
import { parseLogQuery } from '../query/log-query';
import { logsNumbered } from '../query/logs';
import { parseRunStart } from '../query/run-label';
import { listRuns, runJson } from '../query/run-list';
import type { Store } from '../store/store';
import { BudgetExceededError } from './byte-budget';
import { failureStatus } from './failure-status';
import { allowedHosts, hostAllowed, originAllowed, requestToken, sameOriginLocation, sessionCookie, tokenMatches } from './auth';
import { EventStreams } from './event-streams';
import { ReadThreads, type ReadReply } from './read-threads';
import { HttpError, readBody, streamBody, type InFlightLimits } from './read-body';
import { serveStatic } from './static-files';
import { ChangeFeed } from './change-feed';
import { spanIdOf, traceIdOf } from '../query/trace-id';
import { routeTempo, TEMPO_PREFIX } from './tempo-api';
import { RemoteError } from '../remote/remote-error';
import { parseRemoteRequest } from '../remote/remote-request';
import { answerFromRemote } from './remote-routes';

export interface ApiServerOptions {
  sources: Sources;
  /** Where the reads that grow with a trace or the store run (read-threads.ts); inline when not given. */
  reads?: ReadThreads;
  token: string;
  host: string;
  uiRoot: string;
  /** Sentences about this start for the UI to show (GET /api/status), e.g. a damaged database set aside. */
  notices?: readonly string[];
  /** --forward's counts, for GET /api/status (absent without --forward). */
  forwardStatus?: () => ForwardStatus;
  /** GET /api/config: the options and bound ports, asked at each request (the database's size changes). */
  config?: () => ApiConfig;
  /** Uploads (import, sources) count in the receivers' in-flight budget and time out as their bodies do. */
  inFlight: InFlightLimits;
  /** Open `/api/events` streams at most (--max-event-clients). */
  maxEventClients: number;
  log: (line: string) => void;
  /** `/mcp`: the MCP streamable HTTP transport (mcp/mcp-http.ts), behind the API's guards. */
  mcp?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/** Traces in a group comparison, both groups together. */
const MAX_GROUP_TRACES = 200;
/**
 * What an upload holds while it streams, from its headers on: pieces of the file sent ahead to the archive thread
 * and decoded chunks of about 4 MiB waiting to be written (archives/archive-protocol.ts, import-archive.ts).
 */
const UPLOAD_HOLD_BYTES = 32 * 1024 * 1024;
/** A `POST /api/runs` body: {"label"} and room to spare. */
const RUN_START_BYTES = 64 * 1024;
/** A `POST /api/sources/remote` body: kind, address and a few headers. */
const REMOTE_SOURCE_BYTES = 64 * 1024;

export function apiHandler(options: ApiServerOptions) {
  const { sources, token } = options;
  const reads = options.reads ?? new ReadThreads(undefined);
  let hosts: Set<string> | undefined;
  const live = sources.live;
  /** Summaries of traces that gained spans, and records written, at most this many a tick each. */
  const MAX_PER_TICK = 500;
  const traceFeed = new ChangeFeed<string, TraceSummary>((collect) => live.onTracesChanged(collect), (ids) => ids.flatMap((id) => getTraceSummary(live.reader, id) ?? []), MAX_PER_TICK);
  const logFeed = new ChangeFeed<number, ApiLogRecord>((collect) => live.onLogsWritten(collect), (numbers) => logsNumbered(live.reader, numbers), MAX_PER_TICK);
  const streams = new EventStreams(options.maxEventClients);
  let unsubscribeFeed: (() => void) | undefined;
  const tempo = { sources, reads, send, untilClosed };
  const broadcastSource = (info: SourceInfo | { id: string; closed: true }) => streams.send(`event: source\ndata: ${JSON.stringify(info)}\n\n`);
  // Any web page can send requests here; none of them may crash the server (a rejection would end the process).
  return (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    handle(req, res).catch((error: Error) => {
      options.log(`UI port ${req.method} ${req.url}: ${error.stack ?? error}`);
      if (res.headersSent) res.destroy();
      else json(res, 500, { error: `the request failed: ${error.message}` });
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    hosts ??= allowedHosts(options.host, (req.socket.localPort ?? 0));
    if (!hostAllowed(req, hosts)) {
      return json(res, 403, { error: `Host "${req.headers.host ?? ''}" is not allowed; open Spanscope at http://127.0.0.1:${req.socket.localPort}/` });
    }
    const url = URL.parse(req.url ?? '/', 'http://local');
    if (url === null) return json(res, 400, { error: `"${req.url}" is not an address this server can read` });
    const isTempo = url.pathname.startsWith(`${TEMPO_PREFIX}/`);
    const isMcp = url.pathname === '/mcp';
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/api' && !isTempo && !isMcp) {
      const given = url.searchParams.get('token');
      if (given !== null) {
        // Trade the token in the address for an HttpOnly cookie, then drop it from the address.
        if (!tokenMatches(given, token)) return json(res, 401, { error: 'the token in the address is not this server\'s; use the URL that spanscope serve printed' });
        url.searchParams.delete('token');
        res.writeHead(302, { 'Set-Cookie': sessionCookie(token), Location: sameOriginLocation(url) }).end();
        return;
      }
      // A page is loading: its reads are coming, and the threads' warm-up is best over before the user opens a file.
      reads.startAll();
      return serveStatic(options.uiRoot, url.pathname, res);
    }
    if (!originAllowed(req, hosts)) {
      return json(res, 403, { error: `requests from pages of ${req.headers.origin} are refused; the API answers Spanscope's own page and programs that send the token` });
    }
    if (!tokenMatches(requestToken(req), token)) {
      return json(res, 401, { error: 'missing or wrong token: send Authorization: Bearer TOKEN, or open the UI URL that spanscope serve printed' });
    }
    if (isTempo) return routeTempo(tempo, req, url, res);
    if (isMcp) return options.mcp ? options.mcp(req, res) : json(res, 404, { error: 'this server has no MCP endpoint' });
    try {
      if (req.method === 'GET') await route(url, res);
      else await routeChange(url, req, res);
    } catch (error) {
      if (error instanceof QueryError) return json(res, 400, { error: error.message });
      if (error instanceof TraceQLError) return json(res, 400, { error: error.message, line: error.line, column: error.column });
      if (error instanceof UnknownSourceError) return json(res, 404, { error: error.message });
      if (error instanceof RemoteError) return json(res, error.status, { error: error.message });
      if (error instanceof HttpError) {
        req.resume(); // a body refused from its headers is read and dropped, so the answer reaches the sender
        for (const [header, value] of Object.entries(error.headers)) res.setHeader(header, value);
        return json(res, error.status, { error: error.message });
      }
      if (error instanceof BudgetExceededError) {
        res.setHeader('Retry-After', '1');
        return json(res, 503, { error: error.message });
      }
      options.log(`API ${url.pathname}: ${(error as Error).stack ?? error}`);
      json(res, 500, { error: `the query failed: ${(error as Error).message}` });
    }
  }

  async function route(url: URL, res: ServerResponse): Promise<void> {
    const path = url.pathname;
    const store = sources.store(url.searchParams.get('source'));
    const reader = store.reader;
    // A comparison's sides may come from their own sources: aSource / bSource (default: source, or live).
    const storeOf = (side: 'a' | 'b') => sources.store(url.searchParams.get(`${side}Source`) ?? url.searchParams.get('source'));
    // A remote source's searches are answered by its backend; the traces a read names are fetched into its cache first.
    const fromRemote = await answerFromRemote(sources, url);
    if (fromRemote) return json(res, 200, fromRemote.body);
    if (path === '/api/status') {
      const forward = options.forwardStatus && { forward: options.forwardStatus() };
      return json(res, 200, { notices: options.notices ?? [], writeQueue: { spans: sources.live.waitingSpans }, eventStreams: streams.size, ...forward });
    }
    if (path === '/api/config') return options.config ? json(res, 200, options.config()) : json(res, 404, { error: 'this server has no configuration to show' });
    if (path === '/api/sources') return json(res, 200, { sources: sources.list() });
    if (path === '/api/services') return json(res, 200, { services: listServices(reader) });
    if (path === '/api/search/tags') return json(res, 200, listTagNames(reader));
    const valuesOf = /^\/api\/v2\/search\/tag\/([^/]+)\/values$/.exec(path);
    if (valuesOf) return send(res, await reads.read({ kind: 'tag-values', db: store.dbPath, tag: pathPart(valuesOf[1], 'tag') }, [store]));
    if (path === '/api/operations') {
      const service = url.searchParams.get('service');
      if (!service) throw new QueryError('service is required: /api/operations?service=NAME');
      return json(res, 200, { operations: listOperations(reader, service) });
    }
    if (path === '/api/metrics/query_range') return send(res, await reads.read({ kind: 'traceql-metrics', db: store.dbPath, request: parseTraceQLMetricsRequest(url.searchParams) }, [store], untilClosed(res)));
    if (path === '/api/search') return send(res, await reads.read({ kind: 'traceql-search', db: store.dbPath, request: parseTraceQLSearchRequest(url.searchParams) }, [store], untilClosed(res)));
    if (path === '/api/traces') return send(res, await reads.read({ kind: 'search', db: store.dbPath, query: parseSearchQuery(url.searchParams) }, [store]));
    if (path === '/api/logs') return send(res, await reads.read({ kind: 'logs', db: store.dbPath, query: parseLogQuery(url.searchParams) }, [store], untilClosed(res)));
    if (path === '/api/logs/export') return sendLogExport(store, undefined, url, res);
    if (path === '/api/diff/groups') {
      const ids = (side: 'a' | 'b') => url.searchParams.getAll(side).map(traceIdOf);
      const [a, b] = [ids('a'), ids('b')];
      if (a.length === 0 || b.length === 0 || a.length + b.length > MAX_GROUP_TRACES) {
        throw new QueryError(`name 1 to ${MAX_GROUP_TRACES} traces in all, in two groups: /api/diff/groups?a=ID&a=ID&b=ID&b=ID`);
      }
      const [storeA, storeB] = [storeOf('a'), storeOf('b')];
      return send(res, await reads.read({ kind: 'group-diff', a: { db: storeA.dbPath, traceIds: a }, b: { db: storeB.dbPath, traceIds: b } }, [storeA, storeB]));
    }
    if (path === '/api/diff') {
      const a = traceIdOf(url.searchParams.get('a') ?? '');
      const b = traceIdOf(url.searchParams.get('b') ?? '');
      const [storeA, storeB] = [storeOf('a'), storeOf('b')];
      return send(res, await reads.read({ kind: 'diff', a: { db: storeA.dbPath, traceId: a }, b: { db: storeB.dbPath, traceId: b } }, [storeA, storeB]));
    }
    if (path === '/api/service-map') {
      const start = url.searchParams.get('start');
      const end = url.searchParams.get('end');
      const window = { startNs: start ? parseTime(start, 'start') : undefined, endNs: end ? parseTime(end, 'end') : undefined };
      return send(res, await reads.read({ kind: 'service-map', db: store.dbPath, ...window }, [store]));
    }
    if (path === '/api/runs') return json(res, 200, { runs: listRuns(reader) });
    if (path === '/api/runs/compare') {
      const [a, b] = [url.searchParams.get('a'), url.searchParams.get('b')];
      if (!a || !b) throw new QueryError('name the two runs to compare: /api/runs/compare?a=RUN&b=RUN, each by its id, ORIGIN=LABEL (service.version=1.4.2) or its label');
      return send(res, await reads.read({ kind: 'run-comparison', db: store.dbPath, a, b }, [store]));
    }
    if (path === '/api/attributes/compare') {
      const request = parseAttributeComparisonRequest(url.searchParams);
      return send(res, await reads.read({ kind: 'attribute-comparison', db: store.dbPath, request }, [store], untilClosed(res)));
    }
    if (path === '/api/export') return sendExport(store, url.searchParams.getAll('traceId').map(traceIdOf), url, res);
    if (path.startsWith('/api/traces/')) return routeTrace(store, path.slice('/api/traces/'.length).split('/'), url, res);
    if (path === '/api/events') return streamEvents(res);
    json(res, 404, { error: `no API endpoint at ${path}` });
  }

  /** /api/traces/ID, and below it /waterfall, /export, /service-map, /logs, /logs/export, /spans/SPAN_ID, /find?text= */
  async function routeTrace(store: Store, [rawId, part, rawSpanId, ...rest]: string[], url: URL, res: ServerResponse): Promise<void> {
    const traceId = traceIdOf(rawId);
    const db = store.dbPath;
    if (part === undefined) return send(res, await reads.read({ kind: 'trace', db, traceId }, [store]));
    if (part === 'waterfall' && rawSpanId === undefined) return send(res, await reads.read({ kind: 'waterfall', db, traceId }, [store]));
    if (part === 'export' && rawSpanId === undefined) return sendExport(store, [traceId], url, res);
    if (part === 'service-map' && rawSpanId === undefined) return send(res, await reads.read({ kind: 'trace-service-map', db, traceId }, [store]));
    if (part === 'baseline' && rawSpanId === undefined) {
      const against = url.searchParams.get('against') ?? undefined;
      if (against !== undefined && against !== 'last-hour' && against !== 'previous-run') throw new QueryError(`against "${against}" is not last-hour or previous-run`);
      return send(res, await reads.read({ kind: 'trace-baseline', db, traceId, against }, [store]));
    }
    if (part === 'logs' && rawSpanId === undefined) return send(res, await reads.read({ kind: 'trace-logs', db, traceId }, [store]));
    if (part === 'logs' && rawSpanId === 'export' && rest.length === 0) return sendLogExport(store, traceId, url, res);
    if (part === 'find' && rawSpanId === undefined) return send(res, await reads.read({ kind: 'find', db, traceId, text: url.searchParams.get('text') ?? '' }, [store]));
    if (part === 'spans' && rawSpanId !== undefined && rest.length === 0) {
      const spanId = spanIdOf(rawSpanId);
      return send(res, await reads.read({ kind: 'span', db, traceId, spanId }, [store]));
    }
    json(res, 404, { error: `no API endpoint at ${url.pathname}` });
  }

  /** GET /api/traces/ID/export and /api/export?traceId=…: the file, with what the format could not hold in a header. */
  async function sendExport(store: Store, traceIds: string[], url: URL, res: ServerResponse): Promise<void> {
    const format = url.searchParams.get('format') ?? 'otlp-json';
    if (!isExportFormat(format)) throw new QueryError(`format "${format}" is not one of ${EXPORT_FORMATS.join(', ')}`);
    if (traceIds.length === 0) throw new QueryError('name the traces to export: /api/export?traceId=ID&traceId=ID');
    return send(res, await reads.read({ kind: 'export', db: store.dbPath, traceIds, format }, [store]));
  }

  /**
   * GET /api/logs/export?<the filters of /api/logs>&format= and /api/traces/ID/logs/export: the records as a file,
   * at most LOG_EXPORT_LIMITS.max of them (`limit`), the newest kept; X-Spanscope-Truncated says when there may be more.
   */
  async function sendLogExport(store: Store, traceId: string | undefined, url: URL, res: ServerResponse): Promise<void> {
    const format = url.searchParams.get('format') ?? 'otlp-json';
    if (!isLogExportFormat(format)) throw new QueryError(`format "${format}" is not one of ${LOG_EXPORT_FORMATS.join(', ')}`);
    const query = parseLogQuery(url.searchParams, LOG_EXPORT_LIMITS);
    if (traceId !== undefined) query.traceId = traceId;
    return send(res, await reads.read({ kind: 'export-logs', db: store.dbPath, query, format, fileName: logExportFileName(format, traceId) }, [store], untilClosed(res)));
  }

  /** POST /api/import, POST /api/runs, POST /api/sources, POST /api/sources/ID/import, DELETE /api/sources/ID. */
  async function routeChange(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = url.pathname;
    const [, id, action] = /^\/api\/sources\/([^/]+)(?:\/(import))?$/.exec(path) ?? [];
    if (req.method === 'POST' && path === '/api/import') return receiveArchive(url, req, res, 'live');
    if (req.method === 'POST' && path === '/api/sources') return receiveArchive(url, req, res, 'source');
    if (req.method === 'POST' && path === '/api/sources/remote') return addRemoteSource(req, res);
    if (req.method === 'POST' && path === '/api/runs') return startRun(url, req, res);
    if (req.method === 'POST' && id && action === 'import') return json(res, 200, await sources.importIntoLive(id));
    if (req.method === 'DELETE' && id && !action) {
      if (id === LIVE) throw new QueryError('the live store cannot be closed');
      await sources.close(id);
      broadcastSource({ id, closed: true });
      return json(res, 200, { closed: id });
    }
    req.resume();
    json(res, 405, { error: `${req.method} is not allowed on ${path}` });
  }

  /** POST /api/runs {"label"}: a run started by hand in the live store; what arrives from now on is its. */
  async function startRun(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const source = url.searchParams.get('source');
    if (source !== null && source !== LIVE) throw new QueryError(`runs are started in the live store, which receives spans; source "${source}" is an opened file`);
    const label = parseRunStart(await readBody(req, res, { ...options.inFlight, maxBodyBytes: RUN_START_BYTES, maxDecompressedBytes: RUN_START_BYTES }));
    const id = await live.startRun(label);
    json(res, 200, runJson(live.reader, live.reader.runs.run(id)!));
  }

  /** POST /api/sources/remote {"kind", "url", "headers"}: the source, checked once; its header values never leave the server. */
  async function addRemoteSource(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = parseRemoteRequest((await readBody(req, res, { ...options.inFlight, maxBodyBytes: REMOTE_SOURCE_BYTES, maxDecompressedBytes: REMOTE_SOURCE_BYTES })).toString('utf8'));
    try {
      const info = await sources.addRemote(request, broadcastSource);
      broadcastSource(info);
      json(res, 200, info);
    } catch (error) {
      if (error instanceof TooManySourcesError) return json(res, 409, { error: error.message });
      throw error;
    }
  }

  /** The request body is an archive file, streamed: into the live store, or opened as a source of its own. */
  async function receiveArchive(url: URL, req: IncomingMessage, res: ServerResponse, into: 'live' | 'source'): Promise<void> {
    const name = (url.searchParams.get('name') ?? 'upload').replace(/[\u0000-\u001f]/g, '').slice(0, 200);
    const body = streamBody(req, res, options.inFlight, UPLOAD_HOLD_BYTES);
    const cancel = new AbortController();
    req.on('close', () => !req.complete && cancel.abort()); // the client stopped sending: cancelled
    /** The source being opened, once announced (it is shown while it loads; a failure closes it). */
    let announced: string | undefined;
    let progressEvent: ReturnType<typeof setTimeout> | undefined;
    try {
      if (into === 'live') {
        const result = await importArchive(sources.live, body, { name, signal: cancel.signal, archiveWorkerPath: sources.archiveWorkerPath, takeChunks: true });
        const { format, gzip, traces, spans, rejectedSpans, logs, rejectedLogs, rejectionReasons } = result;
        return json(res, 200, { format, gzip, traces, spans, rejectedSpans, logs, rejectedLogs, rejectionReasons });
      }
      let lastEvent = 0;
      const upload = url.searchParams.get('upload') ?? '';
      const info = await sources.open(name, body, {
        signal: cancel.signal,
        takeChunks: true, // the body's chunks, read by nobody else
        upload: /^[\w-]{1,64}$/.test(upload) ? upload : undefined,
        bytes: req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']),
        // Announced at once; then at most four events a second, the latest progress sent once the quarter second is over.
        onProgress: (progress) => {
          if (announced === undefined) {
            announced = progress.id;
            broadcastSource(progress);
            return;
          }
          const wait = lastEvent + 250 - Date.now();
          if (wait > 0) {
            progressEvent ??= setTimeout(() => {
              progressEvent = undefined;
              lastEvent = Date.now();
              broadcastSource(progress);
            }, wait);
            return;
          }
          lastEvent = Date.now();
          broadcastSource(progress);
        },
      });
      clearTimeout(progressEvent);
      broadcastSource(info);
      json(res, 200, info);
    } catch (error) {
      clearTimeout(progressEvent);
      if (announced) broadcastSource({ id: announced, closed: true });
      if (!(error instanceof ImportError || error instanceof TooManySourcesError)) throw error;
      // The iterator lets go of the request once its pending read is answered; then the rest flows away.
      body.return(undefined).then(() => req.resume(), () => {});
      if (error instanceof TooManySourcesError) return json(res, 409, { error: error.message });
      const { status, headers } = failureStatus(error.failure);
      for (const [header, value] of Object.entries(headers)) res.setHeader(header, value);
      json(res, status, { error: error.message, format: error.result.format, traces: error.result.traces, spans: into === 'live' ? error.result.spans : 0, logs: into === 'live' ? error.result.logs : 0 });
    }
  }

  /** Trace summaries are written once a tick for all streams, one `trace` event each, in one block; log records as one `log` event a tick. */
  function streamEvents(res: ServerResponse): void {
    const opened = streams.open(res, () => {
      if (streams.size > 0) return;
      unsubscribeFeed?.();
      unsubscribeFeed = undefined;
    });
    if (!opened) {
      res.setHeader('Retry-After', '30');
      return json(res, 503, { error: `${streams.maxClients} event streams are open, the most this server keeps (--max-event-clients); close another Spanscope tab or retry later` });
    }
    unsubscribeFeed ??= (() => {
      const stopTraces = traceFeed.subscribe((summaries) => streams.send(summaries.map((summary) => `event: trace\ndata: ${JSON.stringify(summary)}\n\n`).join('')));
      const stopLogs = logFeed.subscribe((records) => streams.send(`event: log\ndata: ${JSON.stringify(records)}\n\n`));
      return () => {
        stopTraces();
        stopLogs();
      };
    })();
  }
}

/** A trace id from the address; a 64-bit id, as Zipkin and old Jaeger clients show them, gets sixteen leading zeros. */
function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return; // a stalled upload was answered 408 already
  sendJsonText(res, status, JSON.stringify(body));
}

function sendJsonText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Aborted when the client goes away before its answer is sent: a page that asked again cancelled the old query. */
function untilClosed(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** A read's answer, slice by slice, each written when the connection has taken the last. */
async function send(res: ServerResponse, reply: ReadReply): Promise<void> {
  res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': reply.length, 'Cache-Control': 'no-store', ...reply.headers });
  for await (const slice of reply.slices()) {
    if (res.destroyed) break;
    if (!res.write(slice, () => reply.written(slice))) await drainedOrClosed(res);
  }
  res.end();
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** A part of the path, decoded; a QueryError for a broken escape. */
function pathPart(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new QueryError(`the ${what} in the path has a broken %-escape: ${text}`);
  }
}
