/**
 * The binary body of a stored span: what has no column of its own. It is a protobuf message whose attribute
 * entries carry a dictionary id instead of the key, and whose values, events and links are OTLP's own
 * messages, so the OTLP receiver can copy them from the request without decoding them.
 *
 *   1 flags · 2 trace_state · 3 dropped_attributes · 4 dropped_events · 5 dropped_links · 6 status message
 *   7 attributes: one block of (key id varint, length-delimited OTLP AnyValue) pairs · 8 OTLP Event · 9 OTLP Link
 *
 * Resources and scopes are stored once each, as {1 OTLP Resource or InstrumentationScope, 3 schema_url}.
 */
import { newAttributes, type Resource, type Scope, type SpanEvent, type SpanLink } from '../model/span';
import { readAnyValue, readEvent, readLink, readResource, readScope } from '../otlp/decode-protobuf';
import { ProtobufReader } from '../otlp/protobuf-reader';
import { ProtobufWriter } from '../otlp/protobuf-writer';
import { stringField, uintField, writeAnyValue, writeEvent, writeLink, writeResource, writeScope } from '../otlp/encode-protobuf';
import type { KeyAssigner, KeyLookup } from './key-dictionary';

export const BODY_FLAGS = 1;
export const BODY_TRACE_STATE = 2;
export const BODY_DROPPED_ATTRIBUTES = 3;
export const BODY_DROPPED_EVENTS = 4;
export const BODY_DROPPED_LINKS = 5;
export const BODY_STATUS_MESSAGE = 6;
export const BODY_ATTRIBUTES = 7;
export const BODY_EVENT = 8;
export const BODY_LINK = 9;

/** The parts of a span kept in its body. */
export interface SpanBodyFields {
  traceState: string;
  flags: number;
  attributes: SpanEvent['attributes'];
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  statusMessage: string;
}

export function writeSpanBody(w: ProtobufWriter, span: SpanBodyFields, keys: KeyAssigner): void {
  uintField(w, BODY_FLAGS, span.flags);
  stringField(w, BODY_TRACE_STATE, span.traceState);
  uintField(w, BODY_DROPPED_ATTRIBUTES, span.droppedAttributesCount);
  uintField(w, BODY_DROPPED_EVENTS, span.droppedEventsCount);
  uintField(w, BODY_DROPPED_LINKS, span.droppedLinksCount);
  stringField(w, BODY_STATUS_MESSAGE, span.statusMessage);
  writeAttributeBlock(w, span.attributes, keys);
  for (const e of span.events) writeEvent(w, BODY_EVENT, e);
  for (const l of span.links) writeLink(w, BODY_LINK, l);
}

/** The attribute block of a body: (key id, AnyValue) pairs; nothing when there are no attributes. */
export function writeAttributeBlock(w: ProtobufWriter, attributes: SpanEvent['attributes'], keys: KeyAssigner): void {
  const keysOfBlock = Object.keys(attributes);
  if (keysOfBlock.length === 0) return;
  const block = w.beginMessage(BODY_ATTRIBUTES);
  for (const key of keysOfBlock) {
    w.uint32(keys.idOf(key));
    const value = w.beginLength();
    writeAnyValue(w, attributes[key]);
    w.endMessage(value);
  }
  w.endMessage(block);
}

/** A body's scalar fields. */
export type SpanBodyScalars = Pick<SpanBodyFields, 'traceState' | 'flags' | 'droppedAttributesCount' | 'droppedEventsCount' | 'droppedLinksCount' | 'statusMessage'>;

/**
 * Reads a body's scalar fields, handing each attribute (key id, value reader), event and link message to the
 * callbacks; without an attribute callback the attribute block is skipped unread.
 */
export function walkSpanBody(
  body: Buffer,
  onAttribute: ((keyId: number, value: ProtobufReader) => void) | undefined,
  onEvent: (event: ProtobufReader) => void,
  onLink: (link: ProtobufReader) => void,
): SpanBodyScalars {
  const scalars: SpanBodyScalars = { traceState: '', flags: 0, droppedAttributesCount: 0, droppedEventsCount: 0, droppedLinksCount: 0, statusMessage: '' };
  const r = new ProtobufReader(body);
  while (!r.done()) {
    switch (r.tag()) {
      case BODY_FLAGS:
        scalars.flags = r.uint32();
        break;
      case BODY_TRACE_STATE:
        scalars.traceState = r.string();
        break;
      case BODY_DROPPED_ATTRIBUTES:
        scalars.droppedAttributesCount = r.uint32();
        break;
      case BODY_DROPPED_EVENTS:
        scalars.droppedEventsCount = r.uint32();
        break;
      case BODY_DROPPED_LINKS:
        scalars.droppedLinksCount = r.uint32();
        break;
      case BODY_STATUS_MESSAGE:
        scalars.statusMessage = r.string();
        break;
      case BODY_ATTRIBUTES: {
        if (onAttribute === undefined) {
          r.skip();
          break;
        }
        const block = r.message();
        while (!block.done()) {
          const keyId = block.uint32();
          onAttribute(keyId, block.message());
        }
        break;
      }
      case BODY_EVENT:
        onEvent(r.message());
        break;
      case BODY_LINK:
        onLink(r.message());
        break;
      default:
        r.skip();
    }
  }
  return scalars;
}

export function readSpanBody(body: Buffer, keys: KeyLookup): SpanBodyFields {
  const attributes = newAttributes();
  const events: SpanEvent[] = [];
  const links: SpanLink[] = [];
  const scalars = walkSpanBody(
    body,
    (keyId, value) => (attributes[keys.keyOf(keyId)] = readAnyValue(value, 0)),
    (event) => events.push(readEvent(event)),
    (link) => links.push(readLink(link)),
  );
  return { ...scalars, attributes, events, links };
}

export function writeResourceBody(w: ProtobufWriter, resource: Resource): void {
  writeResource(w, 1, resource);
  stringField(w, 3, resource.schemaUrl);
}

export function readResourceBody(body: Buffer): Resource {
  const resource: Resource = { attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
  const r = new ProtobufReader(body);
  while (!r.done()) {
    const field = r.tag();
    if (field === 1) readResource(r.message(), resource);
    else if (field === 3) resource.schemaUrl = r.string();
    else r.skip();
  }
  return resource;
}

export function writeScopeBody(w: ProtobufWriter, scope: Scope): void {
  writeScope(w, 1, scope);
  stringField(w, 3, scope.schemaUrl);
}

export function readScopeBody(body: Buffer): Scope {
  const scope: Scope = { name: '', version: '', attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
  const r = new ProtobufReader(body);
  while (!r.done()) {
    const field = r.tag();
    if (field === 1) readScope(r.message(), scope);
    else if (field === 3) scope.schemaUrl = r.string();
    else r.skip();
  }
  return scope;
}
