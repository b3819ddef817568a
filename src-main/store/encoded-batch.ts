/**
 * Spans packed into the rows the writer inserts. Built on the receiving thread (from model spans, or straight
 * from an OTLP protobuf request), transferred to the writer thread without copying, read there by offset.
 */
import { anyValueText } from '../model/any-value-text';
import { serviceOf, SPAN_KINDS, STATUS_CODES, type Attributes, type Resource, type Scope, type Span } from '../model/span';
import { Rejections } from '../otlp/decode-result';
import { ProtobufWriter } from '../otlp/protobuf-writer';
import { attributeHash } from './attribute-hash';
import type { KeyDictionary } from './key-dictionary';
import { callsOut, peerOfAttributes } from './peer-attributes';
import { writeResourceBody, writeScopeBody, writeSpanBody } from './span-body-codec';
import { DEFAULT_SPAN_LIMITS, limitSpan, withLimitedAttributes, type SpanLimits } from './span-limits';

/** One span row in EncodedBatch.rows, little-endian. */
export const ROW_BYTES = 64;
export const ROW = {
  trace: 0, // u32 index into traceIds
  spanId: 4, // 8 bytes
  parentId: 12, // 8 bytes
  hasParent: 20, // u8
  kind: 21, // u8
  status: 22, // u8
  hasEvents: 23, // u8
  start: 24, // u64 ns
  duration: 32, // i64 ns
  name: 40, // u32 index into names
  resource: 44, // u32
  scope: 48, // u32
  bodyStart: 52, // u32
  bodyEnd: 56, // u32
  peer: 60, // u32: 1 + index into peers, 0 for none
} as const;

export interface EncodedBatch {
  spanCount: number;
  rows: Uint8Array;
  bodies: Uint8Array;
  traceIds: string[];
  /** Distinct attribute hashes of each trace: hashes[hashOffsets[i] .. hashOffsets[i + 1]) for traceIds[i]. */
  hashes: Int32Array;
  hashOffsets: Uint32Array;
  names: string[];
  /** Peer labels (peer-attributes.ts) of client and producer spans. */
  peers: string[];
  resources: { service: string; body: Uint8Array }[];
  scopes: Uint8Array[];
  /** Attribute keys first used by this batch: id → key. */
  newKeys: [number, string][];
}

/** Accumulates spans into an EncodedBatch; the OTLP protobuf packer and `packSpans` both fill one. */
export class BatchBuilder {
  readonly bodies = new ProtobufWriter(64 * 1024);
  private rows = Buffer.alloc(64 * ROW_BYTES); // zeroed: padding and absent parent ids read as zeros
  private spanCount = 0;
  private readonly traceIndex = new Map<string, number>();
  private readonly traceHashes: Set<number>[] = [];
  private readonly nameIndex = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly peerIndex = new Map<string, number>();
  private readonly peers: string[] = [];
  private readonly resources: EncodedBatch['resources'] = [];
  private readonly resourceHashes: number[][] = [];
  private readonly scopes: Uint8Array[] = [];
  private readonly scopeHashes: number[][] = [];
  private readonly scratch = new ProtobufWriter(1024);

  constructor(
    readonly keys: KeyDictionary,
    readonly limits: SpanLimits,
  ) {}

  addResource(given: Resource): number {
    const resource = withLimitedAttributes(given, this.limits);
    this.scratch.reset();
    writeResourceBody(this.scratch, resource);
    this.resources.push({ service: serviceOf(resource), body: ownCopy(this.scratch.view()) });
    this.resourceHashes.push(hashAttributes(resource.attributes, []));
    return this.resources.length - 1;
  }

  addScope(given: Scope): number {
    const scope = withLimitedAttributes(given, this.limits);
    this.scratch.reset();
    writeScopeBody(this.scratch, scope);
    this.scopes.push(ownCopy(this.scratch.view()));
    this.scopeHashes.push(hashAttributes(scope.attributes, []));
    return this.scopes.length - 1;
  }

  /** The hash set of a trace in this batch, for the span being added. */
  hashesOf(traceId: string): Set<number> {
    let index = this.traceIndex.get(traceId);
    if (index === undefined) {
      index = this.traceHashes.length;
      this.traceIndex.set(traceId, index);
      this.traceHashes.push(new Set());
    }
    return this.traceHashes[index];
  }

  /** Adds a span row whose body was just written to `bodies` from `bodyStart` (parentId undefined for a root). */
  addRow(row: {
    traceId: string;
    spanId: Uint8Array;
    parentId: Uint8Array | undefined;
    kind: number;
    status: number;
    hasEvents: boolean;
    /** Peer label, '' for none. */
    peer: string;
    start: bigint;
    duration: bigint;
    name: string;
    resource: number;
    scope: number;
    bodyStart: number;
  }): void {
    const hashes = this.hashesOf(row.traceId);
    for (const h of this.resourceHashes[row.resource]) hashes.add(h);
    for (const h of this.scopeHashes[row.scope]) hashes.add(h);
    if ((this.spanCount + 1) * ROW_BYTES > this.rows.length) {
      const grown = Buffer.alloc(this.rows.length * 2);
      this.rows.copy(grown);
      this.rows = grown;
    }
    const o = this.spanCount++ * ROW_BYTES;
    const rows = this.rows;
    let name = this.nameIndex.get(row.name);
    if (name === undefined) {
      name = this.names.push(row.name) - 1;
      this.nameIndex.set(row.name, name);
    }
    rows.writeUInt32LE(this.traceIndex.get(row.traceId)!, o + ROW.trace);
    rows.set(row.spanId, o + ROW.spanId);
    if (row.parentId) rows.set(row.parentId, o + ROW.parentId);
    rows[o + ROW.hasParent] = row.parentId ? 1 : 0;
    rows[o + ROW.kind] = row.kind;
    rows[o + ROW.status] = row.status;
    rows[o + ROW.hasEvents] = row.hasEvents ? 1 : 0;
    if (row.peer !== '') {
      let peer = this.peerIndex.get(row.peer);
      if (peer === undefined) this.peerIndex.set(row.peer, (peer = this.peers.push(row.peer) - 1));
      rows.writeUInt32LE(peer + 1, o + ROW.peer);
    }
    rows.writeBigUInt64LE(BigInt.asUintN(64, row.start), o + ROW.start);
    rows.writeBigInt64LE(BigInt.asIntN(64, row.duration), o + ROW.duration);
    rows.writeUInt32LE(name, o + ROW.name);
    rows.writeUInt32LE(row.resource, o + ROW.resource);
    rows.writeUInt32LE(row.scope, o + ROW.scope);
    rows.writeUInt32LE(row.bodyStart, o + ROW.bodyStart);
    rows.writeUInt32LE(this.bodies.pos, o + ROW.bodyEnd);
  }

  build(): EncodedBatch {
    const traceIds = [...this.traceIndex.keys()];
    const hashOffsets = new Uint32Array(traceIds.length + 1);
    let total = 0;
    for (let i = 0; i < traceIds.length; i++) {
      hashOffsets[i] = total;
      total += this.traceHashes[i].size;
    }
    hashOffsets[traceIds.length] = total;
    const hashes = new Int32Array(total);
    let at = 0;
    for (const set of this.traceHashes) for (const h of set) hashes[at++] = h;
    return {
      spanCount: this.spanCount,
      rows: ownCopy(this.rows.subarray(0, this.spanCount * ROW_BYTES)),
      bodies: ownCopy(this.bodies.view()),
      traceIds,
      hashes,
      hashOffsets,
      names: this.names,
      peers: this.peers,
      resources: this.resources,
      scopes: this.scopes,
      newKeys: this.keys.takeNew(),
    };
  }
}

export interface PackResult {
  batch: EncodedBatch;
  rejectedSpans: number;
  rejectionReasons: string[];
}

/** The latest time SQLite's signed 64-bit integer holds, in nanoseconds (the year 2262). */
const MAX_TIME_NS = 2n ** 63n - 1n;

/**
 * Why the store cannot hold a span of these times ('' when it can): its times are columns of SQLite's signed
 * 64-bit integers, and a uint64 time past them would fail the whole transaction it is written in.
 */
export function timeRefusal(traceId: string, spanId: string, start: bigint, end: bigint): string {
  const [field, value] = start > MAX_TIME_NS ? ['start_time_unix_nano', start] : end > MAX_TIME_NS ? ['end_time_unix_nano', end] : ['', 0n];
  if (field === '') return '';
  return `span ${spanId} of trace ${traceId}: ${field} ${value} is past ${MAX_TIME_NS} ns (the year 2262), the latest time the store holds`;
}

/** Model spans → an EncodedBatch (Zipkin, archives, tests), within the limits; spans the store cannot hold are refused. */
export function packSpans(spans: Span[], keys: KeyDictionary, limits: SpanLimits = DEFAULT_SPAN_LIMITS): PackResult {
  const builder = new BatchBuilder(keys, limits);
  const rejections = new Rejections();
  const resourceIndex = new Map<Resource, number>();
  const scopeIndex = new Map<Scope, number>();
  for (const given of spans) {
    const refusal = timeRefusal(given.traceId, given.spanId, given.startTimeUnixNano, given.endTimeUnixNano);
    if (refusal !== '') {
      rejections.add(refusal);
      continue;
    }
    const span = limitSpan(given, limits);
    let resource = resourceIndex.get(span.resource);
    if (resource === undefined) resourceIndex.set(span.resource, (resource = builder.addResource(span.resource)));
    let scope = scopeIndex.get(span.scope);
    if (scope === undefined) scopeIndex.set(span.scope, (scope = builder.addScope(span.scope)));
    const hashes = builder.hashesOf(span.traceId);
    const spanHashes = hashAttributes(span.attributes, []);
    for (const e of span.events) hashAttributes(e.attributes, spanHashes);
    for (const l of span.links) hashAttributes(l.attributes, spanHashes);
    for (const h of spanHashes) hashes.add(h);
    const bodyStart = builder.bodies.pos;
    writeSpanBody(builder.bodies, { ...span, statusMessage: span.status.message }, keys);
    builder.addRow({
      traceId: span.traceId,
      spanId: Buffer.from(span.spanId, 'hex'),
      parentId: span.parentSpanId === '' ? undefined : Buffer.from(span.parentSpanId, 'hex'),
      kind: SPAN_KINDS.indexOf(span.kind),
      status: STATUS_CODES.indexOf(span.status.code),
      hasEvents: span.events.length > 0,
      peer: callsOut(SPAN_KINDS.indexOf(span.kind)) ? peerOfAttributes(span.attributes, SPAN_KINDS.indexOf(span.kind)) : '',
      start: span.startTimeUnixNano,
      duration: span.endTimeUnixNano - span.startTimeUnixNano,
      name: span.name,
      resource,
      scope,
      bodyStart,
    });
  }
  return { batch: builder.build(), rejectedSpans: rejections.count, rejectionReasons: rejections.reasons };
}

export function hashAttributes(attributes: Attributes, into: number[]): number[] {
  for (const key of Object.keys(attributes)) into.push(attributeHash(key, anyValueText(attributes[key])));
  return into;
}

/** A copy with an ArrayBuffer of its own, safe to transfer to the writer thread (pooled Buffers are not). */
export function ownCopy(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}
