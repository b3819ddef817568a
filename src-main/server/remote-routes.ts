/**
 * The queries a remote source answers itself (remote/remote-source.ts): searches, services, operations, and on
 * Tempo TraceQL and tags. Every other read of a remote source goes to its cache as for an opened file; the traces
 * such a read names are fetched into the cache first.
 */
import type { Sources } from '../archives/sources';
import { QueryError } from '../query/query-error';
import { parseSearchQuery } from '../query/search-query';
import { parseTraceQLSearchRequest } from '../query/traceql-request';
import { traceIdOf } from '../query/trace-id';

/** The answer's body when the backend answered; undefined when the request is read from the store as usual. */
export async function answerFromRemote(sources: Sources, url: URL): Promise<{ body: unknown } | undefined> {
  const params = url.searchParams;
  const path = url.pathname;
  const remote = sources.remote(params.get('source'));
  if (path === '/api/diff' || path === '/api/diff/groups') {
    for (const side of ['a', 'b'] as const) {
      const sideRemote = sources.remote(params.get(`${side}Source`) ?? params.get('source'));
      for (const id of params.getAll(side)) await sideRemote?.ensureTrace(traceIdOf(id));
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
  if (path.startsWith('/api/traces/')) await remote.ensureTrace(traceIdOf(path.slice('/api/traces/'.length).split('/')[0]));
  if (path === '/api/export') for (const id of params.getAll('traceId')) await remote.ensureTrace(traceIdOf(id));
  return undefined;
}
