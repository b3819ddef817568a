/**
 * Traffic with a planted cause, as the real OpenTelemetry SDK sends it (OTLP/HTTP protobuf): `traces` checkouts,
 * every fifth slow (400 ms against 50 ms). The checkout service runs in two regions (`cloud.region`, a resource
 * attribute): eu-west serves 80% of the slow checkouts and 10% of the others, us-east the rest. Each root has a
 * request id of its own (a key nearly all distinct) and a cart size, the same for slow and fast ones.
 */
import { context, SpanKind, trace, type HrTime } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

export const REGION_TRAFFIC = { slowMs: 400, fastMs: 50 };

/** Whether checkout `i` is slow, and whether it ran in eu-west: 80% of the slow ones, 10% of the others. */
export function plantedRegion(i: number): { slow: boolean; euWest: boolean } {
  const slow = i % 5 === 0;
  const nth = slow ? i / 5 : i - Math.floor(i / 5) - 1; // its number among the slow or among the others
  return { slow, euWest: slow ? nth % 5 !== 4 : nth % 10 === 3 };
}

export async function sendRegionTraffic(otlpHttp: string, traces: number, startSec: number): Promise<void> {
  const provider = (region: string) =>
    new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'checkout', 'cloud.region': region }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpHttp}/v1/traces` }), { maxQueueSize: 10_000, maxExportBatchSize: 500, scheduledDelayMillis: 60_000 })],
    });
  const providers = { euWest: provider('eu-west'), usEast: provider('us-east') };
  for (let i = 0; i < traces; i++) {
    const { slow, euWest } = plantedRegion(i);
    const tracer = (euWest ? providers.euWest : providers.usEast).getTracer('shop');
    const startNs = i * 20e6;
    const durationNs = (slow ? REGION_TRAFFIC.slowMs : REGION_TRAFFIC.fastMs) * 1e6;
    const root = tracer.startSpan('GET /checkout', { kind: SpanKind.SERVER, startTime: at(startNs), attributes: { 'request.id': `req-${i}`, 'cart.size': i % 3 } });
    const query = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT, startTime: at(startNs + 1e6), attributes: { 'db.system': 'postgresql' } }, trace.setSpan(context.active(), root));
    query.end(at(startNs + durationNs / 2));
    root.end(at(startNs + durationNs));
  }
  for (const p of Object.values(providers)) {
    await p.forceFlush();
    await p.shutdown();
  }

  /** Nanoseconds after startSec as the SDK's [seconds, nanoseconds] (the epoch's nanoseconds do not fit a double). */
  function at(ns: number): HrTime {
    const seconds = Math.floor(ns / 1e9);
    return [startSec + seconds, Math.round(ns - seconds * 1e9)];
  }
}
