import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../src-main/model/api';
import { loadingShownAfterMs, sourceGrew, withSourceEvent } from '../../src-renderer/lib/source-list';

const live: SourceInfo = { id: 'live', name: 'Live', kind: 'live', format: '', spans: 0, traces: 0, logs: 0, state: 'ready' };
const loading: SourceInfo = { id: 'f1', name: 'trace.json', kind: 'file', format: '', spans: 120, traces: 1, logs: 0, state: 'loading' };

describe('the open sources after a source event', () => {
  it('adds a new source at the end', () => {
    expect(withSourceEvent([live], loading)).toEqual([live, loading]);
  });

  it('replaces a source that grew in place, keeping the order', () => {
    const ready = { ...loading, spans: 1_000, state: 'ready' as const, format: 'jaeger-json' };
    const other = { ...loading, id: 'f2' };
    expect(withSourceEvent([live, loading, other], ready)).toEqual([live, ready, other]);
  });

  it('keeps a file read whole as it is when an older event of it, sent while it loaded, arrives after', () => {
    const ready = { ...loading, spans: 1_000, state: 'ready' as const, format: 'jaeger-json' };
    const shown = [live, ready];
    expect(withSourceEvent(shown, loading)).toBe(shown);
    expect(withSourceEvent(shown, { ...ready })).toBe(shown);
  });

  it('removes a closed source, and leaves the list alone for one it does not hold', () => {
    expect(withSourceEvent([live, loading], { id: 'f1', closed: true })).toEqual([live]);
    expect(withSourceEvent([live], { id: 'f9', closed: true })).toEqual([live]);
  });
});

describe('when a file being opened is shown loading', () => {
  it('at once for a file the core reads in pieces, after a moment for one it reads in one go', () => {
    expect(loadingShownAfterMs(2 * 1024 * 1024 + 1)).toBe(0);
    expect(loadingShownAfterMs(1_070_028)).toBe(300);
    expect(loadingShownAfterMs(0)).toBe(300);
  });
});

describe('whether a source event tells more than what was known', () => {
  const ready: SourceInfo = { ...loading, spans: 1_000, state: 'ready', format: 'jaeger-json' };
  it('says yes for a source not known yet, and for every step of a file still loading', () => {
    expect(sourceGrew(undefined, loading)).toBe(true);
    expect(sourceGrew(loading, { ...loading, spans: 500 })).toBe(true);
    expect(sourceGrew(loading, ready)).toBe(true);
  });

  it('says no for a file known read whole: an event of it loading, or whole with the same counts', () => {
    expect(sourceGrew(ready, loading)).toBe(false);
    expect(sourceGrew(ready, { ...ready })).toBe(false);
    expect(sourceGrew(ready, { ...ready, logs: 3 })).toBe(true);
  });

  it('says yes for every event of a remote source, whose health changes with the same counts', () => {
    const remote: SourceInfo = { id: 'r1', name: 'Tempo localhost:3200', kind: 'remote', format: 'tempo', spans: 0, traces: 0, logs: 0, state: 'ready' };
    expect(sourceGrew(remote, { ...remote })).toBe(true);
  });
});
