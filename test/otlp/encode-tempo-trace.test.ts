/**
 * Traces as Tempo answers a lookup by id, read back by protobufjs with the messages Grafana decodes them into
 * (test/fixtures/tempo/trace-by-id.proto), not by Spanscope's own reader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { encodeTempoTraceJson, encodeTempoTraceProtobuf } from '../../src-main/otlp/encode-tempo-trace';
import { hexId, richSpan, span } from '../helpers/spans';

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
  it('is {"trace": {"resourceSpans"}} for v2 and {"batches"} for v1, as OTLP/JSON writes the groups', () => {
    const { resourceSpans } = encodeTraceRequestJson(spans);
    expect(encodeTempoTraceJson(spans, 'v2')).toEqual({ trace: { resourceSpans } });
    expect(encodeTempoTraceJson(spans, 'v1')).toEqual({ batches: resourceSpans });
  });
});
