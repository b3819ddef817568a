/** Readers for parsed JSON that name the path of a value of the wrong type: shared by every JSON format's decoder. */
import { DecodeError } from './decode-result';

export type Json = unknown;
export type JsonObject = { [key: string]: Json };

/**
 * Every reader takes the path of the value, or the path of its parent and its key: then the full path is built
 * only for an error (decoders read millions of fields and fail on a few).
 */
const at = (path: string, key: string | undefined) => (key === undefined ? path : `${path}.${key}`);

export function object(v: Json, path: string, key?: string): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw typeError(at(path, key), 'an object', v);
  return v as JsonObject;
}

export function optionalObject(v: Json, path: string, key?: string): JsonObject | undefined {
  return v === undefined || v === null ? undefined : object(v, path, key);
}

export function array(v: Json, path: string, key?: string): Json[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw typeError(at(path, key), 'an array', v);
  return v;
}

export function str(v: Json, path: string, key?: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw typeError(at(path, key), 'a string', v);
  return v;
}

export function uint(v: Json, path: string, key?: string): number {
  if (v === undefined || v === null) return 0;
  // A string is decimal text, exponent allowed (parseJsonExactNumbers turns numbers with one into their text).
  const n = typeof v === 'string' ? Number(exactInteger(v) ?? NaN) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw typeError(at(path, key), 'an unsigned 32-bit integer', v);
  return n;
}

const UINT64_MAX = 2n ** 64n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function uint64(v: Json, path: string, key?: string): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  return integer(v, 0n, UINT64_MAX, at(path, key), 'an unsigned 64-bit integer');
}

export function int64(v: Json, path: string, key?: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return integer(v, INT64_MIN, INT64_MAX, at(path, key), 'a 64-bit integer');
}

/**
 * A number, or a decimal string (exponent and fraction allowed when the value is whole), read exactly within
 * [min, max]. Numbers a double cannot hold exactly reach here as strings (parseJsonExactNumbers).
 */
function integer(v: Json, min: bigint, max: bigint, path: string, what: string): bigint {
  const n = typeof v === 'string' ? exactInteger(v) : typeof v === 'number' && Number.isFinite(v) ? (Number.isInteger(v) ? BigInt(v) : null) : undefined;
  if (n === null) throw new DecodeError(`${path}: ${v} is not a whole number`);
  if (n === undefined || n < min || n > max) throw typeError(path, `${what} (a decimal string)`, v);
  return n;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d{1,6}))?$/;

/** The integer a decimal text spells exactly; null when it has a fractional part, undefined when it is no decimal. */
export function exactInteger(text: string): bigint | null | undefined {
  const m = DECIMAL.exec(text);
  if (m === null) return undefined;
  const [, sign, whole, fraction = '', exponentText = '0'] = m;
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return 0n;
  const exponent = Number(exponentText) - fraction.length;
  if (exponent >= 0) {
    if (digits.length + exponent > 40) return sign ? -(10n ** 40n) : 10n ** 40n; // past every 64-bit range, not computed
    const n = BigInt(digits) * 10n ** BigInt(exponent);
    return sign ? -n : n;
  }
  const kept = digits.length + exponent;
  if (kept <= 0 || !/^0*$/.test(digits.slice(kept))) return null;
  const n = BigInt(digits.slice(0, kept));
  return sign ? -n : n;
}

export function double(v: Json, path: string, key?: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw typeError(at(path, key), 'a number', v);
}

export function typeError(path: string, expected: string, got: Json): DecodeError {
  const gotText = got === null ? 'null' : Array.isArray(got) ? 'an array' : `${typeof got} ${(JSON.stringify(got, firstLevel) ?? '').slice(0, 40)}`;
  return new DecodeError(`${path}: expected ${expected}, got ${gotText}`);
}

/** Writes an object's first level only: the wrong value may be huge, or nested deeper than the stack. */
const firstLevel = (key: string, value: unknown) => (key !== '' && typeof value === 'object' && value !== null ? (Array.isArray(value) ? '[…]' : '{…}') : value);
