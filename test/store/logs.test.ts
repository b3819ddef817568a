import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src-main/model/log';
import { decodeLogsRequestProtobuf } from '../../src-main/otlp/decode-logs-protobuf';
import { encodeLogsRequestProtobuf } from '../../src-main/otlp/encode-logs-protobuf';
import { transcodeLogsRequestJson } from '../../src-main/otlp/transcode-logs-json';
import { logRecord } from '../helpers/logs';
import { memoryStore } from '../helpers/memory-store';
import { attrs, resource } from '../helpers/spans';

const TRACE = 'ab'.repeat(16);
const SPAN = 'cd'.repeat(8);

/** A record with every field and every kind of value. */
const full = (): LogRecord =>
  logRecord({
    timeUnixNano: 1_700_000_000_123_456_789n,
    observedTimeUnixNano: 1_700_000_000_200_000_000n,
    severityNumber: 17,
    severityText: 'ERROR',
    body: attrs({ message: 'boom', code: 9_007_199_254_740_993n, ratio: 0.5, ok: false, raw: new Uint8Array([0, 255]), list: ['a', 1n, null], nested: attrs({ deep: attrs({ x: 'y' }) }) }),
    attributes: attrs({ 'exception.type': 'Timeout', retries: 3n }),
    droppedAttributesCount: 2,
    flags: 1,
    traceId: TRACE,
    spanId: SPAN,
    eventName: 'payment.failed',
    resource: resource('payments', { 'host.name': 'laptop' }),
  });

describe('log records in the store', () => {
  it('keep every field and value type through OTLP protobuf and the store', async () => {
    const sent = full();
    const decoded = decodeLogsRequestProtobuf(encodeLogsRequestProtobuf([sent]));
    expect(decoded).toMatchObject({ rejectedRecords: 0, records: [sent] });
    const store = await memoryStore();
    await store.writeLogs(decoded.records);
    const [row] = store.reader.logsOfTrace(TRACE);
    expect(store.reader.toLogRecord(row)).toEqual(sent);
    await store.close();
  });

  it('keep a severity text that is not the usual one for its number, even an empty one', async () => {
    const store = await memoryStore();
    const texts: [number, string][] = [[9, 'INFO'], [9, ''], [9, 'info'], [13, 'WARN'], [14, 'WARN'], [0, ''], [0, 'custom']];
    await store.writeLogs(texts.map(([severityNumber, severityText]) => logRecord({ traceId: TRACE, severityNumber, severityText })));
    expect(store.reader.logsOfTrace(TRACE).map((row) => store.reader.toLogRecord(row)).map((r) => [r.severityNumber, r.severityText])).toEqual(texts);
    await store.close();
  });

  it('read OTLP/JSON as the protobuf path does, with enum names and snake_case', () => {
    const json = {
      resource_logs: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payments' } }] },
        scopeLogs: [{ scope: { name: 'lib', version: '2' }, log_records: [{ time_unix_nano: '1700000000000000001', severityNumber: 'SEVERITY_NUMBER_WARN2', body: { kvlistValue: { values: [{ key: 'a', value: { intValue: '7' } }] } }, traceId: TRACE, spanId: SPAN, eventName: 'e' }] }],
      }],
    };
    const [record] = decodeLogsRequestProtobuf(transcodeLogsRequestJson(json)).records;
    expect(record).toMatchObject({ timeUnixNano: 1_700_000_000_000_000_001n, severityNumber: 14, body: { a: 7n }, traceId: TRACE, spanId: SPAN, eventName: 'e', scope: { name: 'lib', version: '2' } });
  });

  it('hold to the span limits: attributes past the limit dropped and counted, long bodies cut', async () => {
    const store = await memoryStore(100_000, { maxAttributes: 4, maxValueBytes: 64, maxValueEntries: 3, maxSpansPerTrace: 10 });
    const attributes = attrs(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])));
    await store.writeLogs([logRecord({ traceId: TRACE, body: 'x'.repeat(1000), attributes, droppedAttributesCount: 1 })]);
    const record = store.reader.toLogRecord(store.reader.logsOfTrace(TRACE)[0]);
    expect(Object.keys(record.attributes)).toHaveLength(4);
    expect(record.droppedAttributesCount).toBe(7);
    expect(record.body).toMatch(/^x+…\[truncated from 1000 bytes\]$/);
    expect(Buffer.byteLength(record.body as string)).toBeLessThanOrEqual(64);
    await store.close();
  });
});
