/**
 * An OTLP protobuf ExportTraceServiceRequest packed straight into store rows, without building model spans:
 * attribute values, events and links are copied as the bytes they arrived as. The receiving thread's
 * hot path; `packSpans(decodeTraceRequestProtobuf(body))` gives the same batch, byte for byte.
 */
import { anyValueText } from '../model/any-value-text';
import { newAttributes, type Attributes, type Resource, type Scope, type SpanEvent, type SpanLink } from '../model/span';
import { invalidIdReason, Rejections } from '../otlp/decode-result';
import { forEachSpanMessage, readAnyValue, readEvent, readKeyValue, readLink } from '../otlp/decode-protobuf';
import { ProtobufReader, utf8, WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH_DELIMITED } from '../otlp/protobuf-reader';
import type { ProtobufWriter } from '../otlp/protobuf-writer';
import { uintField, writeEvent, writeLink } from '../otlp/encode-protobuf';
import { finishHash, finishHashAscii } from './attribute-hash';
import { callsOut, peerLabel, peerOfAttributes } from './peer-attributes';
import { BatchBuilder, hashAttributes, type EncodedBatch } from './encoded-batch';
import { BytesInterner } from './bytes-interner';
import type { KeyDictionary } from './key-dictionary';
import {
  BODY_ATTRIBUTES,
  BODY_DROPPED_ATTRIBUTES,
  BODY_DROPPED_EVENTS,
  BODY_DROPPED_LINKS,
  BODY_EVENT,
  BODY_FLAGS,
  BODY_LINK,
  BODY_STATUS_MESSAGE,
  BODY_TRACE_STATE,
  writeAttributeBlock,
} from './span-body-codec';
import { DEFAULT_SPAN_LIMITS, withLimitedAttributes, type SpanLimits } from './span-limits';

/** Span names recur across requests: decoded once each, within 4 MiB (bytes-interner.ts). */
const spanNames = new BytesInterner<string>((name) => name, 4 << 20);

export interface PackResult {
  batch: EncodedBatch;
  rejectedSpans: number;
  rejectionReasons: string[];
}

/**
 * Attributes past `limits` are dropped and counted, long values cut (span-limits.ts), as `packSpans` does. Only
 * a span that may be past them (more attributes than the limit, or a message longer than the value limit) leaves
 * the byte-copying path: the common case pays two comparisons.
 */
export function packOtlpProtobuf(body: Buffer, keys: KeyDictionary, limits: SpanLimits = DEFAULT_SPAN_LIMITS): PackResult {
  const packer = new Packer(body, new BatchBuilder(keys, limits));
  forEachSpanMessage(body, (span, resource, scope) => packer.span(span, resource, scope));
  return { batch: packer.builder.build(), rejectedSpans: packer.rejections.count, rejectionReasons: packer.rejections.reasons };
}

class Packer {
  readonly rejections = new Rejections();
  /** Reused for every KeyValue and value: the hot loop allocates no readers. */
  private readonly kv: ProtobufReader;
  private readonly resourceIndex = new Map<Resource, number>();
  private readonly scopeIndex = new Map<Scope, number>();

  constructor(
    private readonly buf: Buffer,
    readonly builder: BatchBuilder,
  ) {
    this.kv = new ProtobufReader(buf);
  }

  span(r: ProtobufReader, resource: Resource, scope: Scope): void {
    const buf = this.buf;
    const messageBytes = r.end - r.pos;
    let traceIdStart = 0;
    let traceIdEnd = 0;
    let spanIdStart = 0;
    let spanIdEnd = 0;
    let parentStart = 0;
    let parentEnd = 0;
    let traceStateStart = 0;
    let traceStateEnd = 0;
    let statusMessageStart = 0;
    let statusMessageEnd = 0;
    let name = '';
    let kind = 0;
    let start = 0n;
    let end = 0n;
    let flags = 0;
    let droppedAttributes = 0;
    let droppedEvents = 0;
    let droppedLinks = 0;
    let statusCode = 0;
    const attributes = this.attributeRanges;
    const events = this.eventRanges;
    const links = this.linkRanges;
    attributes.length = 0;
    events.length = 0;
    links.length = 0;
    while (!r.done()) {
      switch (r.tag()) {
        case 1:
          r.skipBytes();
          traceIdStart = r.bytesStart;
          traceIdEnd = r.pos;
          break;
        case 2:
          r.skipBytes();
          spanIdStart = r.bytesStart;
          spanIdEnd = r.pos;
          break;
        case 3:
          r.skipBytes();
          traceStateStart = r.bytesStart;
          traceStateEnd = r.pos;
          break;
        case 4:
          r.skipBytes();
          parentStart = r.bytesStart;
          parentEnd = r.pos;
          break;
        case 5:
          r.skipBytes();
          name = spanNames.get(buf, r.bytesStart, r.pos);
          break;
        case 6:
          kind = r.uint32();
          break;
        case 7:
          r.expect(WIRE_FIXED64, 'start_time_unix_nano');
          start = r.fixed64();
          break;
        case 8:
          r.expect(WIRE_FIXED64, 'end_time_unix_nano');
          end = r.fixed64();
          break;
        case 9:
          r.expect(WIRE_LENGTH_DELIMITED, 'attributes');
          r.skipBytes();
          attributes.push(r.bytesStart, r.pos);
          break;
        case 10:
          droppedAttributes = r.uint32();
          break;
        case 11:
          r.expect(WIRE_LENGTH_DELIMITED, 'events');
          r.skipBytes();
          events.push(r.bytesStart, r.pos);
          break;
        case 12:
          droppedEvents = r.uint32();
          break;
        case 13:
          r.expect(WIRE_LENGTH_DELIMITED, 'links');
          r.skipBytes();
          links.push(r.bytesStart, r.pos);
          break;
        case 14:
          droppedLinks = r.uint32();
          break;
        case 15: {
          r.expect(WIRE_LENGTH_DELIMITED, 'status');
          const status = r.message();
          while (!status.done()) {
            const field = status.tag();
            if (field === 2) {
              status.skipBytes();
              statusMessageStart = status.bytesStart;
              statusMessageEnd = status.pos;
            } else if (field === 3) statusCode = status.uint32();
            else status.skip();
          }
          break;
        }
        case 16:
          r.expect(WIRE_FIXED32, 'flags');
          flags = r.fixed32();
          break;
        default:
          r.skip();
      }
    }
    if (parentEnd - parentStart === 8 && isZero(buf, parentStart, parentEnd)) parentEnd = parentStart;
    if (!validIds(buf, traceIdStart, traceIdEnd, spanIdStart, spanIdEnd, parentEnd - parentStart)) {
      const hex = (from: number, to: number) => buf.hexSlice(from, to);
      this.rejections.add(`span "${name}": ${invalidIdReason(hex(traceIdStart, traceIdEnd), hex(spanIdStart, spanIdEnd), hex(parentStart, parentEnd))}`);
      return;
    }
    // Resources and scopes enter the batch with their first valid span, as in `packSpans`.
    let resourceIndex = this.resourceIndex.get(resource);
    if (resourceIndex === undefined) this.resourceIndex.set(resource, (resourceIndex = this.builder.addResource(resource)));
    let scopeIndex = this.scopeIndex.get(scope);
    if (scopeIndex === undefined) this.scopeIndex.set(scope, (scopeIndex = this.builder.addScope(scope)));
    const limits = this.builder.limits;
    const limited = attributes.length > 2 * limits.maxAttributes || messageBytes > limits.maxValueBytes ? this.limitedAttributes(droppedAttributes) : undefined;
    if (limited) droppedAttributes = limited.droppedAttributesCount;
    const traceIdHex = this.traceIdHex(traceIdStart);
    const hashes = this.builder.hashesOf(traceIdHex);
    const w = this.builder.bodies;
    const bodyStart = w.pos;
    uintField(w, BODY_FLAGS, flags);
    if (traceStateEnd > traceStateStart) {
      w.tag(BODY_TRACE_STATE, WIRE_LENGTH_DELIMITED);
      w.lengthDelimited(buf, traceStateStart, traceStateEnd);
    }
    uintField(w, BODY_DROPPED_ATTRIBUTES, droppedAttributes);
    uintField(w, BODY_DROPPED_EVENTS, droppedEvents);
    uintField(w, BODY_DROPPED_LINKS, droppedLinks);
    if (statusMessageEnd > statusMessageStart) {
      w.tag(BODY_STATUS_MESSAGE, WIRE_LENGTH_DELIMITED);
      w.lengthDelimited(buf, statusMessageStart, statusMessageEnd);
    }
    this.peerRank = 0;
    this.peer = '';
    this.wantPeer = callsOut(kind);
    this.kind = kind;
    if (limited) this.writeLimitedAttributes(limited.attributes, hashes);
    else if (attributes.length > 0) {
      const block = w.beginMessage(BODY_ATTRIBUTES);
      for (let i = 0; i < attributes.length; i += 2) this.attribute(attributes[i], attributes[i + 1], hashes);
      w.endMessage(block);
    }
    for (let i = 0; i < events.length; i += 2) this.eventOrLink(BODY_EVENT, events[i], events[i + 1], readEvent, writeEvent, hashes);
    for (let i = 0; i < links.length; i += 2) this.eventOrLink(BODY_LINK, links[i], links[i + 1], readLink, writeLink, hashes);
    this.builder.addRow({
      traceId: traceIdHex,
      spanId: buf.subarray(spanIdStart, spanIdEnd),
      parentId: parentEnd > parentStart ? buf.subarray(parentStart, parentEnd) : undefined,
      kind: kind < 6 ? kind : 0,
      status: statusCode < 3 ? statusCode : 0,
      hasEvents: events.length > 0,
      peer: this.peer,
      start,
      duration: end - start,
      name,
      resource: resourceIndex,
      scope: scopeIndex,
      bodyStart,
    });
  }

  private lastTraceIdStart = -1;
  private lastTraceIdHex = '';

  /** Spans of one trace usually come together: compare with the last trace id before making a new string. */
  private traceIdHex(start: number): string {
    const buf = this.buf;
    const last = this.lastTraceIdStart;
    if (last >= 0) {
      let same = true;
      for (let i = 0; i < 16; i++) {
        if (buf[start + i] !== buf[last + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastTraceIdHex;
    }
    this.lastTraceIdStart = start;
    this.lastTraceIdHex = buf.hexSlice(start, start + 16);
    return this.lastTraceIdHex;
  }

  private readonly attributeRanges: number[] = [];
  private readonly eventRanges: number[] = [];
  private readonly linkRanges: number[] = [];

  /** Copies one KeyValue into the body's attribute block under its key's id, and hashes its text form. */
  private attribute(start: number, end: number, hashes: Set<number>): void {
    const kv = this.kv.reset(start, end);
    let keyStart = 0;
    let keyEnd = 0;
    let valueStart = 0;
    let valueEnd = 0;
    while (!kv.done()) {
      const field = kv.tag();
      if (field === 1) {
        kv.skipBytes();
        keyStart = kv.bytesStart;
        keyEnd = kv.pos;
      } else if (field === 2) {
        kv.expect(WIRE_LENGTH_DELIMITED, 'attribute value');
        kv.skipBytes();
        valueStart = kv.bytesStart;
        valueEnd = kv.pos;
      } else kv.skip();
    }
    const key = this.builder.keys.fromBytes(this.buf, keyStart, keyEnd);
    const w = this.builder.bodies;
    w.uint32(key.id);
    w.lengthDelimited(this.buf, valueStart, valueEnd);
    hashes.add(this.valueHash(key.hashState, valueStart, valueEnd));
    if (this.wantPeer && key.peerRank !== 0 && (this.peerRank === 0 || key.peerRank < this.peerRank)) {
      const value = readAnyValue(this.kv.reset(valueStart, valueEnd), 0);
      if (typeof value === 'string' && value !== '') {
        this.peerRank = key.peerRank;
        this.peer = peerLabel(key.peerRank, value, this.kind);
      }
    }
  }

  /** The span's attributes (its KeyValue ranges) decoded and limited: the path of a span that may be past the limits. */
  private limitedAttributes(droppedAttributesCount: number): { attributes: Attributes; droppedAttributesCount: number } {
    const attributes = newAttributes();
    const ranges = this.attributeRanges;
    for (let i = 0; i < ranges.length; i += 2) readKeyValue(new ProtobufReader(this.buf, ranges[i], ranges[i + 1]), attributes);
    return withLimitedAttributes({ attributes, droppedAttributesCount }, this.builder.limits);
  }

  /** Limited attributes written as `packSpans` writes them: the same bytes, hashes and peer. */
  private writeLimitedAttributes(attributes: Attributes, hashes: Set<number>): void {
    writeAttributeBlock(this.builder.bodies, attributes, this.builder.keys);
    for (const h of hashAttributes(attributes, [])) hashes.add(h);
    if (this.wantPeer) this.peer = peerOfAttributes(attributes, this.kind);
  }

  /**
   * An event or link, decoded for its attribute hashes anyway: copied as it came, or, when it may be past the
   * limits, written anew with its attributes limited.
   */
  private eventOrLink<T extends SpanEvent | SpanLink>(
    field: number,
    start: number,
    end: number,
    read: (r: ProtobufReader) => T,
    write: (w: ProtobufWriter, field: number, item: T) => void,
    hashes: Set<number>,
  ): void {
    const item = read(new ProtobufReader(this.buf, start, end));
    const limits = this.builder.limits;
    const itemHashes = hashAttributes(item.attributes, []);
    if (itemHashes.length > limits.maxAttributes || end - start > limits.maxValueBytes) {
      const limited = withLimitedAttributes(item, limits);
      write(this.builder.bodies, field, limited);
      for (const h of hashAttributes(limited.attributes, [])) hashes.add(h);
    } else {
      this.builder.bodies.tag(field, WIRE_LENGTH_DELIMITED);
      this.builder.bodies.lengthDelimited(this.buf, start, end);
      for (const h of itemHashes) hashes.add(h);
    }
  }

  /** The service-map peer of the span being packed (client and producer spans only). */
  private wantPeer = false;
  private kind = 0;
  private peerRank = 0;
  private peer = '';

  private valueHash(keyState: number, start: number, end: number): number {
    // The common case, a lone ASCII string_value: hash its bytes, never building the text.
    if (end - start >= 2 && this.buf[start] === 0x0a) {
      const r = this.kv.reset(start + 1, end);
      const length = r.uint32();
      if (r.pos + length === end) return finishHashAscii(keyState, this.buf, r.pos, end) ?? finishHash(keyState, utf8(this.buf, r.pos, end));
    }
    return finishHash(keyState, anyValueText(readAnyValue(this.kv.reset(start, end), 0)));
  }
}

function isZero(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}

function validIds(buf: Buffer, traceStart: number, traceEnd: number, spanStart: number, spanEnd: number, parentLength: number): boolean {
  return (
    traceEnd - traceStart === 16 &&
    !isZero(buf, traceStart, traceEnd) &&
    spanEnd - spanStart === 8 &&
    !isZero(buf, spanStart, spanEnd) &&
    (parentLength === 0 || parentLength === 8)
  );
}
