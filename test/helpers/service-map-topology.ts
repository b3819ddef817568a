/**
 * A generated service map of 60 services in tiers (entry points → APIs → domain services → backends), 6
 * databases, 2 message brokers and 4 external hosts, seeded so every run draws the same map. `topologyMap` is it
 * as the API's map (for unit tests); `topologySpans` is spans that make the server build it (for UI tests).
 */
import type { MapNode } from '../../src-main/model/api';
import type { Span } from '../../src-main/model/span';
import type { CallEdge, CallMap } from '../../src-renderer/lib/api-shapes';
import { attrs, hexId, resource, span } from './spans';

const TIERS = [
  ['frontend', 'mobile-gateway', 'api-gateway', 'admin-web'],
  ['auth', 'session', 'user-api', 'catalog-api', 'cart-api', 'checkout-api', 'search-api', 'orders-api', 'partner-api', 'media-api'],
  ['accounts', 'profiles', 'permissions', 'catalog', 'pricing', 'inventory', 'cart', 'checkout', 'payments', 'fraud-check', 'orders', 'shipping', 'search', 'recommendations', 'reviews', 'media', 'notifications', 'promotions', 'loyalty', 'tax'],
  ['ledger', 'invoice', 'refunds', 'warehouse', 'carrier-rates', 'geo', 'email-sender', 'sms-sender', 'push-sender', 'image-resizer', 'thumbnailer', 'feature-flags', 'audit-log', 'rate-limiter', 'currency', 'address-validation', 'notification-preferences-service-v2', 'ranking', 'indexer', 'spellcheck', 'coupon', 'gift-cards', 'reporting', 'scheduler', 'exports', 'billing'],
];
const DATABASES = ['postgresql', 'mysql', 'redis', 'cassandra', 'elasticsearch', 'mongodb'];
const BROKERS = ['kafka', 'rabbitmq'];
const EXTERNALS = ['api.stripe.com', 'api.easypost.com', 'maps.googleapis.com', 'hooks.slack.com'];

type Peer = { type: Exclude<MapNode['type'], 'service'>; name: string };
export interface TopologyCall {
  from: string;
  to: string | Peer;
  calls: number;
  errors: number;
}

/** Park–Miller: small, seeded, the same on every machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

export function topologyCalls(seed = 7): TopologyCall[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const calls = new Map<string, TopologyCall>();
  const add = (from: string, to: string | Peer) => {
    const key = `${from}>${typeof to === 'string' ? to : `${to.type}:${to.name}`}`;
    if (calls.has(key) || to === from) return;
    const count = 1 + Math.floor(next() * 5);
    // One domain service in eight fails now and then; the rest never do.
    const errors = (typeof to === 'string' ? to : to.name).length % 8 === 0 ? Math.max(1, Math.floor(count / 3)) : 0;
    calls.set(key, { from, to, calls: count, errors });
  };
  TIERS.forEach((tier, t) => {
    for (const service of tier) {
      if (t + 1 < TIERS.length) for (let i = 0; i < 2 + Math.floor(next() * 2); i++) add(service, pick(TIERS[t + 1]));
      if (t >= 2 && next() < 0.6) add(service, { type: 'database', name: pick(DATABASES) });
      if (t === 2 && next() < 0.3) add(service, { type: 'messaging', name: pick(BROKERS) });
      if (t >= 2 && next() < 0.12) add(service, { type: 'external', name: pick(EXTERNALS) });
    }
  });
  // Every service is called by someone past the entry tier, so none floats alone.
  TIERS.forEach((tier, t) => {
    if (t === 0) return;
    for (const service of tier) if (![...calls.values()].some((c) => c.to === service)) add(pick(TIERS[t - 1]), service);
  });
  return [...calls.values()];
}

export const TOPOLOGY_SERVICES = TIERS.flat();

const nodeId = (to: string | Peer) => (typeof to === 'string' ? `service:${to}` : `${to.type}:${to.name}`);

/** The map the server answers for `topologySpans`, as the renderer holds it. */
export function topologyMap(calls = topologyCalls()): CallMap {
  const nodes = new Map<string, MapNode>(TOPOLOGY_SERVICES.map((name) => [`service:${name}`, { id: `service:${name}`, name, type: 'service', spanCount: 0, errorCount: 0 }]));
  const edges: CallEdge[] = [];
  for (const call of calls) {
    const target = nodeId(call.to);
    if (typeof call.to !== 'string' && !nodes.has(target)) nodes.set(target, { id: target, name: call.to.name, type: call.to.type, spanCount: 0, errorCount: 0 });
    // A service's own spans: the caller's server and client span of each call, the callee's server span.
    nodes.get(`service:${call.from}`)!.spanCount += 2 * call.calls;
    nodes.get(target)!.spanCount += call.calls;
    nodes.get(target)!.errorCount += call.errors;
    edges.push({ source: `service:${call.from}`, target, callCount: call.calls, errorCount: call.errors, p50Ns: 4_460_000, p95Ns: 9_000_000 });
  }
  return { nodes: [...nodes.values()], edges };
}

const MS = 1_000_000n;

/**
 * One trace a call: the caller's server span, its client span, and the callee's server span (or, for a database,
 * queue or external host, the client span naming it). Calls start `agoMs` before now.
 */
export function topologySpans(nowMs: number, agoMs: number, calls = topologyCalls()): Span[] {
  const spans: Span[] = [];
  let n = 0;
  for (const call of calls) {
    for (let i = 0; i < call.calls; i++) {
      const traceId = hexId(16);
      const t0 = BigInt(nowMs - agoMs) * MS + BigInt(n++) * MS;
      const root = hexId(8);
      const client = hexId(8);
      const failed = i < call.errors;
      const status = { code: failed ? ('ERROR' as const) : ('UNSET' as const), message: '' };
      spans.push(span({ traceId, spanId: root, name: 'GET /work', kind: 'SERVER', startTimeUnixNano: t0, endTimeUnixNano: t0 + 20n * MS, resource: resource(call.from) }));
      if (typeof call.to === 'string') {
        spans.push(span({ traceId, spanId: client, parentSpanId: root, name: 'GET /call', kind: 'CLIENT', startTimeUnixNano: t0 + 1n * MS, endTimeUnixNano: t0 + 10n * MS, resource: resource(call.from) }));
        spans.push(span({ traceId, spanId: hexId(8), parentSpanId: client, name: 'GET /call', kind: 'SERVER', startTimeUnixNano: t0 + 2n * MS, endTimeUnixNano: t0 + 9n * MS, resource: resource(call.to), status }));
      } else {
        const key = { database: 'db.system', messaging: 'messaging.system', external: 'server.address' }[call.to.type];
        const kind = call.to.type === 'messaging' ? 'PRODUCER' : 'CLIENT';
        spans.push(span({ traceId, spanId: client, parentSpanId: root, name: 'call', kind, startTimeUnixNano: t0 + 1n * MS, endTimeUnixNano: t0 + 6n * MS, resource: resource(call.from), attributes: attrs({ [key]: call.to.name }), status }));
      }
    }
  }
  return spans;
}
