/**
 * Tick marks for the time axis between `fromNs` and `toNs` (offsets from the trace start): round steps
 * (1, 2, 5 × 10^k ns) that give about `target` ticks, labelled with their offset.
 */
export function timeTicks(fromNs: number, toNs: number, target = 6): { at: number; label: string }[] {
  if (toNs <= fromNs) return [{ at: fromNs, label: formatNanos(fromNs) }];
  const rough = (toNs - fromNs) / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const ticks: { at: number; label: string }[] = [];
  for (let i = Math.ceil(fromNs / step - 1e-9); i * step <= toNs + step / 1e6; i++) ticks.push({ at: i * step, label: formatNanos(i * step) });
  return ticks;
}

/** A difference: `+20ms`, `−3.5ms`, `±0`. */
export function formatSignedNanos(ns: number): string {
  return ns === 0 ? '±0' : `${ns > 0 ? '+' : '−'}${formatNanos(Math.abs(ns))}`;
}

/** `0`, `750ns`, `12.5µs`, `3.25ms`, `1.5s`, `2m 5s`. */
export function formatNanos(ns: number): string {
  if (ns === 0) return '0';
  const units: [number, string][] = [
    [1e9, 's'],
    [1e6, 'ms'],
    [1e3, 'µs'],
  ];
  if (ns >= 60e9) return `${Math.floor(ns / 60e9)}m ${Math.round((ns % 60e9) / 1e9)}s`;
  for (const [size, unit] of units) if (ns >= size) return `${round(ns / size)}${unit}`;
  return `${round(ns)}ns`;
}

function round(n: number): string {
  return String(Number(n.toPrecision(3)));
}
