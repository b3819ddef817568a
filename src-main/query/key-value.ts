/** A value as OTLP/JSON's KeyValue writes it, the form Tempo's answers use for attributes and series labels. */
import type { KeyValue } from '../model/api';
import type { Value } from '../traceql/field-values';

export type { KeyValue };

export function keyValue(key: string, value: Value): KeyValue {
  if (value === null) return { key, value: {} };
  if (typeof value === 'boolean') return { key, value: { boolValue: value } };
  if (typeof value === 'number') return { key, value: Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value } };
  if (typeof value === 'string') return { key, value: { stringValue: value } };
  return { key, value: { stringValue: JSON.stringify(value) } };
}
