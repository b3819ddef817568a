import type { AnyValue } from './span';

/**
 * The text form of a typed value, the form searches match against: `123` for the int 123, `72.5` for the
 * double, `true` for the bool, base64 for bytes, JSON for arrays and key-value lists.
 */
export function anyValueText(value: AnyValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value === 'boolean' || typeof value === 'bigint' || typeof value === 'number') return String(value);
  return JSON.stringify(toJsonValue(value));
}

/** A JSON-safe copy of a value: int64 as a decimal string, bytes as base64, non-finite doubles as text. */
export function toJsonValue(value: AnyValue): string | number | boolean | null | unknown[] | Record<string, unknown> {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return base64(value);
  if (Array.isArray(value)) return value.map(toJsonValue);
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) out[key] = toJsonValue(value[key]);
  return out;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}
