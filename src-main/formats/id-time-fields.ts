/** Readers for the id and time fields Zipkin and Jaeger JSON share: short hex ids, microsecond integers. */
import { DecodeError } from '../otlp/decode-result';
import { str, typeError, type Json } from '../otlp/json-fields';

/** Lower hex of up to `width` characters (16 for span ids, 32 for trace ids); shorter ids are zero-padded on the left. */
export function paddedHexId(v: Json, path: string, width: number): string {
  const s = str(v, path);
  if (s === '' || s.length > width || !/^[0-9a-fA-F]+$/.test(s)) throw new DecodeError(`${path}: "${s.slice(0, 64)}" is not a hex id of up to ${width} characters`);
  return s.toLowerCase().padStart(width, '0');
}

/** Microseconds: a non-negative integer, as a number or a decimal string. */
export function micros(v: Json, path: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^\d{1,19}$/.test(v)) return BigInt(v);
  throw typeError(path, 'microseconds as a non-negative integer', v);
}
