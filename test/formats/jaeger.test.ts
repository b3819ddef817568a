import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeJaegerJson, decodeJaegerJsonText } from '../../src-main/formats/jaeger-decode';
import { encodeJaegerJson } from '../../src-main/formats/jaeger-encode';
import type { Span } from '../../src-main/model/span';
import { decodeTraceRequestJsonText } from '../../src-main/otlp/decode-json';
import { DecodeError } from '../../src-main/otlp/decode-result';
import { attrs, hexId, richSpan, span } from '../helpers/spans';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/archives/${name}`, import.meta.url), 'utf8');
const bySpanId = (a: Span, b: Span) => a.spanId.localeCompare(b.spanId);

describe('Jaeger JSON', () => {
  it('reads to the same spans as the OTLP JSON of the same trace', () => {
    const fromJaeger = decodeJaegerJsonText(fixture('same-trace.jaeger.json')).sort(bySpanId);
    const fromOtlp = decodeTraceRequestJsonText(fixture('same-trace.otlp.json')).spans.sort(bySpanId);
    expect(fromJaeger).toHaveLength(2);
    expect(fromJaeger).toEqual(fromOtlp);
  });

  it('reads a single trace object and an array of traces; pads short ids; maps typed tags, references, logs and warnings', () => {
    const trace = {
      traceID: '1',
      spans: [
        { traceID: '1', spanID: '2', operationName: 'root', startTime: 10, duration: 5, processID: 'p1', logs: [{ timestamp: 11, fields: [{ key: 'x', type: 'string', value: 'y' }] }] },
        {
          traceID: '1',
          spanID: '4',
          operationName: 'child',
          references: [
            { refType: 'CHILD_OF', traceID: 'ff', spanID: 'ff' },
            { refType: 'CHILD_OF', traceID: '1', spanID: '2' },
            { refType: 'FOLLOWS_FROM', traceID: '1', spanID: '2' },
          ],
          startTime: 12,
          duration: 2,
          processID: 'p1',
          tags: [
            { key: 'big', type: 'int64', value: '9007199254740993' },
            { key: 'blob', type: 'binary', value: 'AAAwOQ==' },
            { key: 'error', type: 'bool', value: true },
          ],
          warnings: ['clock skew adjusted'],
        },
      ],
      processes: { p1: { serviceName: 'svc', tags: [{ key: 'ip', type: 'string', value: '10.0.0.1' }] } },
    };
    const [root, child] = decodeJaegerJson(trace);
    expect(decodeJaegerJson([trace])).toEqual([root, child]);
    expect(root.traceId).toBe('0'.repeat(31) + '1');
    expect(root.spanId).toBe('0000000000000002');
    expect(root.events).toEqual([{ timeUnixNano: 11_000n, name: '', attributes: attrs({ x: 'y' }), droppedAttributesCount: 0 }]);
    expect(child.parentSpanId).toBe(root.spanId);
    expect(child.links.map((l) => [l.traceId.slice(-2), l.spanId.slice(-2), l.attributes['opentracing.ref_type']])).toEqual([
      ['ff', 'ff', 'child_of'],
      ['01', '02', 'follows_from'],
    ]);
    expect({ ...child.attributes }).toEqual({ big: 9007199254740993n, blob: new Uint8Array([0, 0, 0x30, 0x39]), 'jaeger.warnings': ['clock skew adjusted'] });
    expect(child.status).toEqual({ code: 'ERROR', message: '' });
    expect({ ...child.resource.attributes }).toEqual({ 'service.name': 'svc', ip: '10.0.0.1' });
  });

  it('writes what it reads back, and says what Jaeger cannot hold', () => {
    const traceId = hexId(16);
    const root = richSpan(traceId, hexId(8));
    const child = span({ traceId, spanId: hexId(8), parentSpanId: root.spanId, startTimeUnixNano: 1_700_000_000_001_000_000n, endTimeUnixNano: 1_700_000_000_003_000_000n });
    const { text, notes } = encodeJaegerJson([root, child]);
    const [back, backChild] = decodeJaegerJsonText(text);
    expect(backChild).toEqual({ ...child, scope: { ...child.scope, attributes: attrs({}) }, resource: backChild.resource });
    expect(back).toMatchObject({ traceId, spanId: root.spanId, traceState: root.traceState, flags: root.flags, name: root.name, kind: root.kind, status: root.status });
    expect(back.attributes.int).toBe(9007199254740993n); // past 2^53: written as a decimal string, read back exactly
    expect(back.attributes.bytes).toEqual(new Uint8Array([0, 1, 254, 255]));
    expect(back.attributes.array).toBe('["a","1",false,2.5]');
    expect(back.links.map((l) => l.spanId)).toEqual(root.links.map((l) => l.spanId));
    expect(back.events.map((e) => [e.name, e.timeUnixNano])).toEqual(root.events.map((e) => [e.name, e.timeUnixNano]));
    expect(notes).toEqual([
      '1 span: link attributes and trace state dropped (Jaeger references have none)',
      '2 spans: scope attributes dropped (Jaeger has no scope)',
      '1 span: dropped-item counts dropped',
      '1 span: array, key-value list and empty values written as JSON text (Jaeger has no such types)',
    ]);
  });

  it.each([
    ['{"data": [{"traceID": "1", "spans": [{"traceID": "1", "spanID": "2", "startTime": 1, "duration": 1, "processID": "p9"}], "processes": {}}]}', 'data[0].spans[0].processID: "p9" is not among the trace\'s processes'],
    ['{"traceID": "1", "spans": [{"traceID": "1", "spanID": "2", "startTime": 1, "duration": 1, "processID": "p", "references": [{"refType": "PARENT", "traceID": "1", "spanID": "3"}]}], "processes": {"p": {"serviceName": "a"}}}', '$.spans[0].references[0].refType: expected CHILD_OF or FOLLOWS_FROM'],
    ['{"traceID": "1", "spans": [{"traceID": "1", "spanID": "2", "startTime": 1, "duration": 1, "processID": "p", "tags": [{"key": "n", "type": "int64", "value": "many"}]}], "processes": {"p": {"serviceName": "a"}}}', '$.spans[0].tags[0].value: expected a int64 value'],
    ['{"traceID": "1", "spans": [{"traceID": "1", "spanID": "2", "startTime": -5, "duration": 1, "processID": "p"}], "processes": {"p": {"serviceName": "a"}}}', '$.spans[0].startTime: expected microseconds'],
  ])('refuses %s naming the path', (text, message) => {
    expect(() => decodeJaegerJsonText(text)).toThrow(DecodeError);
    expect(() => decodeJaegerJsonText(text)).toThrow(message);
  });
});
