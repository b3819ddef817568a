/** Readers for the id and time fields Zipkin and Jaeger JSON share: short hex ids, microsecond integers. */
import { DecodeError } from '../otlp/decode-result';
import { str, typeError, type Json } from '../otlp/json-fields';

/** Lower hex of up to `width` characters (16 for span ids, 32 for trace ids); shorter ids are zero-padded on the left. */
export function paddedHexId(v: Json, path: string, width: number): string {
  const s = str(v, path);
  if (s === '' || s.length > width || !/^[0-9a-fA-F]+$/.test(s)) throw new DecodeError(`${path}: "${s.slice(0, 64)}" is not a hex id of up to ${width} characters`);
  return s.toLowerCase().padStart(width, '0');
}

/**
 * The latest time in signed 64-bit nanoseconds (the year 2262): a start and a duration up to it add up to a time
 * that still fits OTLP's unsigned 64 bits. JSON numbers (safe integers, below 2^53) never reach it.
 */
const MAX_MICROS = (2n ** 63n - 1n) / 1000n;

/** Microseconds: a non-negative integer, as a number or a decimal string. */
export function micros(v: Json, path: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^\d{1,19}$/.test(v)) {
    const us = BigInt(v);
    if (us > MAX_MICROS) throw new DecodeError(`${path}: ${v} microseconds is past the year 2262, the latest time 64-bit nanoseconds hold`);
    return us;
  }
  throw typeError(path, 'microseconds as a non-negative integer', v);
}
