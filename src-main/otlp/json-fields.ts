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
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw typeError(at(path, key), 'an unsigned 32-bit integer', v);
  return n;
}

export function uint64(v: Json, path: string, key?: string): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) {
    const n = BigInt(v);
    if (n < 2n ** 64n) return n;
  }
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 64) return BigInt(v);
  throw typeError(at(path, key), 'an unsigned 64-bit integer (a decimal string)', v);
}

export function int64(v: Json, path: string, key?: string): bigint {
  if (typeof v === 'string' && /^-?\d{1,20}$/.test(v)) {
    const n = BigInt(v);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return n;
  }
  if (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63) return BigInt(v);
  throw typeError(at(path, key), 'a 64-bit integer (a decimal string)', v);
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
