/** Builds model log records for tests: every field set, overridable. */
import type { LogRecord } from '../../src-main/model/log';
import { attrs, resource, testScope } from './spans';

export function logRecord(overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    timeUnixNano: 1_700_000_000_000_000_000n,
    observedTimeUnixNano: 1_700_000_000_000_000_000n,
    severityNumber: 9,
    severityText: 'INFO',
    body: 'cart updated',
    attributes: attrs({}),
    droppedAttributesCount: 0,
    flags: 0,
    traceId: '',
    spanId: '',
    eventName: '',
    resource: resource('frontend'),
    scope: testScope,
    ...overrides,
  };
}
