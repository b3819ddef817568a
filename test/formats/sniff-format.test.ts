import { describe, expect, it } from 'vitest';
import { describeHead, sniffFormat } from '../../src-main/formats/sniff-format';

const text = (s: string) => new Uint8Array(Buffer.from(s));

describe('sniffFormat', () => {
  it.each([
    ['{"resourceSpans": []}', 'otlp-json'],
    ['\ufeff\n  {\n "resource_spans": []}', 'otlp-json'],
    ['{"data": [{"traceID": "1", "spans": []}]}', 'jaeger-json'],
    ['{"traceID": "1", "spans": [], "processes": {}}', 'jaeger-json'],
    ['[{"traceID": "1", "spans": []}]', 'jaeger-json'],
    ['[{"traceId": "1", "id": "2"}]', 'zipkin-json'],
    ['[]', 'zipkin-json'],
  ])('reads %j as %s', (content, format) => {
    expect(sniffFormat(text(content))).toBe(format);
  });

  it('tells a protobuf request from a length-prefixed stream, and from JSON after a newline', () => {
    expect(sniffFormat(new Uint8Array([0x0a, 0x7b, 0x0a, 0x10]))).toBe('otlp-protobuf'); // a 123-byte ResourceSpans
    expect(sniffFormat(new Uint8Array([0, 0, 0, 12, 0x0a, 10]))).toBe('otlp-protobuf-stream');
    expect(sniffFormat(text('\n{"resourceSpans": []}'))).toBe('otlp-json');
  });

  it('says what a file that is no trace file looks like', () => {
    expect(sniffFormat(text('{"hello": 1}'))).toBeUndefined();
    expect(describeHead(text('{"hello": 1}'))).toMatch(/it is JSON but has none of resourceSpans or resourceLogs \(OTLP\)/);
    expect(sniffFormat(new Uint8Array([0x50, 0x4b, 3, 4]))).toBeUndefined();
    expect(describeHead(new Uint8Array([0x50, 0x4b, 3, 4]))).toBe('it starts with the bytes 50 4b 03 04, which begin none of OTLP JSON or protobuf (traces or logs), Jaeger JSON or Zipkin JSON');
    expect(describeHead(new Uint8Array([]))).toBe('it is empty');
  });
});
