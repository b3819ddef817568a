/**
 * Model spans → Zipkin v2 JSON (an array of spans), the inverse of zipkin-decode.ts where Zipkin can hold the
 * data. What it cannot hold (links, scope attributes, event attributes, value types, trace state, sub-µs times)
 * is counted in the notes.
 */
import { anyValueText } from '../model/any-value-text';
import { serviceOf, type Attributes, type Span } from '../model/span';
import { ConversionNotes, type Converted } from './conversion-notes';
import { endpointKey, sharedSpanId, type ZipkinEndpoint } from './zipkin-ids';

const LOCAL_KEYS = ['service.name', 'network.local.address', 'network.local.port'];
const REMOTE_KEYS = ['peer.service', 'network.peer.address', 'network.peer.port'];

export function encodeZipkinJson(spans: Span[]): Converted {
  const notes = new ConversionNotes();
  const byId = new Map(spans.map((s) => [`${s.traceId}/${s.spanId}`, s]));
  // Server halves of shared spans get their original (client) id back; their children follow.
  const restored = new Map<string, string>();
  for (const span of spans) {
    if (span.kind === 'SERVER' && span.parentSpanId && span.spanId === sharedSpanId(span.parentSpanId, endpointKey(localEndpoint(span)))) {
      restored.set(`${span.traceId}/${span.spanId}`, span.parentSpanId);
    }
  }
  const out = spans.map((span) => {
    const key = `${span.traceId}/${span.spanId}`;
    const sharedWith = restored.get(key);
    const parentId = sharedWith !== undefined ? (byId.get(`${span.traceId}/${sharedWith}`)?.parentSpanId ?? '') : (restored.get(`${span.traceId}/${span.parentSpanId}`) ?? span.parentSpanId);
    const startUs = span.startTimeUnixNano / 1000n;
    const durationUs = (span.endTimeUnixNano - span.startTimeUnixNano) / 1000n;
    if (span.startTimeUnixNano % 1000n !== 0n || span.endTimeUnixNano % 1000n !== 0n) notes.add("times rounded down to microseconds, Zipkin's unit");
    const zipkin: Record<string, unknown> = {
      traceId: span.traceId.startsWith('0'.repeat(16)) ? span.traceId.slice(16) : span.traceId,
      id: sharedWith ?? span.spanId,
      ...(parentId ? { parentId } : {}),
      name: span.name,
      ...(['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER'].includes(span.kind) ? { kind: span.kind } : {}),
      timestamp: Number(startUs),
      ...(durationUs > 0n ? { duration: Number(durationUs) } : {}),
      localEndpoint: endpointJson(localEndpoint(span)),
      ...(remoteEndpoint(span.attributes) ? { remoteEndpoint: endpointJson(remoteEndpoint(span.attributes)!) } : {}),
      ...(span.events.length > 0 ? { annotations: span.events.map((e) => ({ timestamp: Number(e.timeUnixNano / 1000n), value: e.name })) } : {}),
      tags: tags(span, notes),
      ...(span.attributes['zipkin.debug'] === true ? { debug: true } : {}),
      ...(sharedWith !== undefined ? { shared: true } : {}),
    };
    if (span.events.some((e) => Object.keys(e.attributes).length > 0)) notes.add('event attributes dropped (Zipkin annotations are text only)');
    if (span.links.length > 0) notes.add('links dropped (Zipkin has no links)');
    if (Object.keys(span.scope.attributes).length > 0) notes.add('scope attributes dropped (Zipkin has no scope)');
    if (span.traceState) notes.add('trace state dropped');
    if (span.droppedAttributesCount || span.droppedEventsCount || span.droppedLinksCount) notes.add('dropped-item counts dropped');
    notes.endSpan();
    return zipkin;
  });
  return { text: JSON.stringify(out), notes: notes.sentences() };
}

function localEndpoint(span: Span): ZipkinEndpoint {
  const a = span.resource.attributes;
  return endpoint(serviceOf(span.resource), a['network.local.address'], a['network.local.port']);
}

function remoteEndpoint(a: Attributes): ZipkinEndpoint | undefined {
  if (REMOTE_KEYS.every((k) => a[k] === undefined)) return undefined;
  return endpoint(typeof a['peer.service'] === 'string' ? a['peer.service'] : '', a['network.peer.address'], a['network.peer.port']);
}

function endpoint(serviceName: string, address: unknown, port: unknown): ZipkinEndpoint {
  const ip = typeof address === 'string' ? address : '';
  return { serviceName, ipv4: ip.includes(':') ? '' : ip, ipv6: ip.includes(':') ? ip : '', port: typeof port === 'bigint' || typeof port === 'number' ? Number(port) : 0 };
}

function endpointJson(e: ZipkinEndpoint): Record<string, unknown> {
  return { ...(e.serviceName ? { serviceName: e.serviceName } : {}), ...(e.ipv4 ? { ipv4: e.ipv4 } : {}), ...(e.ipv6 ? { ipv6: e.ipv6 } : {}), ...(e.port ? { port: e.port } : {}) };
}

function tags(span: Span, notes: ConversionNotes): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  let typed = false;
  const put = (attributes: Attributes, skip: string[]) => {
    for (const key of Object.keys(attributes)) {
      if (skip.includes(key) || key in out) continue;
      const value = attributes[key];
      if (typeof value !== 'string') typed = true;
      out[key] = anyValueText(value);
    }
  };
  put(span.attributes, [...REMOTE_KEYS, 'zipkin.debug']);
  put(span.resource.attributes, LOCAL_KEYS);
  if (typed) notes.add('typed attribute values written as text (Zipkin tags are strings)');
  if (span.scope.name) out['otel.scope.name'] = span.scope.name;
  if (span.scope.version) out['otel.scope.version'] = span.scope.version;
  if (span.status.code === 'ERROR') {
    out['otel.status_code'] = 'ERROR';
    out.error = span.status.message || 'true';
  } else if (span.status.code === 'OK') out['otel.status_code'] = 'OK';
  return out;
}
