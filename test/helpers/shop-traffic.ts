/**
 * A small shop's traffic, made and sent by the real OpenTelemetry JS SDK (one tracer provider a service, the
 * OTLP/HTTP protobuf exporter), for the page-wide UI tests: frontend → recommendations, frontend → checkout → cart
 * (→ postgres), payments (a retried timeout, some declined cards), INSERTs into postgres, and a Kafka producer whose
 * consumer in fulfillment runs after the request has answered. All in the last ten minutes, so every time range
 * shows it.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type HrTime, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

export const SHOP_SERVICES = ['frontend', 'recommendations', 'checkout', 'cart', 'payments', 'fulfillment'] as const;
type Service = (typeof SHOP_SERVICES)[number];

export interface ShopTraffic {
  /** A checkout through every service, whose first payment attempt timed out and was retried. */
  showcase: { traceId: string; failedPaymentSpanId: string };
  /** Two runs of the same checkout: B writes three order rows, each slower, where A writes one. */
  compare: { a: string; b: string };
  /** Checkouts whose card was declined (errors up to the root). */
  declined: string[];
  /** Two groups of ordinary checkouts, before and after a slower release. */
  groups: { a: string[]; b: string[] };
  traceCount: number;
}

interface Checkout {
  start: number;
  /** Payment attempts that time out before the one that answers. */
  paymentTimeouts?: number;
  declined?: boolean;
  inserts?: number;
  insertMs?: number;
  version?: string;
}

const at = (ms: number): HrTime => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];

class Shop {
  private providers = new Map<Service, BasicTracerProvider>();

  constructor(otlpHttpUrl: string) {
    for (const service of SHOP_SERVICES) {
      this.providers.set(service, new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': service, 'service.version': '1.4.2', 'deployment.environment.name': 'staging', 'host.name': `${service}-7d9f` }),
        spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpHttpUrl}/v1/traces` }))],
      }));
    }
  }

  private tracer(service: Service): Tracer {
    return this.providers.get(service)!.getTracer(`@shop/${service}`, '1.4.2');
  }

  /** Starts a span at `start` ms (epoch) under `parent` (a new trace without one). */
  private open(service: Service, name: string, kind: SpanKind, parent: Span | undefined, start: number, attributes: Attributes = {}): Span {
    const ctx = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    return this.tracer(service).startSpan(name, { kind, startTime: at(start), attributes, root: !parent }, ctx);
  }

  /** An HTTP call: the caller's CLIENT span named by its method and the callee's SERVER span named by its route. */
  private http(from: Service, to: Service, method: string, route: string, parent: Span, start: number, end: number, status: number, body: (server: Span) => void = () => {}): { client: Span; server: Span } {
    const client = this.open(from, method, SpanKind.CLIENT, parent, start, { 'http.request.method': method, 'url.full': `http://${to}:8080${route}`, 'server.address': to, 'server.port': 8080 });
    const server = this.open(to, `${method} ${route}`, SpanKind.SERVER, client, start + 1, { 'http.request.method': method, 'http.route': route, 'url.path': route, 'url.scheme': 'http', 'network.protocol.version': '1.1' });
    body(server);
    for (const span of [server, client]) {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500 || (span === client && status >= 400)) span.setStatus({ code: SpanStatusCode.ERROR, message: status === 504 ? 'upstream timed out' : `HTTP ${status}` });
    }
    server.end(at(end - 1));
    client.end(at(end));
    return { client, server };
  }

  /**
   * A postgres call named as the semantic conventions name it: operation and table. Both the old and the stable
   * attribute names, as instrumentations send them during the migration (OTEL_SEMCONV_STABILITY_OPT_IN=database/dup).
   */
  private query(service: Service, statement: string, parent: Span, start: number, end: number): Span {
    const operation = statement.split(' ')[0];
    const table = /(?:FROM|INTO|UPDATE) (\S+)/.exec(statement)![1];
    const span = this.open(service, `${operation} ${table}`, SpanKind.CLIENT, parent, start, { 'db.system': 'postgresql', 'db.system.name': 'postgresql', 'db.namespace': 'shop', 'db.operation.name': operation, 'db.collection.name': table, 'db.query.text': statement, 'server.address': 'postgres', 'server.port': 5432 });
    span.end(at(end));
    return span;
  }

  browse(start: number, items: number): string {
    const root = this.open('frontend', 'GET /cart', SpanKind.SERVER, undefined, start, { 'http.request.method': 'GET', 'http.route': '/cart', 'url.path': '/cart', 'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64)' });
    this.http('frontend', 'cart', 'GET', '/api/cart/{cartId}', root, start + 2, start + 12 + items, 200, (server) => {
      this.query('cart', 'SELECT id, sku, quantity FROM shop.cart_items WHERE cart_id = $1', server, start + 4, start + 9 + items);
    });
    root.setAttribute('http.response.status_code', 200);
    root.end(at(start + 15 + items));
    return root.spanContext().traceId;
  }

  /** One checkout; returns its trace id and the span id of the first failed payment attempt, if any. */
  checkout({ start, paymentTimeouts = 0, declined = false, inserts = 1, insertMs = 6, version = '1.4.2' }: Checkout): { traceId: string; failedPaymentSpanId?: string } {
    const root = this.open('frontend', 'POST /checkout', SpanKind.SERVER, undefined, start, { 'http.request.method': 'POST', 'http.route': '/checkout', 'url.path': '/checkout', 'app.release': version });
    this.http('frontend', 'recommendations', 'GET', '/api/recommendations', root, start + 2, start + 14, 200);
    let t = start + 16;
    let failedPaymentSpanId: string | undefined;
    let producer: Span | undefined;
    const paymentsEnd = t + 12 + paymentTimeouts * 250 + 30;
    const checkoutEnd = paymentsEnd + (declined ? 2 : inserts * (insertMs + 1) + 8);
    const checkoutStatus = declined ? 502 : 200;
    this.http('frontend', 'checkout', 'POST', '/api/checkout', root, t, checkoutEnd + 2, checkoutStatus, (server) => {
      server.setAttribute('app.release', version);
      this.http('checkout', 'cart', 'GET', '/api/cart/{cartId}', server, t + 1, t + 11, 200, (cart) => {
        this.query('cart', 'SELECT id, sku, quantity FROM shop.cart_items WHERE cart_id = $1', cart, t + 3, t + 9);
      });
      t += 12;
      for (let attempt = 0; attempt < paymentTimeouts; attempt++, t += 250) {
        const { server: payment } = this.http('checkout', 'payments', 'POST', '/api/charge', server, t, t + 250, 504, (payment) => {
          payment.addEvent('exception', { 'exception.type': 'TimeoutError', 'exception.message': 'card network did not answer within 250ms' }, at(t + 249));
        });
        failedPaymentSpanId ??= payment.spanContext().spanId;
      }
      const { server: payment } = this.http('checkout', 'payments', 'POST', '/api/charge', server, t, t + 30, declined ? 402 : 200, (payment) => {
        payment.setAttribute('payment.provider', 'acme-pay');
        if (declined) payment.addEvent('card declined', { 'decline.code': 'insufficient_funds' }, at(t + 28));
      });
      if (declined) {
        payment.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined: insufficient_funds' });
        failedPaymentSpanId ??= payment.spanContext().spanId;
        server.setStatus({ code: SpanStatusCode.ERROR, message: 'payment failed' });
        return;
      }
      t += 31;
      for (let i = 0; i < inserts; i++, t += insertMs + 1) this.query('checkout', 'INSERT INTO shop.orders (id, cart_id, total) VALUES ($1, $2, $3)', server, t, t + insertMs);
      producer = this.open('checkout', 'orders publish', SpanKind.PRODUCER, server, t, { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders', 'messaging.operation.type': 'send', 'messaging.kafka.message.key': 'order-1042', 'server.address': 'kafka' });
      producer.end(at(t + 3));
    });
    root.setAttribute('http.response.status_code', checkoutStatus);
    root.end(at(checkoutEnd + 4));
    if (producer) {
      // Kafka delivers after the shop has answered: the consumer starts after its parent (and the root) ended.
      const consume = checkoutEnd + 40;
      const consumer = this.open('fulfillment', 'orders process', SpanKind.CONSUMER, producer, consume, { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders', 'messaging.operation.type': 'process', 'messaging.consumer.group.name': 'fulfillment' });
      this.query('fulfillment', 'UPDATE shop.inventory SET reserved = reserved + $1 WHERE sku = $2', consumer, consume + 2, consume + 9);
      consumer.end(at(consume + 12));
    }
    return { traceId: root.spanContext().traceId, failedPaymentSpanId };
  }

  async flush(): Promise<void> {
    await Promise.all([...this.providers.values()].map(async (provider) => {
      await provider.forceFlush();
      await provider.shutdown();
    }));
  }
}

/** Sends the shop's traffic to `otlpHttpUrl` (the `otlpHttp` of `spanscope serve`) and says which trace is which. */
export async function sendShopTraffic(otlpHttpUrl: string, now = Date.now()): Promise<ShopTraffic> {
  const shop = new Shop(otlpHttpUrl);
  const minute = 60_000;
  const sent: string[] = [];
  const count = <T extends { traceId: string } | string>(made: T): T => {
    sent.push(typeof made === 'string' ? made : made.traceId);
    return made;
  };
  for (let i = 0; i < 6; i++) count(shop.browse(now - 9 * minute + i * 20_000, i * 3));
  const groups = {
    a: Array.from({ length: 4 }, (_, i) => count(shop.checkout({ start: now - 8 * minute + i * 15_000, inserts: 1 + (i % 2), version: '1.4.2' })).traceId),
    b: Array.from({ length: 4 }, (_, i) => count(shop.checkout({ start: now - 6 * minute + i * 15_000, inserts: 2 + (i % 2), insertMs: 14, version: '1.5.0' })).traceId),
  };
  const declined = [0, 1].map((i) => count(shop.checkout({ start: now - 5 * minute + i * 30_000, declined: true })).traceId);
  const showcase = count(shop.checkout({ start: now - 4 * minute, paymentTimeouts: 1, inserts: 2 }));
  const compare = {
    a: count(shop.checkout({ start: now - 3 * minute, inserts: 1, insertMs: 6 })).traceId,
    b: count(shop.checkout({ start: now - 2 * minute, inserts: 3, insertMs: 18 })).traceId,
  };
  await shop.flush();
  return { showcase: { traceId: showcase.traceId, failedPaymentSpanId: showcase.failedPaymentSpanId! }, compare, declined, groups, traceCount: sent.length };
}
