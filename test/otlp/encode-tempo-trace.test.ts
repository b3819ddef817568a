/**
 * Traces as Tempo answers a lookup by id, read back by protobufjs with the messages Grafana decodes them into
 * (test/fixtures/tempo/trace-by-id.proto), not by Spanscope's own reader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { encodeTempoTraceJson, encodeTempoTraceProtobuf } from '../../src-main/otlp/encode-tempo-trace';
import { attrs, hexId, richSpan, span } from '../helpers/spans';

const root = protobuf.parse(readFileSync(join(__dirname, '../fixtures/tempo/trace-by-id.proto'), 'utf8')).root;
const TraceByIDResponse = root.lookupType('tempotest.TraceByIDResponse');
const Trace = root.lookupType('tempotest.Trace');
const asObject = (type: protobuf.Type, bytes: Uint8Array) => type.toObject(type.decode(bytes), { longs: String, bytes: String, enums: Number, oneofs: false, defaults: false }) as Record<string, any>;
const hex = (base64: string) => Buffer.from(base64, 'base64').toString('hex');

const traceId = hexId(16);
const spans = [richSpan(traceId, hexId(8)), span({ traceId, spanId: hexId(8), name: 'SELECT', kind: 'INTERNAL' })];

describe('a trace by id in protobuf', () => {
  it('is a TraceByIDResponse for v2 whose trace holds every span with its fields', () => {
    const answer = asObject(TraceByIDResponse, encodeTempoTraceProtobuf(spans, 'v2'));
    expect(Object.keys(answer)).toEqual(['trace']);
    const groups = answer.trace.resourceSpans;
    const all = groups.flatMap((g: any) => g.scopeSpans.flatMap((s: any) => s.spans));
    expect(all.map((s: any) => [hex(s.traceId), hex(s.spanId), s.name]).sort()).toEqual(spans.map((s) => [s.traceId, s.spanId, s.name]).sort());
    const rich = all.find((s: any) => s.name === 'POST /orders/{id}');
    expect(rich).toMatchObject({ kind: 3, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000010000000', status: { code: 2, message: 'payment declined' }, traceState: 'vendor=abc' });
    expect(rich.attributes).toContainEqual({ key: 'int', value: { intValue: '9007199254740993' } });
    expect(rich.events.map((e: any) => e.name)).toEqual(['exception', 'before-start']);
    expect(rich.links.map((l: any) => [hex(l.traceId), l.attributes])).toEqual([['ff'.repeat(16), [{ key: 'link.reason', value: { stringValue: 'retry' } }]]]);
    const richGroup = groups.find((g: any) => g.resource.attributes.some((a: any) => a.value.stringValue === 'checkout'));
    expect(richGroup.scopeSpans[0].scope).toMatchObject({ name: '@acme/http', version: '2.3.4' });
  });

  it('is a Trace for v1: the same bytes the v2 answer holds in its field 1', () => {
    const v1 = encodeTempoTraceProtobuf(spans, 'v1');
    const v2 = encodeTempoTraceProtobuf(spans, 'v2');
    expect(asObject(Trace, v1)).toEqual(asObject(TraceByIDResponse, v2).trace);
    expect(v2.subarray(v2.length - v1.length).equals(v1)).toBe(true);
    expect(v2[0]).toBe((1 << 3) | 2);
  });
});

describe('a trace by id in JSON', () => {
  // The answer of `curl http://localhost:3200/api/v2/traces/5b8efff798038103d269b633813fc700` in grafana/tempo
  // docs/sources/tempo/api_docs/pushing-spans-with-http.md, to the span that page pushes.
  const documented = {
    trace: {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'my.service' } }] },
          scopeSpans: [
            {
              scope: { name: 'my.library', version: '1.0.0' },
              spans: [{ traceId: 'W47/95gDgQPSabYzgT/HAA==', spanId: '7uGbfsPBsQA=', name: 'I am a span!', kind: 'SPAN_KIND_SERVER', startTimeUnixNano: '1689969302000000000', endTimeUnixNano: '1689970000000000000', attributes: [{ key: 'my.span.attr', value: { stringValue: 'some value' } }], status: {} }],
            },
          ],
        },
      ],
    },
  };
  const pushed = span({
    traceId: '5b8efff798038103d269b633813fc700',
    spanId: 'eee19b7ec3c1b100',
    name: 'I am a span!',
    kind: 'SERVER',
    startTimeUnixNano: 1689969302000000000n,
    endTimeUnixNano: 1689970000000000000n,
    attributes: attrs({ 'my.span.attr': 'some value' }),
    resource: { attributes: attrs({ 'service.name': 'my.service' }), droppedAttributesCount: 0, schemaUrl: '' },
    scope: { name: 'my.library', version: '1.0.0', attributes: attrs({}), droppedAttributesCount: 0, schemaUrl: '' },
  });

  it('is {"trace": {"resourceSpans"}} for v2 as Tempo writes it: ids in base64, enums by name', () => {
    expect(encodeTempoTraceJson([pushed], 'v2')).toMatchObject(documented);
  });

  it('is {"batches"} for v1, the same groups', () => {
    expect(encodeTempoTraceJson(spans, 'v1')).toEqual({ batches: (encodeTempoTraceJson(spans, 'v2').trace as { resourceSpans: unknown }).resourceSpans });
  });

  it('writes a link\'s ids and an error status as Tempo does', () => {
    const batches = encodeTempoTraceJson(spans, 'v1').batches as any[];
    const rich = batches.flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans)).find((s: any) => s.name === 'POST /orders/{id}');
    expect(rich.links[0]).toMatchObject({ traceId: Buffer.from('ff'.repeat(16), 'hex').toString('base64'), spanId: Buffer.from('ee'.repeat(8), 'hex').toString('base64'), traceState: 'k=v' });
    expect(rich).toMatchObject({ kind: 'SPAN_KIND_CLIENT', status: { code: 'STATUS_CODE_ERROR', message: 'payment declined' } });
  });
});
