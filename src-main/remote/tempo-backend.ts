/**
 * Grafana Tempo as a remote source: the field search is sent as TraceQL (`/api/search?q=`), a TraceQL query as
 * typed, a trace by id from `/api/v2/traces/ID`, services, operations and tags from the v2 tag endpoints.
 */
import type { Operation } from '../model/api';
import type { Span } from '../model/span';
import { decodeTraceRequestJson } from '../otlp/decode-json';
import type { SearchQuery } from '../query/search-query';
import type { TraceQLSearchRequest } from '../query/traceql-request';
import type { RemoteBackend, RemoteSearchAnswer } from './remote-backend';
import { getRemoteJson, shaped, type RemoteEndpoint } from './remote-fetch';
import { searchAsTraceQL } from './search-as-traceql';
import { tempoSearchSummaries, tempoSearchWithWholeIds, tempoTagNames, tempoTagValues, tempoTraceDocument } from './tempo-responses';

const SEARCH = "Tempo's /api/search";
const TRACE = "Tempo's /api/v2/traces/ID";
const TAGS = "Tempo's /api/v2/search/tags";
const TAG_VALUES = "Tempo's /api/v2/search/tag/NAME/values";

export class TempoBackend implements RemoteBackend {
  constructor(private readonly endpoint: RemoteEndpoint) {}

  async check(): Promise<void> {
    await this.tagNames();
  }

  async search(query: SearchQuery): Promise<RemoteSearchAnswer> {
    const unsupported = query.call ? ['a call between two services (from the service map) is not a Tempo search filter'] : [];
    const body = await getRemoteJson(this.endpoint, '/api/search', { q: searchAsTraceQL(query), ...window(query.startNs, query.endNs), limit: String(query.limit) }, SEARCH);
    return { spans: [], summaries: shaped(this.endpoint, SEARCH, () => tempoSearchSummaries(body ?? {})), unsupported };
  }

  async traceQLSearch(request: TraceQLSearchRequest): Promise<unknown> {
    const params = { q: request.q, ...window(request.startNs, request.endNs), limit: String(request.limit), spss: String(request.spansPerSpanset) };
    const body = await getRemoteJson(this.endpoint, '/api/search', params, SEARCH);
    shaped(this.endpoint, SEARCH, () => tempoSearchSummaries(body));
    return tempoSearchWithWholeIds(body);
  }

  async trace(traceId: string): Promise<Span[] | undefined> {
    const body = await getRemoteJson(this.endpoint, `/api/v2/traces/${traceId}`, {}, TRACE);
    if (body === undefined) return undefined;
    const spans = shaped(this.endpoint, TRACE, () => {
      const document = tempoTraceDocument(body);
      return document === undefined ? 'it has no "trace" object' : decodeTraceRequestJson(document).spans;
    });
    return spans.length === 0 ? undefined : spans;
  }

  async services(): Promise<string[]> {
    return this.values('resource.service.name', {});
  }

  async operations(service: string): Promise<Operation[]> {
    const names = await this.values('name', { q: `{ resource.service.name = ${JSON.stringify(service)} }` });
    return names.map((name) => ({ name, kind: 'UNSPECIFIED' }));
  }

  async tagNames(): Promise<{ tagNames: string[] }> {
    const body = await getRemoteJson(this.endpoint, '/api/v2/search/tags', {}, TAGS);
    return { tagNames: shaped(this.endpoint, TAGS, () => (body === undefined ? 'it answered 404 (no such page)' : tempoTagNames(body))) };
  }

  /** Tempo's document as it is: the API's own `/api/v2/search/tag/NAME/values` answers in the same shape. */
  async tagValues(tag: string): Promise<unknown> {
    const body = await getRemoteJson(this.endpoint, `/api/v2/search/tag/${encodeURIComponent(tag)}/values`, {}, TAG_VALUES);
    shaped(this.endpoint, TAG_VALUES, () => tempoTagValues(body ?? { tagValues: [] }));
    return body ?? { tagValues: [] };
  }

  private async values(tag: string, params: Record<string, string>): Promise<string[]> {
    const body = await getRemoteJson(this.endpoint, `/api/v2/search/tag/${encodeURIComponent(tag)}/values`, params, TAG_VALUES);
    return shaped(this.endpoint, TAG_VALUES, () => tempoTagValues(body ?? { tagValues: [] })).sort();
  }
}

/** Tempo takes whole Unix seconds: the window widened to them. */
function window(startNs: bigint | undefined, endNs: bigint | undefined): Record<string, string | undefined> {
  return {
    start: startNs === undefined ? undefined : String(startNs / 1_000_000_000n),
    end: endNs === undefined ? undefined : String((endNs + 999_999_999n) / 1_000_000_000n),
  };
}
