/**
 * Seeded synthetic traces' attributes for the attribute comparison's tests and bench: twenty keys a trace of a
 * shop might carry (resource and span, a few values each, one of many), drawn alike for every trace, with
 * planted values whose share differs between the selection and the baseline.
 */
import type { AttributeItem } from '../../src-main/diff/compare-attributes';
import { seededRandom } from './synthetic-durations';

const pick = (values: readonly string[], random: () => number) => values[Math.floor(random() * values.length)];
const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

/** Keys as TraceQL writes them, and the values each takes evenly. */
const KEYS: [string, readonly string[]][] = [
  ['resource.service.name', ['frontend', 'cart', 'checkout', 'payment', 'shipping', 'inventory', 'users', 'orders-db']],
  ['resource.service.version', ['1.4.0', '1.4.1', '1.5.0']],
  ['resource.host.name', numbered('node', 40)],
  ['resource.cloud.region', ['us-east', 'us-west', 'ap-south']],
  ['resource.k8s.namespace.name', ['shop', 'shop-canary']],
  ['resource.telemetry.sdk.language', ['nodejs', 'go', 'java']],
  ['resource.deployment.environment', ['production']],
  ['span.http.request.method', ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']],
  ['span.http.route', ['/api/cart', '/api/checkout', '/api/items/{id}', '/api/users/{id}', '/api/orders', '/health']],
  ['span.http.response.status_code', ['200', '200', '200', '200', '201', '404', '500']],
  ['span.user.id', numbered('user', 5_000)],
  ['span.db.system', ['postgresql', 'redis']],
  ['span.net.peer.name', numbered('db', 6)],
  ['span.feature.new_cart', ['true', 'false']],
  ['span.cache.hit', ['true', 'false', 'false']],
  ['span.rpc.system', ['grpc', 'http']],
  ['span.messaging.system', ['kafka']],
  ['span.app.tenant', numbered('tenant', 25)],
  ['span.app.plan', ['free', 'pro', 'enterprise']],
  ['span.thread.name', numbered('worker', 16)],
];

/** A value planted in a share of the traces, in place of the key's drawn value. */
export interface Planted {
  key: string;
  value: string;
  share: number;
}

/** `count` traces' attributes from a seed, with the planted values in their shares. */
export function syntheticAttributeItems(count: number, seed: number, planted: readonly Planted[] = []): AttributeItem[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const item = new Map<string, string>();
    for (const [key, values] of KEYS) item.set(key, pick(values, random));
    for (const plant of planted) if (random() < plant.share) item.set(plant.key, plant.value);
    return item;
  });
}
