/** Real encodings the mutation properties start from: the fixtures copied from other projects, this project's fixtures, test bodies. */
import { readFileSync } from 'node:fs';
import { decodeZipkinJsonText } from '../../src-main/formats/zipkin-decode';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { transcodeTraceRequestJson } from '../../src-main/otlp/transcode-json';
import { jsonRequest, protobufRequest } from '../helpers/otlp-bodies';
import { hexId, richSpan } from '../helpers/spans';

const file = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

export const otlpJsonTexts: string[] = [
  file('../fixtures/otlp/opentelemetry-proto-example-trace.json'),
  file('../fixtures/archives/same-trace.otlp.json'),
  jsonRequest([{ traceId: hexId(16), spanId: hexId(8) }, { traceId: hexId(16), spanId: hexId(8), name: 'second' }]),
];

/** Small Zipkin files: the 1,041-span one would make each mutated run slow without reaching new code. */
export const zipkinJsonTexts: string[] = ['yelp.json', 'skew.json', 'messaging.json', 'envoy.json', 'simple-db-p6.json', 'ascend.json'].map((name) =>
  file(`../fixtures/zipkin-lens/${name}`),
);

export const jaegerJsonTexts: string[] = [file('../fixtures/archives/same-trace.jaeger.json')];

export const otlpProtobufBodies: Buffer[] = [
  encodeTraceRequestProtobuf([richSpan(hexId(16), hexId(8)), richSpan(hexId(16), hexId(8), hexId(8))]),
  protobufRequest(hexId(16), 3),
  ...otlpJsonTexts.map((text) => transcodeTraceRequestJson(JSON.parse(text))),
  encodeTraceRequestProtobuf(decodeZipkinJsonText(zipkinJsonTexts[0])),
];
