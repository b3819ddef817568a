import { MAX_NS, MIN_NS } from './ns-range';
import { QueryError } from './query-error';

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** RFC 3339 (fractional seconds to the nanosecond) or integer epoch milliseconds → epoch nanoseconds. */
export function parseTime(text: string, name: string): bigint {
  const ns = nanoseconds(text, name);
  if (ns < MIN_NS || ns > MAX_NS) {
    throw new QueryError(`${name} "${text}" is out of range; use a time from ${isoTime(MIN_NS)} to ${isoTime(MAX_NS)} (what 64-bit nanoseconds hold)`);
  }
  return ns;
}

const isoTime = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString().replace(/\.\d+Z$/, 'Z');

function nanoseconds(text: string, name: string): bigint {
  if (/^-?\d+$/.test(text)) return BigInt(text) * 1_000_000n;
  const match = RFC3339.exec(text);
  const ms = match ? Date.parse(`${match[1]}T${match[2]}${match[4]}`) : NaN;
  if (!match || Number.isNaN(ms)) {
    throw new QueryError(`${name} "${text}" is not a time; use RFC 3339 (2024-05-01T10:00:00.5Z) or epoch milliseconds`);
  }
  const fraction = (match[3] ?? '').padEnd(9, '0');
  return BigInt(ms) * 1_000_000n + BigInt(fraction);
}
