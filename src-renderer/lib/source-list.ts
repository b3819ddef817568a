import type { SourceInfo } from '../../src-main/model/api';

/**
 * The open sources after a `source` event: the source as it now is (added at the end if new), or gone once closed.
 * An event older than what is shown (sourceGrew) leaves it as it is.
 */
export function withSourceEvent(sources: SourceInfo[], event: SourceInfo | { id: string; closed: true }): SourceInfo[] {
  if ('closed' in event) return sources.filter((s) => s.id !== event.id);
  const shown = sources.find((s) => s.id === event.id);
  if (shown === undefined) return [...sources, event];
  return sourceGrew(shown, event) ? sources.map((s) => (s === shown ? event : s)) : sources;
}

/**
 * Whether `now` tells more than `before` did. A file's events, sent as it was read, may arrive after its upload's
 * answer: once a file is known read whole, an event of it still loading, or whole with the same counts, is not news.
 */
export function sourceGrew(before: SourceInfo | undefined, now: SourceInfo): boolean {
  if (before === undefined || before.kind !== 'file' || before.state !== 'ready') return true;
  return now.state === 'ready' && (now.spans !== before.spans || now.traces !== before.traces || now.logs !== before.logs || now.format !== before.format);
}

/** The core reads a file of up to this many bytes in one go (archives/sources.ts), in well under SMALL_FILE_WAIT_MS. */
const SMALL_FILE_BYTES = 2 * 1024 * 1024;
const SMALL_FILE_WAIT_MS = 300;

/**
 * How long after the core announces a file being opened the page shows it loading: at once, or for a small file
 * only if reading it takes that long. A small file's loading view had no trace to show before it was read, and
 * drawing it took the cores the reading needed (a 1,000-span file's first rows came ~20 ms later).
 */
export function loadingShownAfterMs(fileBytes: number): number {
  return fileBytes > SMALL_FILE_BYTES ? 0 : SMALL_FILE_WAIT_MS;
}
