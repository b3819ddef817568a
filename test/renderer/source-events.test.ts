/**
 * Source events reach every listener through one stream, open while any listens: a view that starts listening
 * while a file opens hears what the source bar's stream, open since the page loaded, hears.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

class FakeEventSource {
  static opened: FakeEventSource[] = [];
  static readonly CLOSED = 2;
  readonly listeners = new Map<string, ((e: { data: string }) => void)[]>();
  readyState = 1;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (e: { data: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }
  send(type: string, data: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data: JSON.stringify(data) });
  }
}

// The router's runes need Svelte's compiler; the stream code does not read it.
vi.mock('../../src-renderer/lib/router.svelte', () => ({ router: { source: 'live' }, LIVE_SOURCE: 'live' }));
beforeAll(() => vi.stubGlobal('EventSource', FakeEventSource));
afterAll(() => vi.unstubAllGlobals());

describe('source events', () => {
  it('share one stream among their listeners, closed when the last stops', async () => {
    const { api } = await import('../../src-renderer/lib/api');
    const bar: unknown[] = [];
    const view: unknown[] = [];
    const stopBar = api.onSource((info) => bar.push(info));
    const stopView = api.onSource((info) => view.push(info));
    expect(FakeEventSource.opened).toHaveLength(1);
    const [stream] = FakeEventSource.opened;
    stream.send('source', { id: 'f1', closed: true });
    expect(bar).toEqual([{ id: 'f1', closed: true }]);
    expect(view).toEqual([{ id: 'f1', closed: true }]);

    stopView();
    expect(stream.readyState).not.toBe(FakeEventSource.CLOSED);
    stream.send('source', { id: 'f2', closed: true });
    expect(view).toHaveLength(1);
    stopBar();
    expect(stream.readyState).toBe(FakeEventSource.CLOSED);

    // Trace events keep a stream per listener: pausing the live search closes its own.
    const stopTraces = api.onTrace(() => {});
    api.onSource(() => {})();
    expect(FakeEventSource.opened).toHaveLength(3);
    stopTraces();
    expect(FakeEventSource.opened[1].readyState).toBe(FakeEventSource.CLOSED);
  });

  it('ask again as a file grows, but not for its events that come after it is known read whole', async () => {
    const { api, whenSourceGrows } = await import('../../src-renderer/lib/api');
    const runs: number[] = [];
    const file = { id: 'f7', name: 'trace.json', kind: 'file', format: '', spans: 10, traces: 1, logs: 0, state: 'loading' };
    const stopBar = api.onSource(() => {});
    const stream = FakeEventSource.opened.at(-1)!;
    const stop = whenSourceGrows('f7', () => 0, () => runs.push(runs.length));
    stream.send('source', file);
    stream.send('source', { ...file, spans: 1_000, state: 'ready', format: 'jaeger-json' });
    expect(runs).toHaveLength(2);
    // Late: the announcement and the end again, as when the events come after the upload's answer.
    stream.send('source', file);
    stream.send('source', { ...file, spans: 1_000, state: 'ready', format: 'jaeger-json' });
    expect(runs).toHaveLength(2);
    // A view that starts watching now knows it whole already.
    const later: number[] = [];
    const stopLater = whenSourceGrows('f7', () => 0, () => later.push(1));
    stream.send('source', { ...file, spans: 1_000, state: 'ready', format: 'jaeger-json' });
    expect(later).toEqual([]);
    stop();
    stopLater();
    stopBar();
  });
});
