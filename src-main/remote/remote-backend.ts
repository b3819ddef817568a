/** What every remote client answers, whichever backend it speaks to. */
import type { Operation, TraceSummary } from '../model/api';
import type { Span } from '../model/span';
import type { SearchQuery } from '../query/search-query';
import type { TraceQLSearchRequest } from '../query/traceql-request';

export interface RemoteSearchAnswer {
  /** Whole traces, where the backend's search sends them (Jaeger, Zipkin): cached, then summarized locally. */
  spans: Span[];
  /** Summaries, where the backend's search sends only those (Tempo), newest first. */
  summaries: TraceSummary[];
  /** One sentence per filter of the query the backend could not apply (it was left out of the search). */
  unsupported: string[];
}

export interface RemoteBackend {
  /** Throws a RemoteError when the address does not answer as this backend does. */
  check(): Promise<void>;
  search(query: SearchQuery): Promise<RemoteSearchAnswer>;
  /** The trace's spans; undefined when the backend does not know it. */
  trace(traceId: string): Promise<Span[] | undefined>;
  services(): Promise<string[]>;
  operations(service: string): Promise<Operation[]>;
  /** Tempo only: a TraceQL search passed through as typed, answered in Tempo's SearchResponse. */
  traceQLSearch?(request: TraceQLSearchRequest): Promise<unknown>;
  /** Tempo only: tag names and values for the query editor's completion. */
  tagNames?(): Promise<{ tagNames: string[] }>;
  tagValues?(tag: string): Promise<unknown>;
}

/** A 64-bit id, as Zipkin and Tempo trim them, made the 32 digits the store keeps. */
export function fullTraceId(id: string): string {
  return id.toLowerCase().padStart(32, '0');
}

/** A JSON object (not an array, not null), as the answers are checked before they are read. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
