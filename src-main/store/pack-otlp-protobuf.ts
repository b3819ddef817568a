/**
 * An OTLP protobuf ExportTraceServiceRequest packed straight into store rows, without building model spans:
 * attribute values, events and links are copied as the bytes they arrived as. The receiving thread's
 * hot path; `packSpans(decodeTraceRequestProtobuf(body))` gives the same batch, byte for byte.
 */
import { anyValueText } from '../model/any-value-text';
import { newAttributes, type Attributes, type Resource, type Scope, type SpanEvent, type SpanLink } from '../model/span';
import { invalidIdReason, Rejections } from '../otlp/decode-result';
import { forEachSpanMessage, readAnyValue, readEvent, readKeyValue, readLink, type ArrayCap } from '../otlp/decode-protobuf';
import { TAG, type LEN, type Tag } from '../otlp/otlp-schema';
import { ProtobufReader, utf8 } from '../otlp/protobuf-reader';
import type { ProtobufWriter } from '../otlp/protobuf-writer';
import { uintField, writeEvent, writeLink } from '../otlp/encode-protobuf';
import { finishHash, finishHashAscii } from './attribute-hash';
import { callsOut, peerLabel, peerOfAttributes } from './peer-attributes';
import { BatchBuilder, hashAttributes, timeRefusal, type PackResult } from './encoded-batch';
import { BytesInterner } from './bytes-interner';
import type { KeyDictionary } from './key-dictionary';
import { writeAttributeBlock } from './span-body-codec';
import { DEFAULT_SPAN_LIMITS, entriesMarker, MAX_EVENTS_PER_SPAN, MAX_LINKS_PER_SPAN, MAX_VALUE_NESTING, withLimitedAttributes, type SpanLimits } from './span-limits';

const SPAN = TAG.Span;
const BODY = TAG.SpanBody;
const STATUS = TAG.Status;
const KEY_VALUE = TAG.KeyValue;
const ANY_VALUE = TAG.AnyValue;
const ARRAY_VALUE = TAG.ArrayValue;
const KEY_VALUE_LIST = TAG.KeyValueList;

/** Span names recur across requests: decoded once each, within 4 MiB (bytes-interner.ts). */
const spanNames = new BytesInterner<string>((name) => name, 4 << 20);

/**
 * Attributes past `limits` are dropped and counted, long values cut (span-limits.ts), as `packSpans` does. Only
 * a span that may be past them (more attributes than the limit, or a message longer than the value limit) leaves
 * the byte-copying path: the common case pays two comparisons.
 */
export function packOtlpProtobuf(body: Buffer, keys: KeyDictionary, limits: SpanLimits = DEFAULT_SPAN_LIMITS): PackResult {
  const packer = new Packer(body, new BatchBuilder(keys, limits));
  // Resources and scopes are limited (and written anew) by the batch: their arrays need reading only as far as the limit.
  const cap: ArrayCap = { maxEntries: limits.maxValueEntries, marker: entriesMarker };
  forEachSpanMessage(body, (span, resource, scope) => packer.span(span, resource, scope), cap);
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
        case SPAN.traceId:
          r.skipBytes();
          traceIdStart = r.bytesStart;
          traceIdEnd = r.pos;
          break;
        case SPAN.spanId:
          r.skipBytes();
          spanIdStart = r.bytesStart;
          spanIdEnd = r.pos;
          break;
        case SPAN.traceState:
          r.skipBytes();
          traceStateStart = r.bytesStart;
          traceStateEnd = r.pos;
          break;
        case SPAN.parentSpanId:
          r.skipBytes();
          parentStart = r.bytesStart;
          parentEnd = r.pos;
          break;
        case SPAN.name:
          r.skipBytes();
          name = spanNames.get(buf, r.bytesStart, r.pos);
          break;
        case SPAN.kind:
          kind = r.uint32();
          break;
        case SPAN.startTimeUnixNano:
          start = r.fixed64();
          break;
        case SPAN.endTimeUnixNano:
          end = r.fixed64();
          break;
        case SPAN.attributes:
          r.skipBytes();
          attributes.push(r.bytesStart, r.pos);
          break;
        case SPAN.droppedAttributesCount:
          droppedAttributes = r.uint32();
          break;
        case SPAN.events:
          r.skipBytes();
          events.push(r.bytesStart, r.pos);
          break;
        case SPAN.droppedEventsCount:
          droppedEvents = r.uint32();
          break;
        case SPAN.links:
          r.skipBytes();
          links.push(r.bytesStart, r.pos);
          break;
        case SPAN.droppedLinksCount:
          droppedLinks = r.uint32();
          break;
        case SPAN.status: {
          const status = r.message();
          while (!status.done()) {
            const tag = status.tag();
            if (tag === STATUS.message) {
              status.skipBytes();
              statusMessageStart = status.bytesStart;
              statusMessageEnd = status.pos;
            } else if (tag === STATUS.code) statusCode = status.uint32();
            else status.skip();
          }
          break;
        }
        case SPAN.flags:
          flags = r.fixed32();
          break;
        default:
          r.skip();
      }
    }
    if (parentEnd - parentStart === 8 && isZero(buf, parentStart, parentEnd)) parentEnd = parentStart;
    if (!validIds(buf, traceIdStart, traceIdEnd, spanIdStart, spanIdEnd, parentEnd - parentStart)) {
      const hex = (from: number, to: number) => buf.hexSlice(from, to);
      this.refuse(`span "${name}": ${invalidIdReason(hex(traceIdStart, traceIdEnd), hex(spanIdStart, spanIdEnd), hex(parentStart, parentEnd))}`);
      return;
    }
    const refusal = timeRefusal(buf.hexSlice(traceIdStart, traceIdEnd), buf.hexSlice(spanIdStart, spanIdEnd), start, end);
    if (refusal !== '') {
      this.refuse(refusal);
      return;
    }
    // Resources and scopes enter the batch with their first valid span, as in `packSpans`.
    let resourceIndex = this.resourceIndex.get(resource);
    if (resourceIndex === undefined) this.resourceIndex.set(resource, (resourceIndex = this.builder.addResource(resource)));
    let scopeIndex = this.scopeIndex.get(scope);
    if (scopeIndex === undefined) this.scopeIndex.set(scope, (scopeIndex = this.builder.addScope(scope)));
    const limits = this.builder.limits;
    const limited =
      attributes.length > 2 * limits.maxAttributes || messageBytes > limits.maxValueBytes || keyValuesPastLimits(buf, attributes, limits) ? this.limitedAttributes(droppedAttributes) : undefined;
    if (limited) droppedAttributes = limited.droppedAttributesCount;
    // Events and links past the SDKs' 128 are dropped and counted, as `limitSpan` does.
    if (events.length > 2 * MAX_EVENTS_PER_SPAN) {
      droppedEvents += events.length / 2 - MAX_EVENTS_PER_SPAN;
      events.length = 2 * MAX_EVENTS_PER_SPAN;
    }
    if (links.length > 2 * MAX_LINKS_PER_SPAN) {
      droppedLinks += links.length / 2 - MAX_LINKS_PER_SPAN;
      links.length = 2 * MAX_LINKS_PER_SPAN;
    }
    const traceIdHex = this.traceIdHex(traceIdStart);
    const hashes = this.builder.hashesOf(traceIdHex);
    const w = this.builder.bodies;
    const bodyStart = w.pos;
    uintField(w, BODY.flags, flags);
    if (traceStateEnd > traceStateStart) {
      w.tag(BODY.traceState);
      w.lengthDelimited(buf, traceStateStart, traceStateEnd);
    }
    uintField(w, BODY.droppedAttributesCount, droppedAttributes);
    uintField(w, BODY.droppedEventsCount, droppedEvents);
    uintField(w, BODY.droppedLinksCount, droppedLinks);
    if (statusMessageEnd > statusMessageStart) {
      w.tag(BODY.statusMessage);
      w.lengthDelimited(buf, statusMessageStart, statusMessageEnd);
    }
    this.peerRank = 0;
    this.peer = '';
    this.wantPeer = callsOut(kind);
    this.kind = kind;
    if (limited) this.writeLimitedAttributes(limited.attributes, hashes);
    else if (attributes.length > 0) {
      const block = w.beginMessage(BODY.attributes);
      for (let i = 0; i < attributes.length; i += 2) this.attribute(attributes[i], attributes[i + 1], hashes);
      w.endMessage(block);
    }
    for (let i = 0; i < events.length; i += 2) this.eventOrLink(BODY.event, events[i], events[i + 1], readEvent, writeEvent, hashes);
    for (let i = 0; i < links.length; i += 2) this.eventOrLink(BODY.link, links[i], links[i + 1], readLink, writeLink, hashes);
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

  /**
   * Refuses the span being packed, after reading its attributes, events and links as the decoder does: a request
   * the decoder cannot read is refused whole by both.
   */
  private refuse(reason: string): void {
    const scratch = newAttributes();
    const ranges = this.attributeRanges;
    for (let i = 0; i < ranges.length; i += 2) readKeyValue(new ProtobufReader(this.buf, ranges[i], ranges[i + 1]), scratch);
    for (let i = 0; i < this.eventRanges.length; i += 2) readEvent(new ProtobufReader(this.buf, this.eventRanges[i], this.eventRanges[i + 1]));
    for (let i = 0; i < this.linkRanges.length; i += 2) readLink(new ProtobufReader(this.buf, this.linkRanges[i], this.linkRanges[i + 1]));
    this.rejections.add(reason);
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
  private readonly keyValue: KeyValueRanges = { keyStart: 0, keyEnd: 0, valueStart: 0, valueEnd: 0 };
  private readonly eventRanges: number[] = [];
  private readonly linkRanges: number[] = [];

  /** Copies one KeyValue into the body's attribute block under its key's id, and hashes its text form. */
  private attribute(start: number, end: number, hashes: Set<number>): void {
    const { keyStart, keyEnd, valueStart, valueEnd } = readKeyValueRanges(this.kv.reset(start, end), this.keyValue);
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
    const cap = { maxEntries: this.builder.limits.maxValueEntries, marker: entriesMarker };
    for (let i = 0; i < ranges.length; i += 2) readKeyValue(new ProtobufReader(this.buf, ranges[i], ranges[i + 1]), attributes, 0, cap);
    return withLimitedAttributes({ attributes, droppedAttributesCount }, this.builder.limits);
  }

  /** Limited attributes written as `packSpans` writes them: the same bytes, hashes and peer. */
  private writeLimitedAttributes(attributes: Attributes, hashes: Set<number>): void {
    writeAttributeBlock(this.builder.bodies, attributes, this.builder.keys);
    for (const h of hashAttributes(attributes, [])) hashes.add(h);
    if (this.wantPeer) this.peer = peerOfAttributes(attributes, this.kind);
  }

  /**
   * An event or link, decoded for its attribute hashes anyway (arrays as far as their limit): copied as it came,
   * or, when past the limits, written anew with its attributes limited.
   */
  private eventOrLink<T extends SpanEvent | SpanLink>(
    tag: Tag<typeof LEN>,
    start: number,
    end: number,
    read: (r: ProtobufReader, cap: ArrayCap) => T,
    write: (w: ProtobufWriter, tag: Tag<typeof LEN>, item: T) => void,
    hashes: Set<number>,
  ): void {
    const cap: ArrayCap = { maxEntries: this.builder.limits.maxValueEntries, marker: entriesMarker };
    const item = read(new ProtobufReader(this.buf, start, end), cap);
    const limited = withLimitedAttributes(item, this.builder.limits);
    if (limited !== item || cap.cut) write(this.builder.bodies, tag, limited);
    else {
      this.builder.bodies.tag(tag);
      this.builder.bodies.lengthDelimited(this.buf, start, end);
    }
    for (const h of hashAttributes(limited.attributes, [])) hashes.add(h);
  }

  /** The service-map peer of the span being packed (client and producer spans only). */
  private wantPeer = false;
  private kind = 0;
  private peerRank = 0;
  private peer = '';

  private valueHash(keyState: number, start: number, end: number): number {
    // The common case, a lone ASCII string_value: hash its bytes, never building the text.
    if (end - start >= 2 && this.buf[start] === ANY_VALUE.stringValue) {
      const r = this.kv.reset(start + 1, end);
      const length = r.uint32();
      if (r.pos + length === end) return finishHashAscii(keyState, this.buf, r.pos, end) ?? finishHash(keyState, utf8(this.buf, r.pos, end));
    }
    return finishHash(keyState, anyValueText(readAnyValue(this.kv.reset(start, end), 0)));
  }
}

/** Where a KeyValue's key and value bytes lie; 0, 0 for one it lacks. Filled in place: the hot loop allocates nothing. */
export interface KeyValueRanges {
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

export function readKeyValueRanges(kv: ProtobufReader, into: KeyValueRanges): KeyValueRanges {
  into.keyStart = into.keyEnd = into.valueStart = into.valueEnd = 0;
  while (!kv.done()) {
    const tag = kv.tag();
    if (tag === KEY_VALUE.key) {
      kv.skipBytes();
      into.keyStart = kv.bytesStart;
      into.keyEnd = kv.pos;
    } else if (tag === KEY_VALUE.value) {
      kv.skipBytes();
      into.valueStart = kv.bytesStart;
      into.valueEnd = kv.pos;
    } else kv.skip();
  }
  return into;
}

/**
 * Whether a value among KeyValue messages (start, end pairs in `ranges`) holds a list past the entries or nesting
 * limits. Only values long enough to be are walked, without decoding them: each entry takes 2 bytes at least,
 * each level of nesting 4.
 */
export function keyValuesPastLimits(buf: Buffer, ranges: number[], limits: SpanLimits): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (mayBePastLimits(ranges[i], ranges[i + 1], limits) && keyValuePastLimits(buf, ranges[i], ranges[i + 1], limits, 0)) return true;
  return false;
}

/** As `keyValuesPastLimits`, for one AnyValue message. */
export function valuePastLimits(buf: Buffer, start: number, end: number, limits: SpanLimits): boolean {
  return mayBePastLimits(start, end, limits) && listPastLimits(buf, start, end, limits, 0);
}

function mayBePastLimits(start: number, end: number, limits: SpanLimits): boolean {
  return end - start > Math.min(2 * limits.maxValueEntries, 4 * MAX_VALUE_NESTING);
}

/** Whether the AnyValue at buf[start, end) holds a list past `limits.maxValueEntries` entries or nested past MAX_VALUE_NESTING. */
function listPastLimits(buf: Buffer, start: number, end: number, limits: SpanLimits, depth: number): boolean {
  const value = new ProtobufReader(buf, start, end);
  while (!value.done()) {
    const tag = value.tag();
    if (tag !== ANY_VALUE.arrayValue && tag !== ANY_VALUE.kvlistValue) {
      value.skip();
      continue;
    }
    if (depth >= MAX_VALUE_NESTING) return true;
    const list = value.message();
    let entries = 0;
    while (!list.done()) {
      if (list.tag() !== (tag === ANY_VALUE.arrayValue ? ARRAY_VALUE.values : KEY_VALUE_LIST.values)) {
        list.skip();
        continue;
      }
      if (++entries > limits.maxValueEntries) return true;
      const [entryStart, entryEnd] = list.span();
      if (tag === ANY_VALUE.arrayValue ? listPastLimits(buf, entryStart, entryEnd, limits, depth + 1) : keyValuePastLimits(buf, entryStart, entryEnd, limits, depth + 1)) return true;
    }
  }
  return false;
}

function keyValuePastLimits(buf: Buffer, start: number, end: number, limits: SpanLimits, depth: number): boolean {
  const kv = new ProtobufReader(buf, start, end);
  while (!kv.done()) {
    if (kv.tag() !== KEY_VALUE.value) kv.skip();
    else {
      const [valueStart, valueEnd] = kv.span();
      if (listPastLimits(buf, valueStart, valueEnd, limits, depth)) return true;
    }
  }
  return false;
}

export function isZero(buf: Buffer, start: number, end: number): boolean {
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
