/** The recently opened archives: newest first, no repeats, at most ten. Pure; the caller stores the list. */
export const MAX_RECENT = 10;

export function withRecent(recent: readonly string[], path: string): string[] {
  return [path, ...recent.filter((p) => p !== path)].slice(0, MAX_RECENT);
}
