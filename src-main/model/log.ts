/** A log record as the store and the core hold it: every field of OTLP's LogRecord, with its resource and scope. */
import { anyValueText } from './any-value-text';
import type { AnyValue, Attributes, Resource, Scope } from './span';

export interface LogRecord {
  /** 0n when the sender gave none (then `observedTimeUnixNano` places it). */
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  /** OTLP's SeverityNumber: 0 unspecified, 1–24. */
  severityNumber: number;
  severityText: string;
  body: AnyValue;
  attributes: Attributes;
  droppedAttributesCount: number;
  flags: number;
  /** Lowercase hex; '' when the record carries no trace context. */
  traceId: string;
  spanId: string;
  eventName: string;
  resource: Resource;
  scope: Scope;
}

/** The six levels of OTLP's severity numbers: 1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL. */
export const SEVERITY_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** The lowest severity number of a level (`WARN` → 13). */
export function levelFloor(level: SeverityLevel): number {
  return SEVERITY_LEVELS.indexOf(level) * 4 + 1;
}

/** When a record is placed in time: its own time, or when it was observed. */
export function logTime(record: Pick<LogRecord, 'timeUnixNano' | 'observedTimeUnixNano'>): bigint {
  return record.timeUnixNano !== 0n ? record.timeUnixNano : record.observedTimeUnixNano;
}

/** What text search reads of a record: its body as text (a map or array as JSON). */
export function bodyText(record: Pick<LogRecord, 'body'>): string {
  return typeof record.body === 'string' ? record.body : record.body === null ? '' : anyValueText(record.body);
}
