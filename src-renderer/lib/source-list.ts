import type { SourceInfo } from '../../src-main/model/api';

/** The open sources after a `source` event: the source as it now is (added at the end if new), or gone once closed. */
export function withSourceEvent(sources: SourceInfo[], event: SourceInfo | { id: string; closed: true }): SourceInfo[] {
  if ('closed' in event) return sources.filter((s) => s.id !== event.id);
  return sources.some((s) => s.id === event.id) ? sources.map((s) => (s.id === event.id ? event : s)) : [...sources, event];
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
