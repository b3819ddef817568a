import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequestJson, decodeTraceRequestJsonText } from '../../src-main/otlp/decode-json';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { hexId, richSpan } from '../helpers/spans';

const example = readFileSync(new URL('../fixtures/otlp/opentelemetry-proto-example-trace.json', import.meta.url), 'utf8');

describe('OTLP/JSON decoder', () => {
  it('reads the specification example request field by field', () => {
    const { spans, rejectedSpans } = decodeTraceRequestJsonText(example);
    expect(rejectedSpans).toBe(0);
    expect(spans).toHaveLength(1);
    const [s] = spans;
    expect(s.traceId).toBe('5b8efff798038103d269b633813fc60c');
    expect(s.spanId).toBe('eee19b7ec3c1b174');
    expect(s.parentSpanId).toBe('eee19b7ec3c1b173');
    expect(s.name).toBe("I'm a server span");
    expect(s.kind).toBe('SERVER');
    expect(s.startTimeUnixNano).toBe(1544712660000000000n);
    expect(s.endTimeUnixNano).toBe(1544712661000000000n);
    expect(s.attributes['my.span.attr']).toBe('some value');
    expect(s.resource.attributes['service.name']).toBe('my.service');
    expect(s.scope).toMatchObject({ name: 'my.library', version: '1.0.0' });
    expect(s.scope.attributes['my.scope.attribute']).toBe('some scope attribute');
  });

  it('keeps every AnyValue kind, int64 exactly', () => {
    const doc = request({
      attributes: [
        { key: 's', value: { stringValue: 'x' } },
        { key: 'b', value: { boolValue: false } },
        { key: 'i', value: { intValue: '-9223372036854775808' } },
        { key: 'd', value: { doubleValue: 'NaN' } },
        { key: 'bytes', value: { bytesValue: 'AAH+/w==' } },
        { key: 'arr', value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: 'two' }] } } },
        { key: 'kv', value: { kvlistValue: { values: [{ key: 'inner', value: { boolValue: true } }] } } },
      ],
    });
    const [s] = decodeTraceRequestJson(doc).spans;
    expect(s.attributes.s).toBe('x');
    expect(s.attributes.b).toBe(false);
    expect(s.attributes.i).toBe(-9223372036854775808n);
    expect(Number.isNaN(s.attributes.d)).toBe(true);
    expect(s.attributes.bytes).toEqual(new Uint8Array([0, 1, 254, 255]));
    expect(s.attributes.arr).toEqual([1n, 'two']);
    expect({ ...(s.attributes.kv as object) }).toEqual({ inner: true });
  });

  it('accepts enum names, snake_case fields and base64 ids from older exporters', () => {
    const doc = {
      resource_spans: [{ scope_spans: [{ spans: [{ trace_id: 'W47/95gDgQPSabYzgT/GDA==', span_id: '7uGbfsPBsXQ=', name: 'old', kind: 'SPAN_KIND_CLIENT', status: { code: 'STATUS_CODE_ERROR' } }] }] }],
    };
    const [s] = decodeTraceRequestJson(doc).spans;
    expect(s.traceId).toBe('5b8efff798038103d269b633813fc60c');
    expect(s.spanId).toBe('eee19b7ec3c1b174');
    expect(s.kind).toBe('CLIENT');
    expect(s.status.code).toBe('ERROR');
  });

  it('names the path of a field with the wrong type', () => {
    const doc = request({ startTimeUnixNano: { not: 'a number' } });
    expect(() => decodeTraceRequestJson(doc)).toThrow('resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected an unsigned 64-bit integer');
    expect(() => decodeTraceRequestJson({ resourceSpans: {} })).toThrow('resourceSpans: expected an array, got object');
    expect(() => decodeTraceRequestJson(request({ kind: 9 }))).toThrow(/kind: expected one of 0 \(UNSPECIFIED\)/);
  });

  it('says where invalid JSON breaks', () => {
    expect(() => decodeTraceRequestJsonText(example.slice(0, 200))).toThrow(/not valid JSON/);
  });

  it('rejects a span whose id is not hex, naming it', () => {
    expect(() => decodeTraceRequestJson(request({ spanId: 'zzzzzzzzzzzzzzzz' }))).toThrow('spans[0].spanId: "zzzzzzzzzzzzzzzz" is not a hex id');
  });
});

function request(spanFields: Record<string, unknown>) {
  return {
    resourceSpans: [
      { resource: { attributes: [] }, scopeSpans: [{ scope: { name: 's' }, spans: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'n', ...spanFields }] }] },
    ],
  };
}

describe('OTLP/JSON encoder', () => {
  it('writes what the decoder reads back field by field', () => {
    const spans = [richSpan(hexId(16), hexId(8)), richSpan(hexId(16), hexId(8), hexId(8))];
    const text = JSON.stringify(encodeTraceRequestJson(spans));
    expect(decodeTraceRequestJsonText(text).spans).toEqual(spans);
  });
});
