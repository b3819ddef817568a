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

/**
 * Log records that between them set every field of LogRecord, and every kind of value in bodies and attributes,
 * under two resources and scopes with schema URLs; times one second apart from `startMs`, trace context on some.
 */
export function richLogs(traceId = 'ab'.repeat(16), startMs = 1_700_000_000_000): LogRecord[] {
  const checkout = resource('checkout', { 'host.name': 'laptop', 'process.pid': 4242n });
  const checkoutWithSchema = { ...checkout, droppedAttributesCount: 1, schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' };
  const payments = resource('payments');
  const libScope = { name: 'checkout-lib', version: '2.1.0', attributes: attrs({ 'lib.flavour': 'async' }), droppedAttributesCount: 2, schemaUrl: 'https://opentelemetry.io/schemas/1.25.0' };
  const at = (i: number) => BigInt(startMs + i * 1000) * 1_000_000n + 123n;
  return [
    logRecord({
      timeUnixNano: at(0),
      observedTimeUnixNano: at(0) + 5_000n,
      severityNumber: 17,
      severityText: 'ERROR',
      body: 'payment declined: card expired',
      attributes: attrs({ 'http.status_code': 402n, retry: false, ratio: 0.25, tags: ['a', 'b'], raw: new Uint8Array([1, 2, 255]) }),
      droppedAttributesCount: 3,
      flags: 1,
      traceId,
      spanId: '01'.repeat(8),
      eventName: 'payment.declined',
      resource: checkoutWithSchema,
      scope: libScope,
    }),
    logRecord({
      timeUnixNano: at(1),
      observedTimeUnixNano: at(1),
      severityNumber: 9,
      severityText: 'INFO',
      body: attrs({ order: 'o-17', items: [1n, 2n, attrs({ sku: 'x' })], paid: true }),
      attributes: attrs({ 'user.id': 'u-9' }),
      traceId,
      spanId: '',
      resource: checkoutWithSchema,
      scope: libScope,
    }),
    logRecord({ timeUnixNano: at(2), observedTimeUnixNano: at(2) + 1n, severityNumber: 5, severityText: 'debug', body: 12.5, resource: payments }),
    logRecord({ timeUnixNano: at(3), observedTimeUnixNano: at(3), severityNumber: 0, severityText: '', body: null, eventName: 'heartbeat', resource: payments }),
    logRecord({ timeUnixNano: at(4), observedTimeUnixNano: at(4), severityNumber: 24, severityText: 'FATAL4', body: new Uint8Array([0, 7, 9]), flags: 0x101, resource: payments }),
  ];
}
