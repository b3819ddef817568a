/**
 * Realistic synthetic traces for the benchmark: 10-span traces over 8 services, ~400 bytes a span in OTLP protobuf.
 * Every service carries the trace's service.version, so a store of them holds a run per version.
 */
import { newAttributes, type Resource, type Scope, type Span } from '../../src-main/model/span';

const SERVICES = ['frontend', 'cart', 'checkout', 'payment', 'shipping', 'inventory', 'users', 'orders-db'];
const ROUTES = ['/api/cart', '/api/checkout', '/api/items/{id}', '/api/users/{id}', '/api/orders', '/health'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
export const SPANS_PER_TRACE = 10;
const MS = 1_000_000n;

function attrs(values: Record<string, Span['attributes'][string]>) {
  return Object.assign(newAttributes(), values);
}

/** The versions the bench's traffic runs at: the first half of the main ingest at the first, the rest at the second. */
export const BENCH_VERSIONS = ['1.0.0', '1.1.0'] as const;
export type BenchVersion = (typeof BENCH_VERSIONS)[number];

const resourcesAt = (version: BenchVersion): Resource[] =>
  SERVICES.map((service, i) => ({
    attributes: attrs({ 'service.name': service, 'service.version': version, 'host.name': `dev-laptop-${i}`, 'telemetry.sdk.language': 'nodejs' }),
    droppedAttributesCount: 0,
    schemaUrl: '',
  }));
const resources = Object.fromEntries(BENCH_VERSIONS.map((version) => [version, resourcesAt(version)])) as Record<BenchVersion, Resource[]>;
const scope: Scope = { name: '@opentelemetry/instrumentation-http', version: '0.57.0', attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };

export function hex(n: number, bytes: number): string {
  return n.toString(16).padStart(bytes * 2, '0').slice(-bytes * 2);
}

/** Trace number `t` of a run: ids derived from `t` (and `salt`, to keep runs apart), times `t` ms apart. */
export function syntheticTrace(t: number, salt: number, t0: bigint, version: BenchVersion = BENCH_VERSIONS[0]): Span[] {
  const traceId = hex(salt, 4) + hex(t, 12);
  const start = t0 + BigInt(t) * MS;
  const spans: Span[] = [];
  for (let i = 0; i < SPANS_PER_TRACE; i++) {
    const service = i === 0 ? 0 : 1 + ((t + i) % (SERVICES.length - 1));
    const route = ROUTES[(t + i) % ROUTES.length];
    const method = METHODS[(t * 7 + i) % METHODS.length];
    const duration = BigInt(1 + ((t * 31 + i * 17) % 400)) * MS / 4n;
    const spanStart = start + BigInt(i) * MS;
    spans.push({
      traceId,
      spanId: hex(t * 16 + i + 1, 8),
      parentSpanId: i === 0 ? '' : hex(t * 16 + 1 + Math.floor((i - 1) / 3), 8),
      traceState: '',
      flags: 1,
      name: `${method} ${route}`,
      kind: i === 0 ? 'SERVER' : i % 2 ? 'CLIENT' : 'SERVER',
      startTimeUnixNano: spanStart,
      endTimeUnixNano: spanStart + duration,
      attributes: attrs({
        'http.request.method': method,
        'http.route': route,
        'url.full': `http://${SERVICES[service]}.local:8080${route.replace('{id}', String(t % 10_000))}?page=${i}`,
        'http.response.status_code': BigInt((t + i) % 50 === 0 ? 500 : 200),
        'server.address': `${SERVICES[service]}.local`,
        'user.id': `user-${t % 5000}`,
        'request.id': `${hex(t, 6)}-${i}`,
        'net.peer.port': 8080n,
      }),
      droppedAttributesCount: 0,
      events: i % 5 === 0 ? [{ name: 'cache.miss', timeUnixNano: spanStart + MS / 10n, attributes: attrs({ 'cache.key': `k${t % 100}` }), droppedAttributesCount: 0 }] : [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: (t + i) % 50 === 0 ? { code: 'ERROR', message: 'upstream 500' } : { code: 'UNSET', message: '' },
      resource: resources[version][service],
      scope,
    });
  }
  return spans;
}

/** Request `r` of `requests` of 1,000 spans (100 traces): the first half at BENCH_VERSIONS[0], the rest at [1]. */
export function syntheticRequest(r: number, requests: number, salt: number, t0: bigint): Span[] {
  const version = BENCH_VERSIONS[r < requests / 2 ? 0 : 1];
  const spans: Span[] = [];
  for (let t = r * 100; t < (r + 1) * 100; t++) spans.push(...syntheticTrace(t, salt, t0, version));
  return spans;
}

export const BENCH_SERVICES = SERVICES;
export const BENCH_ROUTES = ROUTES;

/** A wide, shallow trace of `count` spans (synthetic traces under one root): the shape that makes waterfalls slow. */
export function bigTrace(count: number, salt: number): Span[] {
  const traceId = hex(salt, 4) + hex(count, 12);
  const spans = Array.from({ length: Math.ceil(count / 10) }, (_, i) => syntheticTrace(i, salt, 1_763_800_000_000_000_000n)).flat().slice(0, count);
  const rootId = spans[0].spanId;
  return spans.map((s, i) => ({ ...s, traceId, parentSpanId: i === 0 ? '' : s.parentSpanId === '' ? rootId : s.parentSpanId }));
}
