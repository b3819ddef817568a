import type { SourceInfo } from '../../src-main/model/api';

/** The open sources after a `source` event: the source as it now is (added at the end if new), or gone once closed. */
export function withSourceEvent(sources: SourceInfo[], event: SourceInfo | { id: string; closed: true }): SourceInfo[] {
  if ('closed' in event) return sources.filter((s) => s.id !== event.id);
  return sources.some((s) => s.id === event.id) ? sources.map((s) => (s.id === event.id ? event : s)) : [...sources, event];
}
