import { MAX_NS } from './ns-range';
import { QueryError } from './query-error';

const UNIT_NS: Record<string, bigint> = { ns: 1n, us: 1_000n, 'µs': 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };

/** `2000ns`, `250us`, `1.5ms`, `2s`, `1m`, `1h`; a bare number is microseconds (as in Jaeger). */
export function parseDuration(text: string, name: string): bigint {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|h)?\s*$/.exec(text);
  if (!match) throw new QueryError(`${name} "${text}" is not a duration; use a number with ns, us, ms, s, m or h (a bare number is microseconds)`);
  const [, number, unit = 'us'] = match;
  const [whole, fraction = ''] = number.split('.');
  const scale = UNIT_NS[unit];
  const fractionNs = fraction === '' ? 0n : (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
  const ns = BigInt(whole) * scale + fractionNs;
  if (ns > MAX_NS) throw new QueryError(`${name} "${text}" is too long; use at most ${MAX_NS / UNIT_NS.h}h (the longest duration 64-bit nanoseconds hold)`);
  return ns;
}
