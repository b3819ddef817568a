/**
 * The core's server-sent events: one stream for the page, opened with the first listener and kept, shared by all.
 * With a stream per listener, each held one of the browser's six connections to the core, and a listener's new
 * stream missed what was sent while it connected (an opened file's announcement, sent as its upload began).
 */

/** What the stream needs of an EventSource (a fake one in tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

const CLOSED = 2; // EventSource.CLOSED

export class EventStream {
  private source: EventSourceLike | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Map<string, Set<(data: unknown) => void>>();

  /** `retryMs`: a stream the server refused (503: too many are open) is not retried by EventSource itself, unlike a dropped one. */
  constructor(
    private readonly open: () => EventSourceLike,
    private readonly retryMs: number,
  ) {}

  /** Calls `listener` with each `event`'s data, parsed once for all its listeners; returns the function that stops. */
  listen<T>(event: string, listener: (data: T) => void): () => void {
    let listeners = this.listeners.get(event);
    if (!listeners) {
      this.listeners.set(event, (listeners = new Set()));
      this.source?.addEventListener(event, (e) => this.dispatch(event, e.data));
    }
    listeners.add(listener as (data: unknown) => void);
    if (!this.source) this.connect();
    return () => listeners.delete(listener as (data: unknown) => void);
  }

  private connect(): void {
    const source = (this.source = this.open());
    for (const event of this.listeners.keys()) source.addEventListener(event, (e) => this.dispatch(event, e.data));
    source.onerror = () => {
      if (source.readyState !== CLOSED || this.retry !== undefined) return;
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.connect();
      }, this.retryMs);
    };
  }

  private dispatch(event: string, text: string): void {
    const data: unknown = JSON.parse(text);
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(data);
      } catch (error) {
        // One listener's failure is reported, and the others still hear of the event.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
