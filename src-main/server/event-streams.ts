/**
 * The open `/api/events` streams. At most `maxClients` at once (the caller refuses more); each block of events
 * is one Buffer written once to every stream, so all streams share its memory; a stream whose earlier events are
 * still unsent past MAX_UNSENT_BYTES (its client stopped reading) is dropped, and EventSource reconnects by itself.
 */
import type { ServerResponse } from 'node:http';

/**
 * What a stream may have waiting beyond the block being written: seven ticks of heavy ingest (500 summaries of
 * ~300 bytes). Every stream's backlog is the tail of the same blocks, so all streams together hold about this much.
 */
export const MAX_UNSENT_BYTES = 1024 * 1024;
const KEEP_ALIVE_MS = 15_000;

export class EventStreams {
  private readonly streams = new Set<ServerResponse>();
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(readonly maxClients: number) {}

  get size(): number {
    return this.streams.size;
  }

  /** Starts the stream on `res`, or answers false when `maxClients` are open already. */
  open(res: ServerResponse, onClose: () => void): boolean {
    if (this.streams.size >= this.maxClients) return false;
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    this.streams.add(res);
    this.keepAlive ??= setInterval(() => this.send(': keep-alive\n\n'), KEEP_ALIVE_MS).unref();
    res.once('close', () => {
      this.streams.delete(res);
      if (this.streams.size === 0) {
        clearInterval(this.keepAlive);
        this.keepAlive = undefined;
      }
      onClose();
    });
    return true;
  }

  send(text: string): void {
    const block = Buffer.from(text);
    for (const res of this.streams) {
      if (res.writableLength > MAX_UNSENT_BYTES) {
        this.streams.delete(res);
        res.destroy();
      } else res.write(block);
    }
  }
}
