import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventStream, type EventSourceLike } from '../../src-renderer/lib/event-stream';

/** An EventSource that the test speaks through. */
class FakeSource implements EventSourceLike {
  readyState = 1;
  onerror: ((event: Event) => void) | null = null;
  readonly handlers = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  close(): void {
    this.readyState = 2;
  }
  send(type: string, data: unknown): void {
    for (const handler of this.handlers.get(type) ?? []) handler({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
}

function streamOfFakes() {
  const opened: FakeSource[] = [];
  const stream = new EventStream(() => {
    opened.push(new FakeSource());
    return opened[opened.length - 1];
  }, 30_000);
  return { stream, opened };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the page’s one event stream', () => {
  it('is opened once for every listener of every event, and each hears only its own events', () => {
    const { stream, opened } = streamOfFakes();
    const sources: unknown[] = [];
    const traces: unknown[] = [];
    stream.listen('source', (d) => sources.push(d));
    stream.listen('source', (d) => sources.push(d));
    stream.listen('trace', (d) => traces.push(d));
    expect(opened).toHaveLength(1);
    opened[0].send('source', { id: 'f1' });
    opened[0].send('trace', { traceId: 'ab' });
    expect(sources).toEqual([{ id: 'f1' }, { id: 'f1' }]);
    expect(traces).toEqual([{ traceId: 'ab' }]);
  });

  it('stops telling a listener once it stops listening', () => {
    const { stream, opened } = streamOfFakes();
    const heard: unknown[] = [];
    const stop = stream.listen('source', (d) => heard.push(d));
    opened[0].send('source', 1);
    stop();
    opened[0].send('source', 2);
    expect(heard).toEqual([1]);
  });

  it('tells the other listeners of an event when one of them throws', () => {
    const { stream, opened } = streamOfFakes();
    const heard: unknown[] = [];
    const reported: unknown[] = [];
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => {
      try {
        task();
      } catch (error) {
        reported.push(error);
      }
    });
    stream.listen('source', () => {
      throw new Error('broken listener');
    });
    stream.listen('source', (d) => heard.push(d));
    opened[0].send('source', 'x');
    expect(heard).toEqual(['x']);
    expect(reported).toEqual([new Error('broken listener')]);
    vi.restoreAllMocks();
  });

  it('asks again after the wait for a stream the server refused, with every event it listened to', () => {
    vi.useFakeTimers();
    const { stream, opened } = streamOfFakes();
    const heard: unknown[] = [];
    stream.listen('source', (d) => heard.push(d));
    opened[0].close();
    opened[0].onerror?.(new Event('error'));
    vi.advanceTimersByTime(29_999);
    expect(opened).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(opened).toHaveLength(2);
    opened[1].send('source', 'again');
    expect(heard).toEqual(['again']);
  });

  it('leaves a stream that dropped to EventSource’s own reconnecting', () => {
    vi.useFakeTimers();
    const { stream, opened } = streamOfFakes();
    stream.listen('source', () => {});
    opened[0].readyState = 0; // CONNECTING: EventSource reconnects by itself
    opened[0].onerror?.(new Event('error'));
    vi.advanceTimersByTime(60_000);
    expect(opened).toHaveLength(1);
  });
});
