/**
 * The queries a remote source answers itself (remote/remote-source.ts): searches, services, operations, and on
 * Tempo TraceQL and tags. Every other read of a remote source goes to its cache as for an opened file; the traces
 * such a read names are fetched into the cache first.
 */
import type { Sources } from '../archives/sources';
import { QueryError } from '../query/query-error';
import { parseSearchQuery } from '../query/search-query';
import { parseTraceQLSearchRequest } from '../query/traceql-request';

/** The answer's body when the backend answered; undefined when the request is read from the store as usual. */
export async function answerFromRemote(sources: Sources, url: URL): Promise<{ body: unknown } | undefined> {
  const params = url.searchParams;
  const path = url.pathname;
  const remote = sources.remote(params.get('source'));
  if (path === '/api/diff' || path === '/api/diff/groups') {
    for (const side of ['a', 'b'] as const) {
      const sideRemote = sources.remote(params.get(`${side}Source`) ?? params.get('source'));
      for (const id of wholeTraceIds(params.getAll(side))) await sideRemote?.ensureTrace(id);
    }
    return undefined;
  }
  if (!remote) return undefined;
  if (path === '/api/traces') return { body: await remote.search(parseSearchQuery(params)) };
  if (path === '/api/services') return { body: { services: await remote.services() } };
  if (path === '/api/operations') {
    const service = params.get('service');
    if (!service) throw new QueryError('service is required: /api/operations?service=NAME');
    return { body: { operations: await remote.operations(service) } };
  }
  if (path === '/api/search') {
    // Passed through as typed: Tempo may know TraceQL this parser does not; only the window and limits are read here.
    const withoutQuery = new URLSearchParams(params);
    withoutQuery.set('q', '{ }');
    const answer = remote.traceQLSearch({ ...parseTraceQLSearchRequest(withoutQuery), q: params.get('q') ?? '' });
    if (!answer) throw new QueryError(`TraceQL is passed only to Tempo; ${remote.info.name} answers the field search (service, operation, attributes, durations)`);
    return { body: await answer };
  }
  if (path === '/api/search/tags') {
    const names = remote.tagNames();
    return names && { body: await names };
  }
  const valuesOf = /^\/api\/v2\/search\/tag\/([^/]+)\/values$/.exec(path);
  if (valuesOf) {
    const values = remote.tagValues(decodeURIComponent(valuesOf[1].replace(/%(?![0-9a-fA-F]{2})/g, '%25')));
    return values && { body: await values };
  }
  const traceId = path.startsWith('/api/traces/') ? wholeTraceId(path.slice('/api/traces/'.length).split('/')[0]) : undefined;
  if (traceId) await remote.ensureTrace(traceId);
  if (path === '/api/export') for (const id of wholeTraceIds(params.getAll('traceId'))) await remote.ensureTrace(id);
  return undefined;
}

/** A trace id as the store keeps it, or undefined for text that is none (the route that reads it says so). */
function wholeTraceId(raw: string): string | undefined {
  const id = raw.toLowerCase().padStart(raw.length === 16 ? 32 : 0, '0');
  return /^[0-9a-f]{32}$/.test(id) ? id : undefined;
}

function wholeTraceIds(raw: string[]): string[] {
  return raw.flatMap((id) => wholeTraceId(id) ?? []);
}
