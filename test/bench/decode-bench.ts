/**
 * Our hand-written OTLP readers beside the two JavaScript protobuf libraries, on the same requests in the same
 * run: the decoder (request → model spans), the packer (request → store rows), protobufjs and @bufbuild/protobuf
 * (request → their message objects). Both libraries get their descriptors from otlp-schema.ts's field numbers.
 * `npx tsx test/bench/decode-bench.ts` runs it alone; `npm run bench` runs it with the rest.
 */
import { create, createFileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type, FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { performance } from 'node:perf_hooks';
import protobuf from 'protobufjs';
import { decodeTraceRequestProtobuf } from '../../src-main/otlp/decode-protobuf';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { SCHEMA } from '../../src-main/otlp/otlp-schema';
import { KeyDictionary } from '../../src-main/store/key-dictionary';
import { packOtlpProtobuf } from '../../src-main/store/pack-otlp-protobuf';
import { SPANS_PER_TRACE, syntheticTrace } from './synthetic-spans';

type Report = (what: string, figure: string, target?: string) => void;

/** The proto type of each OTLP field (the numbers come from SCHEMA); a capitalised type is a message, `[]` repeated. */
const PROTO_TYPES: Record<string, Record<string, string>> = {
  ExportTraceServiceRequest: { resourceSpans: 'ResourceSpans[]' },
  ResourceSpans: { resource: 'Resource', scopeSpans: 'ScopeSpans[]', schemaUrl: 'string' },
  Resource: { attributes: 'KeyValue[]', droppedAttributesCount: 'uint32' },
  ScopeSpans: { scope: 'InstrumentationScope', spans: 'Span[]', schemaUrl: 'string' },
  InstrumentationScope: { name: 'string', version: 'string', attributes: 'KeyValue[]', droppedAttributesCount: 'uint32' },
  Span: {
    traceId: 'bytes',
    spanId: 'bytes',
    traceState: 'string',
    parentSpanId: 'bytes',
    name: 'string',
    kind: 'int32',
    startTimeUnixNano: 'fixed64',
    endTimeUnixNano: 'fixed64',
    attributes: 'KeyValue[]',
    droppedAttributesCount: 'uint32',
    events: 'Event[]',
    droppedEventsCount: 'uint32',
    links: 'Link[]',
    droppedLinksCount: 'uint32',
    status: 'Status',
    flags: 'fixed32',
  },
  Event: { timeUnixNano: 'fixed64', name: 'string', attributes: 'KeyValue[]', droppedAttributesCount: 'uint32' },
  Link: { traceId: 'bytes', spanId: 'bytes', traceState: 'string', attributes: 'KeyValue[]', droppedAttributesCount: 'uint32', flags: 'fixed32' },
  Status: { message: 'string', code: 'int32' },
  KeyValue: { key: 'string', value: 'AnyValue' },
  AnyValue: { stringValue: 'string', boolValue: 'bool', intValue: 'int64', doubleValue: 'double', arrayValue: 'ArrayValue', kvlistValue: 'KeyValueList', bytesValue: 'bytes' },
  ArrayValue: { values: 'AnyValue[]' },
  KeyValueList: { values: 'KeyValue[]' },
};

const fieldsOf = (message: string) =>
  Object.entries(PROTO_TYPES[message]).map(([name, type]) => ({
    name,
    id: (SCHEMA as unknown as Record<string, Record<string, readonly [number, number]>>)[message][name][0],
    type: type.replace('[]', ''),
    repeated: type.endsWith('[]'),
    oneof: message === 'AnyValue',
  }));

function protobufjsRequest(): protobuf.Type {
  const nested: Record<string, protobuf.IType> = {};
  for (const message of Object.keys(PROTO_TYPES)) {
    const fields = Object.fromEntries(fieldsOf(message).map((f) => [f.name, { type: f.type, id: f.id, ...(f.repeated ? { rule: 'repeated' } : {}) }]));
    nested[message] = { fields, ...(message === 'AnyValue' ? { oneofs: { value: { oneof: Object.keys(fields) } } } : {}) };
  }
  return protobuf.Root.fromJSON({ nested: { otlp: { nested } } }).lookupType('otlp.ExportTraceServiceRequest');
}

const SCALARS: Record<string, FieldDescriptorProto_Type> = {
  string: FieldDescriptorProto_Type.STRING,
  bytes: FieldDescriptorProto_Type.BYTES,
  bool: FieldDescriptorProto_Type.BOOL,
  int32: FieldDescriptorProto_Type.INT32,
  uint32: FieldDescriptorProto_Type.UINT32,
  int64: FieldDescriptorProto_Type.INT64,
  fixed32: FieldDescriptorProto_Type.FIXED32,
  fixed64: FieldDescriptorProto_Type.FIXED64,
  double: FieldDescriptorProto_Type.DOUBLE,
};

function bufbuildRequest() {
  const file = create(FileDescriptorProtoSchema, {
    name: 'otlp.proto',
    package: 'otlp',
    syntax: 'proto3',
    messageType: Object.keys(PROTO_TYPES).map((message) => ({
      name: message,
      oneofDecl: message === 'AnyValue' ? [{ name: 'value' }] : [],
      field: fieldsOf(message).map((f) => ({
        name: f.name,
        jsonName: f.name,
        number: f.id,
        label: f.repeated ? FieldDescriptorProto_Label.REPEATED : FieldDescriptorProto_Label.OPTIONAL,
        type: SCALARS[f.type] ?? FieldDescriptorProto_Type.MESSAGE,
        ...(SCALARS[f.type] === undefined ? { typeName: `.otlp.${f.type}` } : {}),
        ...(f.oneof ? { oneofIndex: 0 } : {}),
      })),
    })),
  });
  return createFileRegistry(file, () => undefined).getMessage('otlp.ExportTraceServiceRequest')!;
}

/**
 * Spans per second of each decoder over `bodies` (`spans` in all): the best of `rounds`, the decoders taking turns
 * in each round so that a busy machine slows them alike.
 */
function spansPerSecond(bodies: Buffer[], spans: number, decoders: ((body: Buffer) => unknown)[], rounds = 7): number[] {
  const best = decoders.map(() => Infinity);
  for (let round = 0; round <= rounds; round++) {
    decoders.forEach((decode, i) => {
      const started = performance.now();
      for (const body of bodies) decode(body);
      if (round > 0) best[i] = Math.min(best[i], performance.now() - started); // round 0 warms up
    });
  }
  return best.map((ms) => Math.round((spans / ms) * 1000));
}

export function benchDecoders(bodies: Buffer[], spansPerBody: number, report: Report): void {
  const spans = bodies.length * spansPerBody;
  const jsType = protobufjsRequest();
  const esType = bufbuildRequest();
  const ours = decodeTraceRequestProtobuf(bodies[0]).spans.length;
  const theirs = (jsType.decode(bodies[0]) as unknown as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] }).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length;
  if (ours !== spansPerBody || theirs !== spansPerBody || (fromBinary(esType, bodies[0]) as unknown as { resourceSpans: unknown[] }).resourceSpans.length === 0) throw new Error('the decoders disagree on the bench requests');
  const keys = new KeyDictionary();
  const fmt = (n: number) => n.toLocaleString('en-US');
  const decoders: [string, (body: Buffer) => unknown][] = [
    ['packer (request → store rows)', (b) => packOtlpProtobuf(b, keys)],
    ['decoder (request → model spans)', decodeTraceRequestProtobuf],
    ['protobufjs 8.8.1 (request → message objects)', (b) => jsType.decode(b)],
    ['@bufbuild/protobuf 2.17.0 (request → message objects)', (b) => fromBinary(esType, b)],
  ];
  const rates = spansPerSecond(bodies, spans, decoders.map(([, decode]) => decode));
  decoders.forEach(([what], i) => report(`decode: ${what}, one core`, `${fmt(rates[i])} spans/s`));
}

/** Requests as the bench's senders send them: 1,000 spans of 100 traces each. */
export function benchRequests(count: number): Buffer[] {
  const t0 = 1_763_800_000_000_000_000n;
  return Array.from({ length: count }, (_, r) => encodeTraceRequestProtobuf(Array.from({ length: 1000 / SPANS_PER_TRACE }, (_, t) => syntheticTrace(r * 100 + t, 7, t0)).flat()));
}

if (process.argv[1]?.endsWith('decode-bench.ts')) {
  benchDecoders(benchRequests(50), 1000, (what, figure) => process.stdout.write(`${what}: ${figure}\n`));
}
