/** One trace made with the real OpenTelemetry SDK, for tests that send it through the real exporters. */
import { context, createTraceState, SpanKind, SpanStatusCode, trace, TraceFlags, type Tracer } from '@opentelemetry/api';

export const remoteParent = { traceId: '', spanId: 'a1b2c3d4e5f60718', traceFlags: TraceFlags.SAMPLED, isRemote: true, traceState: createTraceState('vendor=abc,other=1') };
export const linked = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };

/** One trace: a server span under a remote parent, and a failing client span with events and links past the limits. */
export function emitTrace(tracer: Tracer, traceId: string): void {
  const parentCtx = trace.setSpanContext(context.active(), { ...remoteParent, traceId });
  const root = tracer.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    startTime: [1_700_000_000, 0],
    attributes: { 'http.route': '/checkout', 'http.status_code': 200, ok: true, ratio: 72.5, tags: ['a', 'b'], sizes: [1, 2, 3] },
  }, parentCtx);
  root.addEvent('cache miss', { 'cache.key': 'cart:42' }, [1_700_000_000, 1_000_000]);
  const child = tracer.startSpan('SELECT orders', {
    kind: SpanKind.CLIENT,
    startTime: [1_700_000_000, 2_000_000],
    // the SDK keeps the newest link past the limit
    links: [{ context: { ...linked, spanId: 'b7ad6b7169203332' } }, { context: linked, attributes: { 'link.reason': 'retry-of' } }],
    attributes: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`attr.${i}`, i])),
  }, trace.setSpan(parentCtx, root));
  for (let i = 0; i < 3; i++) child.addEvent(`retry ${i}`, { attempt: i }, [1_700_000_000, 3_000_000 + i]);
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
  child.end([1_700_000_000, 52_000_000]);
  root.setStatus({ code: SpanStatusCode.OK });
  root.end([1_700_000_000, 100_000_000]);
}
