/** Which result a key moves to in a list of `count`: arrows by one, Page keys by `page`, Home and End to the ends. */
export function nextIndex(key: string, current: number, count: number, page = 10): number | undefined {
  if (count === 0) return undefined;
  const at = current < 0 ? -1 : current;
  const moves: Record<string, number> = {
    ArrowDown: at + 1,
    ArrowUp: current < 0 ? 0 : at - 1,
    PageDown: at + page,
    PageUp: at - page,
    Home: 0,
    End: count - 1,
  };
  const to = moves[key];
  return to === undefined ? undefined : Math.max(0, Math.min(count - 1, to));
}
