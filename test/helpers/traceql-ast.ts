/** A parsed TraceQL tree without positions and source, to compare trees read from different texts. */
export function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'from' && key !== 'to' && key !== 'source') out[key] = withoutPositions(child);
  }
  return out;
}
