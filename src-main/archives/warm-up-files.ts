/**
 * Small saved traces in each format a file is usually saved in, which the core opens as it starts
 * (Sources.warmUp): the first file a user opened ran its decoding, packing and writing as cold code (a 1,000-span
 * Jaeger file's upload took ~200 ms on a fresh core, ~140 ms after this warm-up; ~65 ms once fully warm). Their
 * spans carry the kinds of values saved files hold (a dozen attributes of each type, events, errors): code warmed
 * on thinner spans ran cold again on real ones.
 */
import { encodeJaegerJson } from '../formats/jaeger-encode';
import { encodeZipkinJson } from '../formats/zipkin-encode';
import type { Resource, Span } from '../model/span';
import { encodeTraceRequestJson } from '../otlp/encode-json';

/**
 * Many small files rather than a few large ones: the code is as warm after ten 100-span files a format as after
 * two 500-span ones (first 1,000-span Jaeger upload ~140 ms either way, 175 after one 500-span file), and the
 * longest stretch the warm-up holds the main thread is ~40 ms, not ~210.
 */
const SPANS = 100;
const ROUNDS = 10;
const SERVICES = 3;

/** A trace of SPANS spans over SERVICES services, each with the kinds of values saved files hold (read-warm-up.ts reads it too). */
export function warmUpTrace(): Span[] {
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
    attributes: {
      'http.request.method': i % 3 === 0 ? 'POST' : 'GET',
      'http.route': `/api/items/{id}`,
      'url.full': `http://warm-up-${i % SERVICES}.local:8080/api/items/${i}?page=${i % 5}`,
      'http.response.status_code': BigInt(i % 50 === 0 ? 500 : 200),
      'server.address': `warm-up-${i % SERVICES}.local`,
      'server.port': 8080n,
      'user.id': `user-${i % 40}`,
      'request.id': `r-${i}`,
      retried: i % 4 === 0,
      ratio: i / SPANS,
    },
    droppedAttributesCount: 0,
    events: i % 5 === 0 ? [{ timeUnixNano: start + BigInt(i) * 1_000_000n + 100_000n, name: 'cache.miss', attributes: { 'cache.key': `k${i % 100}` }, droppedAttributesCount: 0 }] : [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: i % 50 === 0 ? { code: 'ERROR', message: 'upstream 500' } : { code: 'UNSET', message: '' },
    resource: resources[i % SERVICES],
    scope,
  }));
}

const ENCODERS = [(spans: Span[]) => encodeJaegerJson(spans).text, (spans: Span[]) => JSON.stringify(encodeTraceRequestJson(spans)), (spans: Span[]) => encodeZipkinJson(spans).text];

/** The sample trace as Jaeger JSON, OTLP JSON and Zipkin JSON files, ROUNDS times over, each encoded as it is asked for. */
export function* warmUpFiles(): Generator<Buffer> {
  const spans = warmUpTrace();
  for (let round = 0; round < ROUNDS; round++) for (const encode of ENCODERS) yield Buffer.from(encode(spans));
}
