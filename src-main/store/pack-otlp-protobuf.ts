/**
 * An OTLP protobuf ExportTraceServiceRequest packed straight into store rows, without building model spans:
 * attribute values, events and links are copied as the bytes they arrived as. The receiving thread's
 * hot path; `packSpans(decodeTraceRequestProtobuf(body))` gives the same batch, byte for byte.
 */
import { anyValueText } from '../model/any-value-text';
import { newAttributes, type Resource, type Scope } from '../model/span';
import { DecodeError, invalidIdReason } from '../otlp/decode-result';
import { readAnyValue, readEvent, readLink, readResource, readScope } from '../otlp/decode-protobuf';
import { ProtobufError, ProtobufReader, WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH_DELIMITED } from '../otlp/protobuf-reader';
import { uintField } from '../otlp/encode-protobuf';
import { attributeHash } from './attribute-hash';
import { BatchBuilder, hashAttributes, type EncodedBatch } from './encoded-batch';
import type { KeyDictionary } from './key-dictionary';
import {
  BODY_ATTRIBUTE,
  BODY_DROPPED_ATTRIBUTES,
  BODY_DROPPED_EVENTS,
  BODY_DROPPED_LINKS,
  BODY_EVENT,
  BODY_FLAGS,
  BODY_LINK,
  BODY_STATUS_MESSAGE,
  BODY_TRACE_STATE,
} from './span-body-codec';

export interface PackResult {
  batch: EncodedBatch;
  rejectedSpans: number;
  rejectionReasons: string[];
}

export function packOtlpProtobuf(body: Buffer, keys: KeyDictionary): PackResult {
  const packer = new Packer(body, new BatchBuilder(keys));
  try {
    const r = new ProtobufReader(body);
    while (!r.done()) {
      if (r.tag() === 1) {
        r.expect(WIRE_LENGTH_DELIMITED, 'resource_spans');
        packer.resourceSpans(r.message());
      } else r.skip();
    }
  } catch (error) {
    if (error instanceof ProtobufError) throw new DecodeError(`not a valid OTLP protobuf request: ${error.message}`);
    throw error;
  }
  return { batch: packer.builder.build(), rejectedSpans: packer.rejected, rejectionReasons: packer.reasons };
}

/** [start, end) of a field's bytes in the request. */
type Range = [number, number];

class Packer {
  rejected = 0;
  reasons: string[] = [];

  constructor(
    private readonly buf: Buffer,
    readonly builder: BatchBuilder,
  ) {}

  resourceSpans(r: ProtobufReader): void {
    const resource: Resource = { attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
    const scopeSpans: ProtobufReader[] = [];
    while (!r.done()) {
      switch (r.tag()) {
        case 1:
          r.expect(WIRE_LENGTH_DELIMITED, 'resource');
          readResource(r.message(), resource);
          break;
        case 2:
        case 1000:
          r.expect(WIRE_LENGTH_DELIMITED, 'scope_spans');
          scopeSpans.push(r.message());
          break;
        case 3:
          resource.schemaUrl = r.string();
          break;
        default:
          r.skip();
      }
    }
    const owner = { resource, resourceIndex: -1 };
    for (const s of scopeSpans) {
      const scope: Scope = { name: '', version: '', attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
      const spans: ProtobufReader[] = [];
      while (!s.done()) {
        switch (s.tag()) {
          case 1:
            s.expect(WIRE_LENGTH_DELIMITED, 'scope');
            readScope(s.message(), scope);
            break;
          case 2:
            s.expect(WIRE_LENGTH_DELIMITED, 'span');
            spans.push(s.message());
            break;
          case 3:
            scope.schemaUrl = s.string();
            break;
          default:
            s.skip();
        }
      }
      const scoped = { scope, scopeIndex: -1 };
      for (const span of spans) this.span(span, owner, scoped);
    }
  }

  /** Resources and scopes enter the batch with their first valid span, as in `packSpans`. */
  private span(r: ProtobufReader, owner: { resource: Resource; resourceIndex: number }, scoped: { scope: Scope; scopeIndex: number }): void {
    const buf = this.buf;
    let traceId: Range = [0, 0];
    let spanId: Range = [0, 0];
    let parentId: Range = [0, 0];
    let traceState: Range = [0, 0];
    let name = '';
    let kind = 0;
    let start = 0n;
    let end = 0n;
    let flags = 0;
    let droppedAttributes = 0;
    let droppedEvents = 0;
    let droppedLinks = 0;
    let statusCode = 0;
    let statusMessage: Range = [0, 0];
    const attributes: Range[] = [];
    const events: Range[] = [];
    const links: Range[] = [];
    while (!r.done()) {
      switch (r.tag()) {
        case 1:
          traceId = r.span();
          break;
        case 2:
          spanId = r.span();
          break;
        case 3:
          traceState = r.span();
          break;
        case 4:
          parentId = r.span();
          break;
        case 5:
          name = r.string();
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
          attributes.push(r.span());
          break;
        case 10:
          droppedAttributes = r.uint32();
          break;
        case 11:
          r.expect(WIRE_LENGTH_DELIMITED, 'events');
          events.push(r.span());
          break;
        case 12:
          droppedEvents = r.uint32();
          break;
        case 13:
          r.expect(WIRE_LENGTH_DELIMITED, 'links');
          links.push(r.span());
          break;
        case 14:
          droppedLinks = r.uint32();
          break;
        case 15: {
          r.expect(WIRE_LENGTH_DELIMITED, 'status');
          const status = r.message();
          while (!status.done()) {
            const field = status.tag();
            if (field === 2) statusMessage = status.span();
            else if (field === 3) statusCode = status.uint32();
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
    if (parentId[1] - parentId[0] === 8 && isZero(buf, parentId)) parentId = [0, 0];
    if (!validIds(buf, traceId, spanId, parentId)) {
      const hex = (range: Range) => buf.toString('hex', range[0], range[1]);
      this.reject(`span "${name}": ${invalidIdReason(hex(traceId), hex(spanId), hex(parentId))}`);
      return;
    }
    if (owner.resourceIndex < 0) owner.resourceIndex = this.builder.addResource(owner.resource);
    if (scoped.scopeIndex < 0) scoped.scopeIndex = this.builder.addScope(scoped.scope);
    const traceIdHex = buf.toString('hex', traceId[0], traceId[1]);
    const hashes = this.builder.hashesOf(traceIdHex);
    const w = this.builder.bodies;
    const bodyStart = w.pos;
    uintField(w, BODY_FLAGS, flags);
    if (traceState[1] > traceState[0]) {
      w.tag(BODY_TRACE_STATE, WIRE_LENGTH_DELIMITED);
      w.lengthDelimited(buf, traceState[0], traceState[1]);
    }
    uintField(w, BODY_DROPPED_ATTRIBUTES, droppedAttributes);
    uintField(w, BODY_DROPPED_EVENTS, droppedEvents);
    uintField(w, BODY_DROPPED_LINKS, droppedLinks);
    if (statusMessage[1] > statusMessage[0]) {
      w.tag(BODY_STATUS_MESSAGE, WIRE_LENGTH_DELIMITED);
      w.lengthDelimited(buf, statusMessage[0], statusMessage[1]);
    }
    for (const range of attributes) this.attribute(range, hashes);
    for (const [s, e] of events) {
      w.tag(BODY_EVENT, WIRE_LENGTH_DELIMITED);
      w.lengthDelimited(buf, s, e);
      for (const h of hashAttributes(readEvent(new ProtobufReader(buf, s, e)).attributes, [])) hashes.add(h);
    }
    for (const [s, e] of links) {
      w.tag(BODY_LINK, WIRE_LENGTH_DELIMITED);
      w.lengthDelimited(buf, s, e);
      for (const h of hashAttributes(readLink(new ProtobufReader(buf, s, e)).attributes, [])) hashes.add(h);
    }
    this.builder.addRow({
      traceId: traceIdHex,
      spanId: buf.subarray(spanId[0], spanId[1]),
      parentId: parentId[1] > parentId[0] ? buf.subarray(parentId[0], parentId[1]) : undefined,
      kind: kind < 6 ? kind : 0,
      status: statusCode < 3 ? statusCode : 0,
      start,
      duration: end - start,
      name,
      resource: owner.resourceIndex,
      scope: scoped.scopeIndex,
      bodyStart,
    });
  }

  /** Copies one KeyValue into the body under its key's id, and hashes its text form. */
  private attribute([start, end]: Range, hashes: Set<number>): void {
    const buf = this.buf;
    const kv = new ProtobufReader(buf, start, end);
    let key = '';
    let value: Range = [0, 0];
    while (!kv.done()) {
      const field = kv.tag();
      if (field === 1) key = kv.string();
      else if (field === 2) {
        kv.expect(WIRE_LENGTH_DELIMITED, `value of "${key}"`);
        value = kv.span();
      } else kv.skip();
    }
    const w = this.builder.bodies;
    const entry = w.beginMessage(BODY_ATTRIBUTE);
    w.tag(1, 0);
    w.uint32(this.builder.keys.idOf(key));
    w.tag(2, WIRE_LENGTH_DELIMITED);
    w.lengthDelimited(buf, value[0], value[1]);
    w.endMessage(entry);
    hashes.add(attributeHash(key, this.valueText(value)));
  }

  private valueText([start, end]: Range): string {
    // The common case, a lone string_value: read the text without building the value.
    if (end - start >= 2 && this.buf[start] === 0x0a) {
      const r = new ProtobufReader(this.buf, start + 1, end);
      const length = r.uint32();
      if (r.pos + length === end) return this.buf.toString('utf8', r.pos, end);
    }
    return anyValueText(readAnyValue(new ProtobufReader(this.buf, start, end), 0));
  }

  private reject(reason: string): void {
    this.rejected++;
    if (this.reasons.length < 10 && !this.reasons.includes(reason)) this.reasons.push(reason);
  }
}

function isZero(buf: Buffer, [start, end]: Range): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}

function validIds(buf: Buffer, traceId: Range, spanId: Range, parentId: Range): boolean {
  const parentLength = parentId[1] - parentId[0];
  return (
    traceId[1] - traceId[0] === 16 &&
    !isZero(buf, traceId) &&
    spanId[1] - spanId[0] === 8 &&
    !isZero(buf, spanId) &&
    (parentLength === 0 || parentLength === 8)
  );
}
