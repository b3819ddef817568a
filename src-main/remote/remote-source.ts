/**
 * A remote backend looked at like an opened file: searches are answered by the backend, every trace it sends is
 * written into the source's own temporary store (the cache), and a trace is fetched by id the first time it is
 * opened, so the trace view, its map, a diff, an export and "import into live" read the store as for a file.
 */
import type { Operation, SourceInfo, TraceSummary } from '../model/api';
import type { Span } from '../model/span';
import { getTraceSummary } from '../query/trace-query';
import type { SearchQuery } from '../query/search-query';
import type { TraceQLSearchRequest } from '../query/traceql-request';
import type { Store } from '../store/store';
import type { RemoteBackend } from './remote-backend';
import { RemoteError } from './remote-error';

export interface RemoteSearchResult {
  traces: TraceSummary[];
  unsupported: string[];
}

export class RemoteSource {
  /** Traces being fetched, so two views opening one trace fetch it once. */
  private readonly fetching = new Map<string, Promise<void>>();
  /** The traces written into the cache: the source's counts. */
  private readonly cached = new Set<string>();

  constructor(
    readonly info: SourceInfo & { remote: NonNullable<SourceInfo['remote']> },
    readonly store: Store,
    private readonly backend: RemoteBackend,
    /** Told when the health changes (the API announces it as a `source` event, so the page shows it). */
    private readonly onHealthChange: (info: SourceInfo) => void = () => {},
  ) {}

  /** Asks the backend once; the outcome is the source's health, never a throw. */
  async check(): Promise<void> {
    await this.asked(() => this.backend.check()).catch((error: unknown) => {
      if (!(error instanceof RemoteError)) throw error;
    });
  }

  async search(query: SearchQuery): Promise<RemoteSearchResult> {
    const answer = await this.asked(() => this.backend.search(query));
    // Tempo's summaries have no span counts: a trace already fetched is summarized from the cache instead.
    if (answer.spans.length === 0) return { traces: answer.summaries.map((summary) => getTraceSummary(this.store.reader, summary.traceId) ?? summary), unsupported: answer.unsupported };
    await this.cache(answer.spans);
    const ids = [...new Set(answer.spans.map((span) => span.traceId))];
    const traces = ids.flatMap((id) => getTraceSummary(this.store.reader, id) ?? []);
    traces.sort((a, b) => (BigInt(b.startTimeUnixNano) > BigInt(a.startTimeUnixNano) ? 1 : BigInt(b.startTimeUnixNano) < BigInt(a.startTimeUnixNano) ? -1 : 0));
    return { traces: traces.slice(0, query.limit), unsupported: answer.unsupported };
  }

  /** Fetches the trace into the cache unless it is there; one the backend does not know stays missing (a 404). */
  ensureTrace(traceId: string): Promise<void> {
    if (this.store.reader.traceById(traceId)) return Promise.resolve();
    let pending = this.fetching.get(traceId);
    if (!pending) {
      pending = this.asked(() => this.backend.trace(traceId))
        .then((spans) => (spans ? this.cache(spans) : undefined))
        .finally(() => this.fetching.delete(traceId));
      this.fetching.set(traceId, pending);
    }
    return pending;
  }

  services(): Promise<string[]> {
    return this.asked(() => this.backend.services());
  }

  operations(service: string): Promise<Operation[]> {
    return this.asked(() => this.backend.operations(service));
  }

  /** What the backend answers for TraceQL and its tags; undefined where it has no such API (answered from the cache). */
  traceQLSearch(request: TraceQLSearchRequest): Promise<unknown> | undefined {
    const search = this.backend.traceQLSearch?.bind(this.backend);
    return search && this.asked(() => search(request));
  }

  tagNames(): Promise<unknown> | undefined {
    const names = this.backend.tagNames?.bind(this.backend);
    return names && this.asked(names);
  }

  tagValues(tag: string): Promise<unknown> | undefined {
    const values = this.backend.tagValues?.bind(this.backend);
    return values && this.asked(() => values(tag));
  }

  private async cache(spans: Span[]): Promise<void> {
    await this.store.write(spans);
    for (const span of spans) this.cached.add(span.traceId);
    this.info.traces = this.cached.size;
    this.info.spans = [...this.cached].reduce((sum, id) => sum + (this.store.reader.traceById(id)?.spanCount ?? 0), 0);
  }

  /** Runs one request to the backend; its outcome becomes the source's health. */
  private async asked<T>(request: () => Promise<T>): Promise<T> {
    try {
      const answer = await request();
      this.setHealth({ ok: true, message: 'ok' });
      return answer;
    } catch (error) {
      if (error instanceof RemoteError) this.setHealth({ ok: false, message: error.message });
      throw error;
    }
  }

  private setHealth(health: { ok: boolean; message: string }): void {
    const before = this.info.remote.health;
    this.info.remote.health = health;
    if (before.ok !== health.ok || before.message !== health.message) this.onHealthChange(this.info);
  }
}
