import { describe, expect, it } from 'vitest';
import { jsonSignal, protobufSignal } from '../../src-main/formats/otlp-signal';
import { sniffFormat } from '../../src-main/formats/sniff-format';
import { encodeLogsRequestProtobuf } from '../../src-main/otlp/encode-logs-protobuf';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { richLogs } from '../helpers/logs';
import { richSpan } from '../helpers/spans';

/** A LEN field: tag, one-byte length, bytes. */
const len = (tag: number, ...bytes: number[]) => [tag, bytes.length, ...bytes];
/** A request whose one resource group has one scope group holding `records` (each a record's bytes). */
const request = (...records: number[][]) => new Uint8Array(len(0x0a, ...len(0x0a, ...len(0x0a, 0x61)), ...len(0x12, ...len(0x0a, ...len(0x0a, 0x73)), ...records.flatMap((r) => len(0x12, ...r)))));
const traceId = Array.from({ length: 16 }, (_, i) => i + 1);

describe('protobufSignal', () => {
  it('reads a span from its trace_id (field 1, 16 bytes) and a log record from time_unix_nano (fixed64 field 1)', () => {
    expect(protobufSignal(request(len(0x0a, ...traceId)))).toBe('traces');
    expect(protobufSignal(request([0x09, 1, 2, 3, 4, 5, 6, 7, 8]))).toBe('logs');
  });

  it('reads a log record without a time from its first field that only LogRecord has', () => {
    expect(protobufSignal(request([0x10, 9]))).toBe('logs'); // severity_number: varint 2 (a span's field 2 is LEN)
    expect(protobufSignal(request(len(0x1a, 0x49), [0x59, 1, 2, 3, 4, 5, 6, 7, 8]))).toBe('logs'); // severity_text (shared key), then observed_time
    expect(protobufSignal(request(len(0x2a, ...len(0x0a, 0x68)), [0x59, 1, 2, 3, 4, 5, 6, 7, 8]))).toBe('logs'); // a body (shared key 5 LEN), then observed_time
  });

  it('reads a span whose first fields LogRecord shares, from the first one it does not', () => {
    expect(protobufSignal(request(len(0x2a, 0x6f, 0x70), [0x30, 2]))).toBe('traces'); // name (5 LEN, shared), then kind: varint 6
  });

  it('passes over empty records and resource groups without records to the first that tells', () => {
    const logs = request([], [0x09, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(protobufSignal(logs)).toBe('logs');
    const emptyGroup = len(0x0a, ...len(0x0a));
    expect(protobufSignal(new Uint8Array([...emptyGroup, ...request(len(0x0a, ...traceId))]))).toBe('traces');
  });

  it('says nothing of a request with no records, or bytes that end before one', () => {
    expect(protobufSignal(new Uint8Array([]))).toBeUndefined();
    expect(protobufSignal(new Uint8Array(len(0x0a, ...len(0x0a))))).toBeUndefined();
    expect(protobufSignal(request([0x09, 1, 2, 3, 4, 5, 6, 7, 8]).subarray(0, 12))).toBeUndefined();
    expect(protobufSignal(new Uint8Array([0x0a, 0xff]))).toBeUndefined(); // a length that does not end
  });

  it("tells the project's own encoders' requests apart, from their first bytes too", () => {
    const traces = encodeTraceRequestProtobuf([richSpan('ab'.repeat(16), 'cd'.repeat(8))]);
    const logs = encodeLogsRequestProtobuf(richLogs());
    expect(protobufSignal(traces)).toBe('traces');
    expect(protobufSignal(logs)).toBe('logs');
    // Both start alike: only the records tell them apart.
    expect(traces[0]).toBe(logs[0]);
    // A head that ends inside the first record: its first field is enough.
    const firstRecord = logs.indexOf(Buffer.from('checkout-lib')) + 'checkout-lib'.length;
    expect(firstRecord).toBeGreaterThan(20);
    expect(protobufSignal(logs.subarray(0, firstRecord))).toBeUndefined();
    expect(protobufSignal(logs.subarray(0, firstRecord + 60))).toBe('logs');
    // Logs without times: the observed time, or the severity, still tells.
    expect(protobufSignal(encodeLogsRequestProtobuf(richLogs().map((r) => ({ ...r, timeUnixNano: 0n }))))).toBe('logs');
  });
});

describe('OTLP/JSON logs', () => {
  it('are sniffed as otlp-json, and a parsed request says its signal by its top key', () => {
    expect(sniffFormat(new Uint8Array(Buffer.from('{"resourceLogs": []}')))).toBe('otlp-json');
    expect(sniffFormat(new Uint8Array(Buffer.from('\n {"resource_logs": []}')))).toBe('otlp-json');
    expect(jsonSignal({ resourceLogs: [] })).toBe('logs');
    expect(jsonSignal({ resource_logs: [] })).toBe('logs');
    expect(jsonSignal({ resourceSpans: [] })).toBe('traces');
    expect(jsonSignal({})).toBe('traces');
    expect(jsonSignal('x')).toBe('traces');
  });
});
