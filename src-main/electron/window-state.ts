/**
 * The window's size and position, remembered between launches; a saved position that no longer fits a screen
 * (a monitor unplugged) is dropped, keeping the size. Pure: the caller reads the screens and stores the JSON.
 */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1400, height: 900 };
const MIN_SIZE = { width: 640, height: 480 };

export function restoredBounds(saved: unknown, screens: readonly Bounds[]): Partial<Bounds> & { width: number; height: number } {
  if (!isBounds(saved)) return { ...DEFAULT_SIZE };
  const width = Math.max(MIN_SIZE.width, saved.width);
  const height = Math.max(MIN_SIZE.height, saved.height);
  const visible = screens.some((s) => saved.x >= s.x && saved.y >= s.y && saved.x + 100 <= s.x + s.width && saved.y + 100 <= s.y + s.height);
  return visible ? { x: saved.x, y: saved.y, width, height } : { width, height };
}

function isBounds(value: unknown): value is Bounds {
  const b = value as Bounds;
  return typeof value === 'object' && value !== null && [b.x, b.y, b.width, b.height].every((n) => typeof n === 'number' && Number.isFinite(n));
}
