/** Log records in the renderer's shape, for the logs tests. */
import type { LogRecord } from '../../../src-renderer/lib/api-shapes';

export const T0 = 1_700_000_000_000_000_000n;

export function logRecord(fields: Partial<LogRecord> = {}): LogRecord {
  const timeNs = fields.timeNs ?? T0;
  return {
    timeNs,
    timeMs: Number(timeNs / 1_000_000n),
    observedMs: Number(timeNs / 1_000_000n),
    severityNumber: 9,
    severityText: 'INFO',
    body: 'hello',
    attributes: {},
    traceId: '',
    spanId: '',
    eventName: '',
    flags: 0,
    droppedAttributesCount: 0,
    service: 'cart',
    resource: { attributes: {} },
    scope: { name: '', version: '', attributes: {} },
    ...fields,
  };
}
