/**
 * Live updates: what changed (traces that gained spans, log records written) is gathered and, a few times a second,
 * turned into documents once for every listener, so heavy ingest costs one document per change per tick, not per
 * client.
 */

const TICK_MS = 250;

export class ChangeFeed<K, D> {
  private readonly listeners = new Set<(documents: D[]) => void>();
  private readonly changed = new Set<K>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribeStore: (() => void) | undefined;

  /**
   * `watch` starts hearing the store's changes (and returns how to stop); `render` makes the documents of the last
   * `max` of them (under heavier ingest the latest win).
   */
  constructor(
    private readonly watch: (collect: (keys: K[]) => void) => () => void,
    private readonly render: (keys: K[]) => D[],
    private readonly max: number,
  ) {}

  subscribe(listener: (documents: D[]) => void): () => void {
    this.listeners.add(listener);
    this.unsubscribeStore ??= this.watch((keys) => this.collect(keys));
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.unsubscribeStore?.();
        this.unsubscribeStore = undefined;
        this.changed.clear();
      }
    };
  }

  private collect(keys: K[]): void {
    for (const key of keys) {
      this.changed.delete(key);
      this.changed.add(key);
    }
    this.timer ??= setTimeout(() => this.flush(), TICK_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const keys = [...this.changed].slice(-this.max);
    this.changed.clear();
    const documents = this.render(keys);
    if (documents.length > 0) for (const listener of this.listeners) listener(documents);
  }
}
