/** Zipkin as a remote source: its v2 query API (`/api/v2/services`, `/spans`, `/traces`, `/trace/ID`). */
import type { Operation } from '../model/api';
import type { Span } from '../model/span';
import type { SearchQuery } from '../query/search-query';
import type { RemoteBackend, RemoteSearchAnswer } from './remote-backend';
import { getRemoteJson, shaped, type RemoteEndpoint } from './remote-fetch';
import { zipkinNames, zipkinTraceSpans, zipkinTracesSpans } from './zipkin-responses';

export class ZipkinBackend implements RemoteBackend {
  constructor(private readonly endpoint: RemoteEndpoint) {}

  async check(): Promise<void> {
    await this.services();
  }

  async services(): Promise<string[]> {
    const body = await getRemoteJson(this.endpoint, '/api/v2/services', {}, "Zipkin's /api/v2/services");
    return shaped(this.endpoint, "Zipkin's /api/v2/services", () => (body === undefined ? 'it answered 404 (no such page)' : zipkinNames(body)));
  }

  async operations(service: string): Promise<Operation[]> {
    const body = await getRemoteJson(this.endpoint, '/api/v2/spans', { serviceName: service }, "Zipkin's /api/v2/spans");
    return shaped(this.endpoint, "Zipkin's /api/v2/spans", () => zipkinNames(body ?? [])).map((name) => ({ name, kind: 'UNSPECIFIED' }));
  }

  /** Tags and `error` go in `annotationQuery` ("http.path=/api and error"); times in ms, durations in µs. */
  async search(query: SearchQuery): Promise<RemoteSearchAnswer> {
    const unsupported: string[] = [];
    if (query.spanKind) unsupported.push('the span kind is not a Zipkin search filter');
    if (query.call) unsupported.push('a call between two services (from the service map) is not a Zipkin search filter');
    const annotations = query.attributes.map((a) => `${a.key}=${a.value}`);
    if (query.errorsOnly) annotations.push('error');
    const endMs = query.endNs === undefined ? undefined : query.endNs / 1_000_000n;
    const micros = (ns: bigint | undefined) => (ns === undefined ? undefined : String(ns / 1000n));
    const params = {
      serviceName: query.service,
      spanName: query.operation,
      annotationQuery: annotations.length > 0 ? annotations.join(' and ') : undefined,
      minDuration: micros(query.minDurationNs),
      maxDuration: micros(query.maxDurationNs),
      endTs: endMs === undefined ? undefined : String(endMs),
      lookback: query.startNs === undefined ? undefined : String((endMs ?? BigInt(Date.now())) - query.startNs / 1_000_000n),
      limit: String(query.limit),
    };
    const body = await getRemoteJson(this.endpoint, '/api/v2/traces', params, "Zipkin's /api/v2/traces");
    return { spans: shaped(this.endpoint, "Zipkin's /api/v2/traces", () => zipkinTracesSpans(body ?? [])), summaries: [], unsupported };
  }

  /** Zipkin keeps 64-bit ids as 16 digits: the store's leading zeros are left off. */
  async trace(traceId: string): Promise<Span[] | undefined> {
    const id = traceId.startsWith('0000000000000000') ? traceId.slice(16) : traceId;
    const body = await getRemoteJson(this.endpoint, `/api/v2/trace/${id}`, {}, "Zipkin's /api/v2/trace/ID");
    if (body === undefined) return undefined;
    const spans = shaped(this.endpoint, "Zipkin's /api/v2/trace/ID", () => zipkinTraceSpans(body));
    return spans.length === 0 ? undefined : spans;
  }
}
