/** Spans turned into the rows the writer inserts: built on the receiving thread, applied on the writer thread. */
import { anyValueText } from '../model/any-value-text';
import { serviceOf, SPAN_KINDS, STATUS_CODES, type Attributes, type Resource, type Scope, type Span } from '../model/span';
import { ProtobufWriter } from '../otlp/protobuf-writer';
import { attributeHash } from './attribute-hash';
import type { KeyDictionary } from './key-dictionary';
import { writeResourceBody, writeScopeBody, writeSpanBody } from './span-body-codec';

export interface EncodedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  startNs: bigint;
  durationNs: bigint;
  name: string;
  kind: number;
  status: number;
  /** Index into EncodedBatch.resources / scopes. */
  resource: number;
  scope: number;
  /** [start, end) of this span's body in EncodedBatch.bodies. */
  bodyStart: number;
  bodyEnd: number;
}

export interface EncodedTraceIndex {
  traceId: string;
  /** Distinct attribute hashes of this trace's spans in the batch (span, resource, scope, event, link). */
  hashes: number[];
}

export interface EncodedBatch {
  spans: EncodedSpan[];
  resources: { service: string; body: Uint8Array }[];
  scopes: { body: Uint8Array }[];
  traces: EncodedTraceIndex[];
  /** Attribute keys first used by this batch: id → key. */
  newKeys: [number, string][];
  bodies: Uint8Array;
}

export function encodeBatch(spans: Span[], keys: KeyDictionary): EncodedBatch {
  const w = new ProtobufWriter(spans.length * 256 + 1024);
  const resourceIndex = new Map<Resource, number>();
  const scopeIndex = new Map<Scope, number>();
  const resources: EncodedBatch['resources'] = [];
  const scopes: EncodedBatch['scopes'] = [];
  const resourceHashes: number[][] = [];
  const scopeHashes: number[][] = [];
  const traceHashes = new Map<string, Set<number>>();
  const encoded: EncodedSpan[] = new Array(spans.length);

  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    let resource = resourceIndex.get(span.resource);
    if (resource === undefined) {
      resource = resources.length;
      resourceIndex.set(span.resource, resource);
      const start = w.pos;
      writeResourceBody(w, span.resource, keys);
      resources.push({ service: serviceOf(span.resource), body: w.copyFrom(start) });
      resourceHashes.push(hashesOf(span.resource.attributes, []));
      w.pos = start;
    }
    let scope = scopeIndex.get(span.scope);
    if (scope === undefined) {
      scope = scopes.length;
      scopeIndex.set(span.scope, scope);
      const start = w.pos;
      writeScopeBody(w, span.scope, keys);
      scopes.push({ body: w.copyFrom(start) });
      scopeHashes.push(hashesOf(span.scope.attributes, []));
      w.pos = start;
    }

    let hashes = traceHashes.get(span.traceId);
    if (hashes === undefined) {
      hashes = new Set();
      traceHashes.set(span.traceId, hashes);
    }
    addAll(hashes, resourceHashes[resource]);
    addAll(hashes, scopeHashes[scope]);
    addAll(hashes, hashesOf(span.attributes, []));
    for (const e of span.events) addAll(hashes, hashesOf(e.attributes, []));
    for (const l of span.links) addAll(hashes, hashesOf(l.attributes, []));

    const bodyStart = w.pos;
    writeSpanBody(w, { ...span, statusMessage: span.status.message }, keys);
    encoded[i] = {
      traceId: span.traceId,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId,
      startNs: span.startTimeUnixNano,
      durationNs: span.endTimeUnixNano - span.startTimeUnixNano,
      name: span.name,
      kind: SPAN_KINDS.indexOf(span.kind),
      status: STATUS_CODES.indexOf(span.status.code),
      resource,
      scope,
      bodyStart,
      bodyEnd: w.pos,
    };
  }
  const traces: EncodedTraceIndex[] = [];
  for (const [traceId, hashes] of traceHashes) traces.push({ traceId, hashes: [...hashes] });
  return { spans: encoded, resources, scopes, traces, newKeys: keys.takeNew(), bodies: ownCopy(w.view()) };
}

/** A copy with an ArrayBuffer of its own, safe to transfer to the writer thread (pooled Buffers are not). */
function ownCopy(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

function hashesOf(attributes: Attributes, into: number[]): number[] {
  for (const key of Object.keys(attributes)) into.push(attributeHash(key, anyValueText(attributes[key])));
  return into;
}

function addAll(set: Set<number>, values: number[]): void {
  for (const v of values) set.add(v);
}
