/**
 * Small saved traces, one in each format a file is usually saved in, which the core opens once as it starts
 * (Sources.warmUp): the first file a user opened ran its decoding, packing and writing as cold code (a 1,000-span
 * Jaeger file's import took 140–166 ms on a fresh core, 94–126 ms after this warm-up; ~60 ms once fully warm).
 */
import { encodeJaegerJson } from '../formats/jaeger-encode';
import { encodeZipkinJson } from '../formats/zipkin-encode';
import type { Resource, Span } from '../model/span';
import { encodeTraceRequestJson } from '../otlp/encode-json';

const SPANS = 500;
const SERVICES = 3;

/** A trace of SPANS spans over SERVICES services, each with the kinds of values saved files hold. */
function sampleTrace(): Span[] {
  const resources: Resource[] = Array.from({ length: SERVICES }, (_, i) => ({ attributes: { 'service.name': `warm-up-${i}`, 'host.name': 'localhost' }, droppedAttributesCount: 0, schemaUrl: '' }));
  const scope = { name: 'warm-up', version: '1', attributes: {}, droppedAttributesCount: 0, schemaUrl: '' };
  const start = 1_700_000_000_000_000_000n;
  return Array.from({ length: SPANS }, (_, i): Span => ({
    traceId: '0'.repeat(31) + '1',
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: i === 0 ? '' : Math.floor((i + 1) / 2).toString(16).padStart(16, '0'),
    traceState: '',
    flags: 1,
    name: `operation ${i % 7}`,
    kind: i % 2 === 0 ? 'SERVER' : 'CLIENT',
    startTimeUnixNano: start + BigInt(i) * 1_000_000n,
    endTimeUnixNano: start + BigInt(i) * 1_000_000n + 500_000n,
    attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200n, retried: false, ratio: 0.5 },
    droppedAttributesCount: 0,
    events: i % 10 === 0 ? [{ timeUnixNano: start + BigInt(i) * 1_000_000n, name: 'event', attributes: { 'event.detail': 'x' }, droppedAttributesCount: 0 }] : [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: i % 50 === 0 ? 'ERROR' : 'UNSET', message: '' },
    resource: resources[i % SERVICES],
    scope,
  }));
}

/** The sample trace as Jaeger JSON, OTLP JSON and Zipkin JSON files. */
export function warmUpFiles(): Buffer[] {
  const spans = sampleTrace();
  return [encodeJaegerJson(spans).text, JSON.stringify(encodeTraceRequestJson(spans)), encodeZipkinJson(spans).text].map((text) => Buffer.from(text));
}
