/**
 * Duration literals as Tempo reads them: first as a Prometheus duration (`1h30m`, `2d`, `1w`, `1y`; whole
 * numbers, units from largest to smallest), then as a Go duration (`1.5s`, `250us`, `10µs`, `7ns`, `1h30m`).
 * Values are signed 64-bit nanoseconds.
 */

const MAX_NS = 2n ** 63n - 1n;
const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;
const NS_PER_H = 3600n * NS_PER_S;

const PROMETHEUS_UNITS: Record<string, { order: number; ns: bigint }> = {
  y: { order: 1, ns: 365n * 24n * NS_PER_H },
  w: { order: 2, ns: 7n * 24n * NS_PER_H },
  d: { order: 3, ns: 24n * NS_PER_H },
  h: { order: 4, ns: NS_PER_H },
  m: { order: 5, ns: 60n * NS_PER_S },
  s: { order: 6, ns: NS_PER_S },
  ms: { order: 7, ns: NS_PER_MS },
};

const GO_UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5 micro sign
  'μs': 1000n, // U+03BC Greek mu
  ms: NS_PER_MS,
  s: NS_PER_S,
  m: 60n * NS_PER_S,
  h: NS_PER_H,
};

/** The characters Tempo's lexer takes into a duration after a number (digits and '.' too). */
export function isDurationChar(ch: string): boolean {
  return 'nsumhµdwy.'.includes(ch) || (ch >= '0' && ch <= '9');
}

/** Nanoseconds, or null when the text is not a duration Tempo accepts (or is past 2^63 - 1 ns). */
export function parseDurationText(text: string): bigint | null {
  return parsePrometheusDuration(text) ?? parseGoDuration(text);
}

function parsePrometheusDuration(text: string): bigint | null {
  if (text === '0') return 0n;
  const part = /^(\d+)(\D+)/u;
  let rest = text;
  let total = 0n;
  let lastOrder = 0;
  while (rest !== '') {
    const match = part.exec(rest);
    if (!match) return null;
    const unit = PROMETHEUS_UNITS[match[2]];
    if (!unit || unit.order <= lastOrder) return null;
    lastOrder = unit.order;
    total += BigInt(match[1]) * unit.ns;
    if (total > MAX_NS) return null;
    rest = rest.slice(match[0].length);
  }
  return total;
}

function parseGoDuration(text: string): bigint | null {
  if (text === '0') return 0n;
  const part = /^(\d*)(?:\.(\d*))?([^\d.]+)/u;
  let rest = text;
  let total = 0n;
  while (rest !== '') {
    const match = part.exec(rest);
    if (!match || (match[1] === '' && !match[2])) return null;
    const unit = GO_UNITS[match[3]];
    if (unit === undefined) return null;
    let value = BigInt(match[1] || '0') * unit;
    const fraction = match[2] ?? '';
    if (fraction !== '') value += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    total += value;
    if (total > MAX_NS) return null;
    rest = rest.slice(match[0].length);
  }
  return total;
}

const PRINT_UNITS: Array<[string, bigint]> = [
  ['h', NS_PER_H],
  ['m', 60n * NS_PER_S],
  ['s', NS_PER_S],
  ['ms', NS_PER_MS],
  ['us', 1000n],
  ['ns', 1n],
];

/** The shortest exact spelling in one unit: 5400 s is `90m`, 1.5 ms is `1500us`. */
export function formatDuration(ns: bigint): string {
  if (ns < 0n) return `-${formatDuration(-ns)}`;
  if (ns === 0n) return '0s';
  for (const [unit, size] of PRINT_UNITS) {
    if (ns % size === 0n) return `${ns / size}${unit}`;
  }
  return `${ns}ns`;
}
