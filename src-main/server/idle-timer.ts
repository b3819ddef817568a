/**
 * Calls `onIdle` once no activity was noted for `ms`. When its timer fires it first lets one round of I/O run
 * (setImmediate comes after the poll phase): after the event loop was busy for a while (packing a large request),
 * bytes that arrived meanwhile are read before the verdict, so a busy server never times out a sender that sent.
 */
export class IdleTimer {
  private last = performance.now();
  private timer: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {
    this.timer = setTimeout(() => this.check(), ms);
  }

  activity(): void {
    this.last = performance.now();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private check(): void {
    setImmediate(() => {
      if (this.stopped) return;
      const quiet = performance.now() - this.last;
      if (quiet >= this.ms) {
        this.stopped = true;
        this.onIdle();
      } else this.timer = setTimeout(() => this.check(), this.ms - quiet);
    });
  }
}
