/**
 * A compared pair's attributes side by side: one row a key, its text on each side, changed keys first (then by
 * key), so what differs is read before what is the same. Pure.
 */
import type { ApiAttributes } from '../../../src-main/model/api';

export interface AttributeRow {
  key: string;
  a: string | undefined;
  b: string | undefined;
  /** Both spans exist and the key's values differ (or one lacks it). */
  changed: boolean;
}

const text = (value: unknown) => (value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value));

export function attributeRows(a: ApiAttributes | undefined, b: ApiAttributes | undefined): AttributeRow[] {
  const keys = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])];
  const rows = keys.map((key) => {
    const [va, vb] = [text(a?.[key]), text(b?.[key])];
    return { key, a: va, b: vb, changed: a !== undefined && b !== undefined && va !== vb };
  });
  return rows.sort((x, y) => Number(y.changed) - Number(x.changed) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}
