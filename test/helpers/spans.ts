/** Builds model spans for tests: every field set, overridable. */
import { newAttributes, type Attributes, type Resource, type Scope, type Span } from '../../src-main/model/span';

export function attrs(values: Record<string, Attributes[string]>): Attributes {
  return Object.assign(newAttributes(), values);
}

export function resource(service: string, extra: Record<string, Attributes[string]> = {}): Resource {
  return { attributes: attrs({ 'service.name': service, ...extra }), droppedAttributesCount: 0, schemaUrl: '' };
}

export const testScope: Scope = { name: 'test-scope', version: '1.0.0', attributes: attrs({ 'scope.kind': 'unit' }), droppedAttributesCount: 0, schemaUrl: '' };

let counter = 0;
export function hexId(bytes: number, seed = ++counter): string {
  return (seed.toString(16).padStart(8, '0') + 'ab').repeat(bytes).slice(0, bytes * 2);
}

export function span(overrides: Partial<Span> & { traceId: string; spanId: string }): Span {
  return {
    parentSpanId: '',
    traceState: '',
    flags: 1,
    name: 'GET /',
    kind: 'SERVER',
    startTimeUnixNano: 1_700_000_000_000_000_000n,
    endTimeUnixNano: 1_700_000_000_010_000_000n,
    attributes: attrs({}),
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 'UNSET', message: '' },
    resource: resource('frontend'),
    scope: testScope,
    ...overrides,
  };
}

/** A span with every kind of field and value filled in. */
export function richSpan(traceId: string, spanId: string, parentSpanId = ''): Span {
  return span({
    traceId,
    spanId,
    parentSpanId,
    traceState: 'vendor=abc',
    flags: 0x301,
    name: 'POST /orders/{id}',
    kind: 'CLIENT',
    attributes: attrs({
      'str': 'value <b>bold</b>',
      'bool': true,
      'int': 9007199254740993n,
      'negative': -42n,
      'double': 72.5,
      'bytes': new Uint8Array([0, 1, 254, 255]),
      'array': ['a', 1n, false, 2.5],
      'kvlist': attrs({ nested: 'yes', deeper: attrs({ n: 1n }) }),
      'empty': null,
      ['__proto__']: 'plain data',
    }),
    droppedAttributesCount: 3,
    events: [
      { name: 'exception', timeUnixNano: 1_700_000_000_005_000_000n, attributes: attrs({ 'exception.message': 'boom' }), droppedAttributesCount: 1 },
      { name: 'before-start', timeUnixNano: 1_699_999_999_000_000_000n, attributes: attrs({}), droppedAttributesCount: 0 },
    ],
    droppedEventsCount: 2,
    links: [{ traceId: 'ff'.repeat(16), spanId: 'ee'.repeat(8), traceState: 'k=v', flags: 1, attributes: attrs({ 'link.reason': 'retry' }), droppedAttributesCount: 4 }],
    droppedLinksCount: 5,
    status: { code: 'ERROR', message: 'payment declined' },
    resource: { attributes: attrs({ 'service.name': 'checkout', 'host.name': 'laptop' }), droppedAttributesCount: 6, schemaUrl: 'https://opentelemetry.io/schemas/1.21.0' },
    scope: { name: '@acme/http', version: '2.3.4', attributes: attrs({ 'scope.attr': 7n }), droppedAttributesCount: 8, schemaUrl: 'https://opentelemetry.io/schemas/1.20.0' },
  });
}

/** A server span and its client child calling another service: one call on the service map. */
export function callTrace(traceId = hexId(16)): Span[] {
  const root = span({ traceId, spanId: hexId(8), resource: resource('checkout') });
  const client = span({ traceId, spanId: hexId(8), parentSpanId: root.spanId, kind: 'CLIENT', name: 'GET /price', resource: resource('checkout') });
  const server = span({ traceId, spanId: hexId(8), parentSpanId: client.spanId, name: 'GET /price', resource: resource('pricing') });
  return [root, client, server];
}
