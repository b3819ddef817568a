import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeZipkinJson, decodeZipkinJsonText } from '../../src-main/formats/zipkin-decode';
import { sharedSpanId } from '../../src-main/formats/zipkin-ids';
import { serviceOf, type Span } from '../../src-main/model/span';
import { DecodeError } from '../../src-main/otlp/decode-result';
import { getTraceSummary } from '../../src-main/query/trace-query';
import { memoryStore } from '../helpers/memory-store';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/zipkin-lens/${name}`, import.meta.url), 'utf8');

function parentsMissing(spans: Span[]): Span[] {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.filter((s) => s.parentSpanId !== '' && !ids.has(s.parentSpanId));
}

describe('Zipkin v2 JSON decoding', () => {
  it('gives the server half of a shared span its own id under the client half, and moves its children with it (skew.json)', () => {
    const spans = decodeZipkinJsonText(fixture('skew.json'));
    expect(spans).toHaveLength(4);
    const byName = (name: string, service: string) => spans.find((s) => s.name === name && serviceOf(s.resource) === service)!;
    const client = byName('post', 'servicea');
    const server = byName('post', 'serviceb');
    expect(client.spanId).toBe('74280ae0c10d8062');
    expect(client.kind).toBe('CLIENT');
    expect(server.kind).toBe('SERVER');
    expect(server.parentSpanId).toBe(client.spanId);
    expect(server.spanId).toBe(sharedSpanId('74280ae0c10d8062', 'serviceb|192.0.0.0||0'));
    expect(byName('async', 'serviceb').parentSpanId).toBe(server.spanId);
    expect(byName('get', 'servicea').parentSpanId).toBe('');
    // 64-bit trace ids are widened; microseconds become nanoseconds.
    expect(client.traceId).toBe('00000000000000001e223ff1f80f1c69');
    expect(client.startTimeUnixNano).toBe(1470150004074202000n);
    expect(client.endTimeUnixNano - client.startTimeUnixNano).toBe(94539000n);
    expect(server.startTimeUnixNano < client.startTimeUnixNano).toBe(true); // the skew survives: it is drawn where it is
  });

  it('reads the 1,041-span production trace into one tree with unique ids, merging fragments of one span', () => {
    const input = JSON.parse(fixture('smartthings-mobile-web-install.json')) as unknown[];
    const spans = decodeZipkinJson(input);
    expect(input).toHaveLength(1041);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(spans.length);
    expect(spans.length).toBeLessThan(1041); // fragments without a timestamp were parts of other spans
    expect(spans.filter((s) => s.parentSpanId === '')).toHaveLength(1);
    expect(parentsMissing(spans)).toEqual([]);
    expect(new Set(spans.map((s) => serviceOf(s.resource))).size).toBe(16);
    expect(spans.every((s) => s.startTimeUnixNano > 1_500_000_000_000_000_000n)).toBe(true);
    // Spans of one process share one resource object.
    expect(new Set(spans.map((s) => s.resource)).size).toBeLessThan(spans.length / 5);
  });

  it('maps tags, annotations, endpoints and status', () => {
    const [span] = decodeZipkinJson([
      {
        traceId: '463AC35C9F6413AD48485A3953BB6124',
        id: 'a2fb4a1d1a96d312',
        parentId: '48485a3953bb6124',
        name: 'get /api',
        kind: 'CLIENT',
        timestamp: 1_700_000_000_000_000,
        duration: 2500,
        debug: true,
        localEndpoint: { serviceName: 'frontend', ipv4: '10.0.0.1', port: 8080 },
        remoteEndpoint: { serviceName: 'backend', ipv6: '::1', port: 9000 },
        annotations: [{ timestamp: 1_700_000_000_001_000, value: 'wire send' }],
        tags: { 'http.method': 'GET', error: 'connection refused', 'otel.scope.name': 'io.opentelemetry.http', 'otel.scope.version': '1.2' },
      },
    ]);
    expect(span.traceId).toBe('463ac35c9f6413ad48485a3953bb6124');
    expect({ ...span.attributes }).toEqual({
      'http.method': 'GET',
      'peer.service': 'backend',
      'network.peer.address': '::1',
      'network.peer.port': 9000n,
      'zipkin.debug': true,
    });
    expect(span.status).toEqual({ code: 'ERROR', message: 'connection refused' });
    expect(span.scope.name).toBe('io.opentelemetry.http');
    expect(span.scope.version).toBe('1.2');
    expect({ ...span.resource.attributes }).toEqual({ 'service.name': 'frontend', 'network.local.address': '10.0.0.1', 'network.local.port': 8080n });
    expect(span.events).toEqual([{ timeUnixNano: 1_700_000_000_001_000_000n, name: 'wire send', attributes: {}, droppedAttributesCount: 0 }]);
    expect(span.endTimeUnixNano - span.startTimeUnixNano).toBe(2_500_000n);
  });

  it('keeps a lone shared root as the root, and puts a shared half whose client half is elsewhere under that client id', () => {
    const yelp = decodeZipkinJsonText(fixture('yelp.json'));
    expect(parentsMissing(yelp)).toEqual([]);
    expect(yelp.filter((s) => s.parentSpanId === '').map((s) => [serviceOf(s.resource), s.spanId])).toEqual([['routing', '2e8cfb154b59a41f']]);

    const [server, child] = decodeZipkinJson([
      { traceId: 'a', id: 'b', parentId: 'c', kind: 'SERVER', shared: true, timestamp: 10, localEndpoint: { serviceName: 'api' } },
      { traceId: 'a', id: 'd', parentId: 'b', timestamp: 11, localEndpoint: { serviceName: 'api' } },
    ]);
    expect(server.parentSpanId).toBe('000000000000000b'); // the client half, when it arrives, slots in above
    expect(server.spanId).toBe(sharedSpanId('000000000000000b', 'api|||0'));
    expect(child.parentSpanId).toBe(server.spanId);
  });

  describe('three spans with one id and three kinds (CLIENT, PRODUCER, CONSUMER)', () => {
    const KINDS = ['CLIENT', 'PRODUCER', 'CONSUMER'];
    const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    const threeKinds = (services: string[], order: number[]) =>
      decodeZipkinJson([
        ...order.map((i) => ({ traceId: 'a', id: 'b', parentId: 'c', kind: KINDS[i], name: KINDS[i].toLowerCase(), timestamp: 10 + i, duration: 5, localEndpoint: { serviceName: services[i] } })),
        { traceId: 'a', id: 'd', parentId: 'b', name: 'handle', timestamp: 13, duration: 1, localEndpoint: { serviceName: services[2] } },
      ]);
    const tree = (spans: Span[]) => Object.fromEntries(spans.map((s) => [s.name, { id: s.spanId, parent: s.parentSpanId }]));

    it.each([
      ['in one process', ['app', 'app', 'app']],
      ['in three processes', ['web', 'queue', 'worker']],
      ['the consumer in another process', ['web', 'web', 'worker']],
    ])('keeps all three %s, with distinct ids, whatever order they come in: client → producer → consumer → its children', (_where, services) => {
      const first = tree(threeKinds(services, orders[0]));
      expect(new Set(Object.values(first).map((s) => s.id)).size).toBe(4);
      expect(first.client).toEqual({ id: '000000000000000b', parent: '000000000000000c' });
      expect(first.producer.parent).toBe(first.client.id);
      expect(first.consumer.parent).toBe(first.producer.id);
      expect(first.handle.parent).toBe(first.consumer.id);
      for (const order of orders.slice(1)) expect(tree(threeKinds(services, order)), order.join()).toEqual(first);
    });

    it('are all stored: none is taken for a repeat of another', async () => {
      const store = await memoryStore();
      try {
        await store.write(threeKinds(['app', 'app', 'app'], orders[0]));
        expect(getTraceSummary(store.reader, '0000000000000000000000000000000a')?.spanCount).toBe(4);
      } finally {
        await store.close();
      }
    });
  });

  it.each([
    ['{"traceId": 1}', '$: expected a JSON array of Zipkin v2 spans'],
    ['[{"traceId": "abc", "id": "zz"}]', '[0].id: "zz" is not a hex id'],
    ['[{"traceId": "1", "id": "2"}, {"traceId": "1", "id": "2", "timestamp": "soon"}]', '[1].timestamp: expected microseconds'],
    ['[{"traceId": "1", "id": "2", "kind": "LOCAL"}]', '[0].kind: expected CLIENT, SERVER, PRODUCER or CONSUMER'],
    ['[{"traceId": "0", "id": "2"}]', '[0]: trace id is all zeros'],
    ['[{"traceId": "1", "id": "2", "tags": {"a": {"b": 1}}}]', '[0].tags.a: expected a string'],
    ['[{"traceId": "1", "id": "2"', 'not valid JSON'],
  ])('refuses %s naming where it broke', (text, message) => {
    expect(() => decodeZipkinJsonText(text)).toThrow(DecodeError);
    expect(() => decodeZipkinJsonText(text)).toThrow(message);
  });
});
