/**
 * Live updates: the ids of traces that gained spans are gathered and, a few times a second, turned into
 * summaries once for every listener, so heavy ingest costs one summary per trace per tick, not per client.
 */
import type { TraceSummary } from '../model/api';
import type { Store } from '../store/store';

const TICK_MS = 250;
/** Per tick; under heavier ingest the latest traces win. */
const MAX_SUMMARIES = 500;

export class TraceFeed {
  private readonly listeners = new Set<(summaries: TraceSummary[]) => void>();
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribeStore: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly summarize: (traceId: string) => TraceSummary | undefined,
  ) {}

  subscribe(listener: (summaries: TraceSummary[]) => void): () => void {
    this.listeners.add(listener);
    this.unsubscribeStore ??= this.store.onTracesChanged((ids) => this.collect(ids));
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.unsubscribeStore?.();
        this.unsubscribeStore = undefined;
        this.changed.clear();
      }
    };
  }

  private collect(traceIds: string[]): void {
    for (const id of traceIds) {
      this.changed.delete(id);
      this.changed.add(id);
    }
    this.timer ??= setTimeout(() => this.flush(), TICK_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const ids = [...this.changed].slice(-MAX_SUMMARIES);
    this.changed.clear();
    const summaries = ids.map(this.summarize).filter((s): s is TraceSummary => s !== undefined);
    if (summaries.length > 0) for (const listener of this.listeners) listener(summaries);
  }
}
