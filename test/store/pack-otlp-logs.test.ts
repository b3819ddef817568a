import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src-main/model/log';
import { decodeLogsRequestProtobuf } from '../../src-main/otlp/decode-logs-protobuf';
import { encodeLogsRequestProtobuf } from '../../src-main/otlp/encode-logs-protobuf';
import { transcodeLogsRequestJson } from '../../src-main/otlp/transcode-logs-json';
import { KeyDictionary } from '../../src-main/store/key-dictionary';
import { packLogs } from '../../src-main/store/log-batch';
import { packOtlpLogs } from '../../src-main/store/pack-otlp-logs';
import { DEFAULT_SPAN_LIMITS, entriesMarker, type SpanLimits } from '../../src-main/store/span-limits';
import { logRecord } from '../helpers/logs';
import { attrs, resource } from '../helpers/spans';

const TRACE = 'ab'.repeat(16);
const SPAN = 'cd'.repeat(8);
const payments = resource('payments', { 'host.name': 'laptop' });

/** Records of every shape a sender makes: every field, each kind of body, with and without trace context and time. */
const records = (): LogRecord[] => [
  logRecord({
    timeUnixNano: 1_700_000_000_123_456_789n, observedTimeUnixNano: 1_700_000_000_200_000_000n, severityNumber: 17, severityText: 'ERROR',
    body: attrs({ message: 'boom', code: 9_007_199_254_740_993n, ratio: 0.5, ok: false, raw: new Uint8Array([0, 255]), list: ['a', 1n, null], nested: attrs({ deep: attrs({ x: 'y' }) }) }),
    attributes: attrs({ 'exception.type': 'Timeout', retries: 3n }), droppedAttributesCount: 2, flags: 1, traceId: TRACE, spanId: SPAN, eventName: 'payment.failed', resource: payments,
  }),
  logRecord({ body: 'charged card ending 4242 — ✓', traceId: TRACE, attributes: attrs({ 'http.route': '/pay' }), resource: payments }),
  logRecord({ timeUnixNano: 0n, severityNumber: 10, severityText: 'INFO2', body: null }),
  logRecord({ severityNumber: 13, severityText: '', body: ['a', 'b'], flags: 257 }),
  logRecord({ observedTimeUnixNano: 0n, body: '' }),
];

/** The decoder's road: what `packOtlpLogs` must equal, byte for byte. */
function viaRecords(body: Buffer, limits: SpanLimits = DEFAULT_SPAN_LIMITS) {
  const decoded = decodeLogsRequestProtobuf(body, { maxEntries: limits.maxValueEntries, marker: entriesMarker });
  return { batch: packLogs(decoded.records, new KeyDictionary(), limits), rejectedRecords: decoded.rejectedRecords, rejectionReasons: decoded.rejectionReasons };
}

describe('packing OTLP log bytes straight into rows', () => {
  it('gives the same batch, byte for byte, as decoding to records and packing those', () => {
    const body = encodeLogsRequestProtobuf(records());
    const fast = packOtlpLogs(body, new KeyDictionary(), DEFAULT_SPAN_LIMITS);
    expect(fast.batch.recordCount).toBe(5);
    expect(fast).toEqual(viaRecords(body));
  });

  it('reads OTLP/JSON transcoded to protobuf the same way', () => {
    const body = transcodeLogsRequestJson({
      resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] }, scopeLogs: [{ scope: { name: 'pino' }, logRecords: [
        { timeUnixNano: '1700000000000000001', severityNumber: 'SEVERITY_NUMBER_WARN', body: { stringValue: 'low stock' }, traceId: TRACE, spanId: SPAN, attributes: [{ key: 'sku', value: { intValue: '42' } }] },
        { observed_time_unix_nano: '1700000000000000002', body: { kvlistValue: { values: [{ key: 'a', value: { boolValue: true } }] } } },
      ] }] }],
    });
    expect(packOtlpLogs(body, new KeyDictionary(), DEFAULT_SPAN_LIMITS)).toEqual(viaRecords(body));
  });

  it('applies the limits as packing records does: attributes dropped and counted, long bodies and lists cut', () => {
    const limits: SpanLimits = { ...DEFAULT_SPAN_LIMITS, maxAttributes: 2, maxValueBytes: 64, maxValueEntries: 3 };
    const body = encodeLogsRequestProtobuf([
      logRecord({ attributes: attrs({ a: '1', b: '2', c: '3' }) }),
      logRecord({ body: 'x'.repeat(500) }),
      logRecord({ body: ['1', '2', '3', '4', '5'] }),
      logRecord({ body: 'within every limit' }),
    ]);
    const fast = packOtlpLogs(body, new KeyDictionary(), limits);
    expect(fast).toEqual(viaRecords(body, limits));
    // The limits changed what is stored: without them the batch differs.
    expect(fast.batch).not.toEqual(packOtlpLogs(body, new KeyDictionary(), DEFAULT_SPAN_LIMITS).batch);
    expect(fast.batch.texts[1]).toMatch(/^x+…\[truncated from 500 bytes\]$/);
  });

  it('rejects the same records for the same reasons as the decoder, keeping the rest', () => {
    const body = encodeLogsRequestProtobuf([
      logRecord({ body: 'kept' }),
      logRecord({ traceId: 'ab'.repeat(8) }),
      logRecord({ spanId: SPAN }),
      logRecord({ timeUnixNano: 0n, observedTimeUnixNano: 0n }),
      logRecord({ timeUnixNano: 1n << 63n }),
      logRecord({ body: 'kept too', traceId: '00'.repeat(16), spanId: '00'.repeat(8) }),
    ]);
    const fast = packOtlpLogs(body, new KeyDictionary(), DEFAULT_SPAN_LIMITS);
    expect(fast.batch.texts).toEqual(['kept', 'kept too']);
    expect(fast.rejectedRecords).toBe(4);
    expect(fast).toEqual(viaRecords(body));
  });

  it('refuses a request it cannot read, naming the byte', () => {
    const body = encodeLogsRequestProtobuf(records());
    expect(() => packOtlpLogs(body.subarray(0, body.length - 3), new KeyDictionary(), DEFAULT_SPAN_LIMITS)).toThrow(/not a valid OTLP protobuf logs request/);
  });
});
