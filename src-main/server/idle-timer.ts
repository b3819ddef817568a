/** When something last happened: one per request body, or one shared by every stream of an HTTP/2 connection. */
export class Activity {
  last = performance.now();

  note(): void {
    this.last = performance.now();
  }
}

/**
 * Calls `onIdle` once `activity` was quiet for `ms`. When its timer fires it first lets one round of I/O run
 * (setImmediate comes after the poll phase): after the event loop was busy for a while (packing a large request),
 * bytes that arrived meanwhile are read before the verdict, so a busy server never times out a sender that sent.
 */
export class IdleTimer {
  private timer: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
    readonly activity = new Activity(),
  ) {
    this.timer = setTimeout(() => this.check(), ms);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private check(): void {
    setImmediate(() => {
      if (this.stopped) return;
      const quiet = performance.now() - this.activity.last;
      if (quiet >= this.ms) {
        this.stopped = true;
        this.onIdle();
      } else this.timer = setTimeout(() => this.check(), this.ms - quiet);
    });
  }
}
