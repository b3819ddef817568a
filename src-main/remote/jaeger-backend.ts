/**
 * Jaeger's query service as a remote source: the v2 query service's API v3 (`/api/v3/...`) where it answers,
 * else the classic JSON API of older deployments (`/api/services`, `/api/traces`), found out by the check.
 */
import type { Operation } from '../model/api';
import type { Span } from '../model/span';
import { QueryError } from '../query/query-error';
import type { SearchQuery } from '../query/search-query';
import type { RemoteBackend, RemoteSearchAnswer } from './remote-backend';
import { RemoteError } from './remote-error';
import { getRemoteJson, shaped, type RemoteEndpoint } from './remote-fetch';
import { jaegerClassicOperations, jaegerClassicSpans, jaegerServices, jaegerV3Operations, jaegerV3Spans } from './jaeger-responses';

/** API v3 requires a time window; without one the last hour is searched, as Jaeger's UI does. */
const DEFAULT_LOOKBACK_NS = 3_600_000_000_000n;

export class JaegerBackend implements RemoteBackend {
  /** Which API the deployment answers, once the check found out. */
  private api: 'v3' | 'classic' | undefined;

  constructor(private readonly endpoint: RemoteEndpoint) {}

  async check(): Promise<void> {
    await this.services();
  }

  async services(): Promise<string[]> {
    if (this.api !== 'classic') {
      const body = await getRemoteJson(this.endpoint, '/api/v3/services', {}, "Jaeger's /api/v3/services");
      if (body !== undefined) {
        this.api = 'v3';
        return shaped(this.endpoint, "Jaeger's /api/v3/services", () => jaegerServices(body, 'services'));
      }
    }
    const body = await getRemoteJson(this.endpoint, '/api/services', {}, "Jaeger's /api/services");
    if (body === undefined) throw new RemoteError(`${this.endpoint.url.href} answers neither Jaeger's /api/v3/services nor /api/services (404); give the address of Jaeger's query service (its UI, port 16686)`);
    this.api = 'classic';
    return shaped(this.endpoint, "Jaeger's /api/services", () => jaegerServices(body, 'data'));
  }

  async operations(service: string): Promise<Operation[]> {
    if ((await this.whichApi()) === 'v3') {
      const body = await getRemoteJson(this.endpoint, '/api/v3/operations', { service }, "Jaeger's /api/v3/operations");
      return shaped(this.endpoint, "Jaeger's /api/v3/operations", () => jaegerV3Operations(body ?? { operations: [] }));
    }
    const body = await getRemoteJson(this.endpoint, `/api/services/${encodeURIComponent(service)}/operations`, {}, "Jaeger's /api/services/NAME/operations");
    return shaped(this.endpoint, "Jaeger's /api/services/NAME/operations", () => jaegerClassicOperations(body ?? { data: [] }));
  }

  async search(query: SearchQuery): Promise<RemoteSearchAnswer> {
    if (query.service === undefined) throw new QueryError('Jaeger searches need a service: choose one (Jaeger answers no search without it)');
    const unsupported: string[] = [];
    if (query.spanKind) unsupported.push('the span kind is not a Jaeger search filter');
    if (query.call) unsupported.push('a call between two services (from the service map) is not a Jaeger search filter');
    const endNs = query.endNs ?? BigInt(Date.now()) * 1_000_000n;
    const startNs = query.startNs ?? endNs - DEFAULT_LOOKBACK_NS;
    const duration = (ns: bigint | undefined) => (ns === undefined ? undefined : `${ns}ns`);
    if ((await this.whichApi()) === 'v3') {
      if (query.attributes.length > 0) unsupported.push(`attribute filters (${query.attributes.map((a) => `${a.key}=${a.value}`).join(', ')}) are not taken by Jaeger's API v3 search`);
      if (query.errorsOnly) unsupported.push("status=error is not a filter of Jaeger's API v3 search");
      const params = {
        'query.service_name': query.service,
        'query.operation_name': query.operation,
        'query.start_time_min': rfc3339(startNs),
        'query.start_time_max': rfc3339(endNs),
        'query.duration_min': duration(query.minDurationNs),
        'query.duration_max': duration(query.maxDurationNs),
        'query.num_traces': String(query.limit),
      };
      const body = await getRemoteJson(this.endpoint, '/api/v3/traces', params, "Jaeger's /api/v3/traces");
      return { spans: shaped(this.endpoint, "Jaeger's /api/v3/traces", () => jaegerV3Spans(body ?? {})), summaries: [], unsupported };
    }
    const tags: Record<string, string> = Object.fromEntries(query.attributes.map((a) => [a.key, a.value]));
    if (query.errorsOnly) tags.error = 'true';
    const params = {
      service: query.service,
      operation: query.operation,
      tags: Object.keys(tags).length > 0 ? JSON.stringify(tags) : undefined,
      start: String(startNs / 1000n),
      end: String(endNs / 1000n),
      minDuration: duration(query.minDurationNs),
      maxDuration: duration(query.maxDurationNs),
      limit: String(query.limit),
    };
    const body = await getRemoteJson(this.endpoint, '/api/traces', params, "Jaeger's /api/traces");
    return { spans: shaped(this.endpoint, "Jaeger's /api/traces", () => jaegerClassicSpans(body ?? { data: [] })), summaries: [], unsupported };
  }

  async trace(traceId: string): Promise<Span[] | undefined> {
    const v3 = (await this.whichApi()) === 'v3';
    const path = v3 ? `/api/v3/traces/${traceId}` : `/api/traces/${traceId}`;
    const expected = v3 ? "Jaeger's /api/v3/traces/ID" : "Jaeger's /api/traces/ID";
    const body = await getRemoteJson(this.endpoint, path, {}, expected);
    if (body === undefined) return undefined;
    const spans = shaped(this.endpoint, expected, () => (v3 ? jaegerV3Spans(body) : jaegerClassicSpans(body)));
    return spans.length === 0 ? undefined : spans;
  }

  private async whichApi(): Promise<'v3' | 'classic'> {
    if (this.api === undefined) await this.services();
    return this.api!;
  }
}

/** RFC 3339 with nanoseconds, as Go's time.RFC3339Nano reads it. */
function rfc3339(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(ms)).toISOString().slice(0, 19)}.${fraction}Z`;
}
