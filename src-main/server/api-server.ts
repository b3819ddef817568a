/** The UI port: the HTTP API (JSON, token-guarded), server-sent events, and the built UI. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { QueryError } from '../query/query-error';
import { parseSearchQuery } from '../query/search-query';
import { searchTraces } from '../query/search';
import { findSpans, getSpan, getTraceJson, getTraceSummary, getWaterfallJson, listOperations, listServices } from '../query/trace-query';
import type { Store } from '../store/store';
import { allowedHosts, hostAllowed, requestToken, sessionCookie, tokenMatches } from './auth';
import { serveStatic } from './static-files';
import { TraceFeed } from './trace-feed';

export interface ApiServerOptions {
  store: Store;
  token: string;
  host: string;
  uiRoot: string;
  log: (line: string) => void;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

export function apiHandler(options: ApiServerOptions) {
  const { store, token } = options;
  let hosts: Set<string> | undefined;
  const feed = new TraceFeed(store, (traceId) => getTraceSummary(store.reader, traceId));
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    hosts ??= allowedHosts(options.host, (req.socket.localPort ?? 0));
    if (!hostAllowed(req, hosts)) {
      return json(res, 403, { error: `Host "${req.headers.host ?? ''}" is not allowed; open Spanscope at http://127.0.0.1:${req.socket.localPort}/` });
    }
    const url = new URL(req.url ?? '/', 'http://local');
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/api') {
      const given = url.searchParams.get('token');
      if (given !== null) {
        // Trade the token in the address for an HttpOnly cookie, then drop it from the address.
        if (!tokenMatches(given, token)) return json(res, 401, { error: 'the token in the address is not this server\'s; use the URL that spanscope serve printed' });
        url.searchParams.delete('token');
        res.writeHead(302, { 'Set-Cookie': sessionCookie(token), Location: url.pathname + url.search }).end();
        return;
      }
      return serveStatic(options.uiRoot, url.pathname, res);
    }
    if (!tokenMatches(requestToken(req), token)) {
      return json(res, 401, { error: 'missing or wrong token: send Authorization: Bearer TOKEN, or open the UI URL that spanscope serve printed' });
    }
    if (req.method !== 'GET') return json(res, 405, { error: `${req.method} is not allowed on ${url.pathname}` });
    try {
      route(url, req, res);
    } catch (error) {
      if (error instanceof QueryError) return json(res, 400, { error: error.message });
      options.log(`API ${url.pathname}: ${(error as Error).stack ?? error}`);
      json(res, 500, { error: `the query failed: ${(error as Error).message}` });
    }
  };

  function route(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const path = url.pathname;
    if (path === '/api/services') return json(res, 200, { services: listServices(store.reader) });
    if (path === '/api/operations') {
      const service = url.searchParams.get('service');
      if (!service) throw new QueryError('service is required: /api/operations?service=NAME');
      return json(res, 200, { operations: listOperations(store.reader, service) });
    }
    if (path === '/api/traces') return json(res, 200, { traces: searchTraces(store.reader, parseSearchQuery(url.searchParams)) });
    if (path.startsWith('/api/traces/')) return routeTrace(path.slice('/api/traces/'.length).split('/'), url, res);
    if (path === '/api/events') return streamEvents(req, res);
    json(res, 404, { error: `no API endpoint at ${path}` });
  }

  /** /api/traces/ID, and below it /waterfall, /spans/SPAN_ID, /find?text= */
  function routeTrace([rawId, part, rawSpanId, ...rest]: string[], url: URL, res: ServerResponse): void {
    // A 64-bit id, as Zipkin and old Jaeger clients show them, is the 128-bit id with sixteen leading zeros.
    const traceId = rawId.toLowerCase().padStart(rawId.length === 16 ? 32 : 0, '0');
    if (!TRACE_ID.test(traceId)) throw new QueryError(`"${rawId}" is not a trace id (32 or 16 hex digits)`);
    const notHere = () => json(res, 404, { error: `trace ${traceId} is not in this store` });
    if (part === undefined) {
      const trace = getTraceJson(store.reader, traceId);
      return trace === undefined ? notHere() : sendJsonText(res, 200, trace);
    }
    if (part === 'waterfall' && rawSpanId === undefined) {
      const doc = getWaterfallJson(store.reader, traceId);
      return doc === undefined ? notHere() : sendJsonText(res, 200, doc);
    }
    if (part === 'find' && rawSpanId === undefined) {
      const ids = findSpans(store.reader, traceId, url.searchParams.get('text') ?? '');
      return ids === undefined ? notHere() : json(res, 200, { spanIds: ids });
    }
    if (part === 'spans' && rawSpanId !== undefined && rest.length === 0) {
      const spanId = rawSpanId.toLowerCase();
      if (!SPAN_ID.test(spanId)) throw new QueryError(`"${rawSpanId}" is not a span id (16 hex digits)`);
      const span = getSpan(store.reader, traceId, spanId);
      return span ? json(res, 200, span) : json(res, 404, { error: `span ${spanId} of trace ${traceId} is not in this store` });
    }
    json(res, 404, { error: `no API endpoint at ${url.pathname}` });
  }

  function streamEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = feed.subscribe((summaries) => {
      for (const summary of summaries) res.write(`event: trace\ndata: ${JSON.stringify(summary)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

function sendJsonText(res: ServerResponse, status: number, text: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
