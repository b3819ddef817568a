/**
 * Zipkin v2 JSON (an array of spans) → model spans.
 *
 * - Ids are padded to OTLP's widths (64-bit trace ids get sixteen leading zeros), times go from µs to ns.
 * - Fragments of one span reported separately (same id and endpoint) are merged, as Zipkin's UI merges them.
 * - The server half of a shared span (`shared: true`, or a SERVER beside a CLIENT with its id) gets an id of its
 *   own (`sharedSpanId`) and the client half as parent; its children in the same process follow it.
 * - Tags become string attributes; `error` / `otel.status_code` become the status; `otel.scope.*` the scope;
 *   annotations become events; the local endpoint is the resource; the remote endpoint is `peer.service` and
 *   `network.peer.*`.
 */
import { parseJson } from '../otlp/parse-json';
import { DecodeError, invalidIdReason, parentOrNone } from '../otlp/decode-result';
import { array, object, optionalObject, str, typeError, type Json, type JsonObject } from '../otlp/json-fields';
import { newAttributes, type Attributes, type Resource, type Scope, type Span, type SpanKind, type StatusCode } from '../model/span';
import { micros, paddedHexId } from './id-time-fields';
import { endpointKey, sharedSpanId, type ZipkinEndpoint } from './zipkin-ids';

/** One Zipkin span as read, before shared halves are given their own ids. */
interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId: string;
  name: string;
  kind: string;
  timestampUs: bigint | undefined;
  durationUs: bigint | undefined;
  shared: boolean;
  debug: boolean;
  local: ZipkinEndpoint | undefined;
  remote: ZipkinEndpoint | undefined;
  annotations: { timestampUs: bigint; value: string }[];
  tags: Map<string, string>;
}

const ZIPKIN_KINDS = new Set(['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER']);
const STATUS_TAGS = ['error', 'otel.status_code', 'otel.status_description'];
const SCOPE_TAGS = ['otel.scope.name', 'otel.scope.version', 'otel.library.name', 'otel.library.version'];

/** Decodes a parsed Zipkin v2 document; throws DecodeError naming the index and field of the first bad value. */
export function decodeZipkinJson(doc: Json): Span[] {
  if (!Array.isArray(doc)) throw typeError('$', 'a JSON array of Zipkin v2 spans', doc);
  const merged = mergeFragments(doc.map((s, i) => readSpan(object(s, `[${i}]`), `[${i}]`)));
  return new SpanBuilder().build(giveSharedHalvesTheirOwnIds(merged));
}

export function decodeZipkinJsonText(text: string): Span[] {
  return decodeZipkinJson(parseJson(text));
}

function readSpan(s: JsonObject, path: string): ZipkinSpan {
  const span: ZipkinSpan = {
    traceId: paddedHexId(s.traceId, `${path}.traceId`, 32),
    id: paddedHexId(s.id, `${path}.id`, 16),
    parentId: s.parentId === undefined || s.parentId === null ? '' : parentOrNone(paddedHexId(s.parentId, `${path}.parentId`, 16)),
    name: str(s.name, `${path}.name`),
    kind: str(s.kind, `${path}.kind`).toUpperCase(),
    timestampUs: optionalMicros(s.timestamp, `${path}.timestamp`),
    durationUs: optionalMicros(s.duration, `${path}.duration`),
    shared: bool(s.shared, `${path}.shared`),
    debug: bool(s.debug, `${path}.debug`),
    local: endpoint(s.localEndpoint, `${path}.localEndpoint`),
    remote: endpoint(s.remoteEndpoint, `${path}.remoteEndpoint`),
    annotations: array(s.annotations, `${path}.annotations`).map((a, i) => {
      const at = object(a, `${path}.annotations[${i}]`);
      const timestampUs = optionalMicros(at.timestamp, `${path}.annotations[${i}].timestamp`);
      if (timestampUs === undefined) throw new DecodeError(`${path}.annotations[${i}].timestamp: missing`);
      return { timestampUs, value: str(at.value, `${path}.annotations[${i}].value`) };
    }),
    tags: tags(s.tags, `${path}.tags`),
  };
  if (span.kind !== '' && !ZIPKIN_KINDS.has(span.kind)) throw typeError(`${path}.kind`, 'CLIENT, SERVER, PRODUCER or CONSUMER', s.kind);
  const reason = invalidIdReason(span.traceId, span.id, span.parentId);
  if (reason) throw new DecodeError(`${path}: ${reason}`);
  return span;
}

function optionalMicros(v: Json, path: string): bigint | undefined {
  return v === undefined || v === null ? undefined : micros(v, path);
}

function bool(v: Json, path: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw typeError(path, 'a boolean', v);
  return v;
}

function endpoint(v: Json, path: string): ZipkinEndpoint | undefined {
  const e = optionalObject(v, path);
  if (!e) return undefined;
  const port = e.port === undefined || e.port === null ? 0 : e.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) throw typeError(`${path}.port`, 'a port number', e.port);
  return { serviceName: str(e.serviceName, `${path}.serviceName`), ipv4: str(e.ipv4, `${path}.ipv4`), ipv6: str(e.ipv6, `${path}.ipv6`), port };
}

function tags(v: Json, path: string): Map<string, string> {
  const into = new Map<string, string>();
  const o = optionalObject(v, path);
  if (!o) return into;
  for (const key of Object.keys(o)) {
    const value = o[key];
    // Zipkin's own server only takes strings; numbers and booleans from lenient clients are kept as their text.
    if (typeof value === 'number' || typeof value === 'boolean') into.set(key, String(value));
    else into.set(key, str(value, `${path}.${key}`));
  }
  return into;
}

/** Spans with the same trace, id and local endpoint whose kinds agree (or one has none) are one span reported in parts. */
function mergeFragments(spans: ZipkinSpan[]): ZipkinSpan[] {
  const byKey = new Map<string, ZipkinSpan[]>();
  const out: ZipkinSpan[] = [];
  for (const span of spans) {
    const key = `${span.traceId}/${span.id}/${endpointKey(span.local)}`;
    const candidates = byKey.get(key) ?? [];
    const into = candidates.find((c) => c.kind === span.kind || c.kind === '' || span.kind === '');
    if (into) mergeInto(into, span);
    else {
      candidates.push(span);
      byKey.set(key, candidates);
      out.push(span);
    }
  }
  return out;
}

function mergeInto(into: ZipkinSpan, part: ZipkinSpan): void {
  into.kind ||= part.kind;
  into.name ||= part.name;
  into.parentId ||= part.parentId;
  if (part.timestampUs !== undefined && (into.timestampUs === undefined || part.timestampUs < into.timestampUs)) into.timestampUs = part.timestampUs;
  if (part.durationUs !== undefined && (into.durationUs === undefined || part.durationUs > into.durationUs)) into.durationUs = part.durationUs;
  into.shared ||= part.shared;
  into.debug ||= part.debug;
  into.remote ??= part.remote;
  for (const annotation of part.annotations) into.annotations.push(annotation); // a spread of 100,000+ overflows the stack
  for (const [key, value] of part.tags) if (!into.tags.has(key)) into.tags.set(key, value);
}

/**
 * OTLP needs one span per id. A shared half (flagged, or a SERVER beside a CLIENT/PRODUCER of the same id) gets
 * an id of its own (`movedHalfId`) and the original id as parent, so it hangs under the client half, in this batch
 * or a later one; a CONSUMER hangs under the PRODUCER of its id when there is one. Children of that id in the same
 * process move under the half there (the receiving one, SERVER or CONSUMER, when there are two). A lone shared
 * root keeps its id: there is no client half above it to make room for.
 */
function giveSharedHalvesTheirOwnIds(spans: ZipkinSpan[]): ZipkinSpan[] {
  const byId = new Map<string, ZipkinSpan[]>();
  for (const span of spans) {
    const key = `${span.traceId}/${span.id}`;
    const group = byId.get(key);
    if (group) group.push(span);
    else byId.set(key, [span]);
  }
  const halves = new Map<string, MovedHalves>(); // original trace/id → its halves
  const moved = new Set<ZipkinSpan>();
  for (const [key, group] of byId) {
    const candidates = group.filter((s) => !s.shared && s.kind !== 'SERVER');
    // The span that keeps the id: a CLIENT, else a PRODUCER, else the first, whatever order they came in.
    const primary = candidates.find((s) => s.kind === 'CLIENT') ?? candidates.find((s) => s.kind === 'PRODUCER') ?? candidates[0] ?? (group.some((s) => s.shared) ? undefined : group[0]);
    const loneRoot = !primary && group.length === 1 && group[0].parentId === '';
    const others = loneRoot ? [] : group.filter((s) => s !== primary);
    if (others.length === 0) continue;
    const entry: MovedHalves = { byEndpoint: new Map(), byService: new Map(), first: others[0], primaryHere: primary !== undefined };
    for (const half of others) {
      const endpoint = endpointKey(half.local);
      const receiving = half.kind === 'SERVER' || half.kind === 'CONSUMER';
      if (receiving || !entry.byEndpoint.has(endpoint)) entry.byEndpoint.set(endpoint, half);
      if (receiving || !entry.byService.has(half.local?.serviceName)) entry.byService.set(half.local?.serviceName, half);
      half.parentId = half.id;
      half.id = movedHalfId(half.id, endpoint, half.kind);
      moved.add(half);
    }
    const producer = group.find((s) => s.kind === 'PRODUCER');
    if (producer) for (const half of others) if (half.kind === 'CONSUMER') half.parentId = producer.id;
    halves.set(key, entry);
  }
  for (const span of spans) {
    const entry = span.parentId && !moved.has(span) ? halves.get(`${span.traceId}/${span.parentId}`) : undefined;
    if (!entry) continue;
    const parent = entry.byEndpoint.get(endpointKey(span.local)) ?? entry.byService.get(span.local?.serviceName) ?? (entry.primaryHere ? undefined : entry.first);
    if (parent) span.parentId = parent.id;
  }
  return spans;
}

/**
 * A server half (or one without a kind) is named by its endpoint, as the Zipkin writer expects; a CLIENT, PRODUCER
 * or CONSUMER moved off the id by its kind too, since one endpoint can report several of them under one id.
 */
function movedHalfId(id: string, endpoint: string, kind: string): string {
  return sharedSpanId(id, kind === 'SERVER' || kind === '' ? endpoint : `${endpoint}|${kind}`);
}

/** The halves moved off one id, looked up (the first of each) by the endpoint, then the service, of a child. */
interface MovedHalves {
  byEndpoint: Map<string, ZipkinSpan>;
  byService: Map<string | undefined, ZipkinSpan>;
  first: ZipkinSpan;
  primaryHere: boolean;
}

/** Model spans from Zipkin spans; spans of one process share one Resource object, spans of one scope one Scope. */
class SpanBuilder {
  private readonly resources = new Map<string, Resource>();
  private readonly scopes = new Map<string, Scope>();

  build(spans: ZipkinSpan[]): Span[] {
    return spans.map((z) => this.span(z));
  }

  private span(z: ZipkinSpan): Span {
    const startUs = z.timestampUs ?? minAnnotation(z) ?? 0n;
    const durationUs = z.durationUs ?? latestAnnotation(z, startUs) - startUs;
    const attributes = newAttributes();
    for (const [key, value] of z.tags) if (!STATUS_TAGS.includes(key) && !SCOPE_TAGS.includes(key)) attributes[key] = value;
    if (z.remote?.serviceName) attributes['peer.service'] = z.remote.serviceName;
    if (z.remote?.ipv4 || z.remote?.ipv6) attributes['network.peer.address'] = z.remote.ipv4 || z.remote.ipv6;
    if (z.remote?.port) attributes['network.peer.port'] = BigInt(z.remote.port);
    if (z.debug) attributes['zipkin.debug'] = true;
    return {
      traceId: z.traceId,
      spanId: z.id,
      parentSpanId: z.parentId,
      traceState: '',
      flags: 0,
      name: z.name,
      kind: (z.kind || 'INTERNAL') as SpanKind,
      startTimeUnixNano: startUs * 1000n,
      endTimeUnixNano: (startUs + durationUs) * 1000n,
      attributes,
      droppedAttributesCount: 0,
      events: z.annotations.map((a) => ({ timeUnixNano: a.timestampUs * 1000n, name: a.value, attributes: newAttributes(), droppedAttributesCount: 0 })),
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: status(z.tags),
      resource: this.resource(z.local),
      scope: this.scope(z.tags),
    };
  }

  private resource(local: ZipkinEndpoint | undefined): Resource {
    const key = endpointKey(local);
    let resource = this.resources.get(key);
    if (!resource) {
      const attributes: Attributes = newAttributes();
      if (local?.serviceName) attributes['service.name'] = local.serviceName;
      if (local?.ipv4 || local?.ipv6) attributes['network.local.address'] = local.ipv4 || local.ipv6;
      if (local?.port) attributes['network.local.port'] = BigInt(local.port);
      resource = { attributes, droppedAttributesCount: 0, schemaUrl: '' };
      this.resources.set(key, resource);
    }
    return resource;
  }

  private scope(tags: Map<string, string>): Scope {
    const name = tags.get('otel.scope.name') ?? tags.get('otel.library.name') ?? '';
    const version = tags.get('otel.scope.version') ?? tags.get('otel.library.version') ?? '';
    const key = `${name}|${version}`;
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = { name, version, attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
      this.scopes.set(key, scope);
    }
    return scope;
  }
}

function status(tags: Map<string, string>): { code: StatusCode; message: string } {
  const code = tags.get('otel.status_code');
  const error = tags.get('error');
  const message = tags.get('otel.status_description') ?? (error === 'true' ? '' : (error ?? ''));
  if (code === 'OK') return { code: 'OK', message: '' };
  if (code === 'ERROR' || error !== undefined) return { code: 'ERROR', message };
  return { code: 'UNSET', message: '' };
}

const minAnnotation = (z: ZipkinSpan) => (z.annotations.length === 0 ? undefined : z.annotations.reduce((m, a) => (a.timestampUs < m ? a.timestampUs : m), z.annotations[0].timestampUs));
/** The latest annotation, or `startUs` when none is later: without a duration a span lasts to its last annotation. */
const latestAnnotation = (z: ZipkinSpan, startUs: bigint) => z.annotations.reduce((m, a) => (a.timestampUs > m ? a.timestampUs : m), startUs);
