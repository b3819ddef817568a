/**
 * The binary body of a stored span: what has no column of its own. It is a protobuf message whose attribute
 * entries carry a dictionary id instead of the key, and whose values, events and links are OTLP's own
 * messages, so the OTLP receiver can copy them from the request without decoding them.
 *
 * Its layout is SpanBody in otlp-schema.ts: the attributes are one block of (key id varint, length-delimited
 * OTLP AnyValue) pairs. Resources and scopes are stored once each, as ResourceBody and ScopeBody.
 */
import { newAttributes, type Resource, type Scope, type SpanEvent, type SpanLink } from '../model/span';
import { readAnyValue, readEvent, readLink, readResource, readScope } from '../otlp/decode-protobuf';
import { TAG } from '../otlp/otlp-schema';
import { ProtobufReader } from '../otlp/protobuf-reader';
import { ProtobufWriter } from '../otlp/protobuf-writer';
import { stringField, uintField, writeAnyValue, writeEvent, writeLink, writeResource, writeScope } from '../otlp/encode-protobuf';
import type { KeyAssigner, KeyLookup } from './key-dictionary';

const BODY = TAG.SpanBody;

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
  uintField(w, BODY.flags, span.flags);
  stringField(w, BODY.traceState, span.traceState);
  uintField(w, BODY.droppedAttributesCount, span.droppedAttributesCount);
  uintField(w, BODY.droppedEventsCount, span.droppedEventsCount);
  uintField(w, BODY.droppedLinksCount, span.droppedLinksCount);
  stringField(w, BODY.statusMessage, span.statusMessage);
  writeAttributeBlock(w, span.attributes, keys);
  for (const e of span.events) writeEvent(w, BODY.event, e);
  for (const l of span.links) writeLink(w, BODY.link, l);
}

/** The attribute block of a body: (key id, AnyValue) pairs; nothing when there are no attributes. */
export function writeAttributeBlock(w: ProtobufWriter, attributes: SpanEvent['attributes'], keys: KeyAssigner): void {
  const keysOfBlock = Object.keys(attributes);
  if (keysOfBlock.length === 0) return;
  const block = w.beginMessage(BODY.attributes);
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
 * callbacks; without an attribute callback the attribute block is skipped unread. An attribute's value reader is
 * reused for the next: read it during the call.
 */
export function walkSpanBody(
  body: Buffer,
  onAttribute: ((keyId: number, value: ProtobufReader) => void) | undefined,
  onEvent: (event: ProtobufReader) => void,
  onLink: (link: ProtobufReader) => void,
  /** Where the body lies in `body`, when it holds more. */
  start = 0,
  end = body.length,
): SpanBodyScalars {
  const scalars: SpanBodyScalars = { traceState: '', flags: 0, droppedAttributesCount: 0, droppedEventsCount: 0, droppedLinksCount: 0, statusMessage: '' };
  const r = new ProtobufReader(body, start, end);
  while (!r.done()) {
    switch (r.tag()) {
      case BODY.flags:
        scalars.flags = r.uint32();
        break;
      case BODY.traceState:
        scalars.traceState = r.string();
        break;
      case BODY.droppedAttributesCount:
        scalars.droppedAttributesCount = r.uint32();
        break;
      case BODY.droppedEventsCount:
        scalars.droppedEventsCount = r.uint32();
        break;
      case BODY.droppedLinksCount:
        scalars.droppedLinksCount = r.uint32();
        break;
      case BODY.statusMessage:
        scalars.statusMessage = r.string();
        break;
      case BODY.attributes: {
        if (onAttribute === undefined) {
          r.skip();
          break;
        }
        const block = r.message();
        // One reader for every value: millions of spans are walked when traces are compared.
        const value = new ProtobufReader(body, 0, 0);
        while (!block.done()) {
          const keyId = block.uint32();
          const [start, end] = block.span();
          onAttribute(keyId, value.reset(start, end));
        }
        break;
      }
      case BODY.event:
        onEvent(r.message());
        break;
      case BODY.link:
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
  writeResource(w, TAG.ResourceBody.resource, resource);
  stringField(w, TAG.ResourceBody.schemaUrl, resource.schemaUrl);
}

export function readResourceBody(body: Buffer): Resource {
  const resource: Resource = { attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
  const r = new ProtobufReader(body);
  while (!r.done()) {
    const tag = r.tag();
    if (tag === TAG.ResourceBody.resource) readResource(r.message(), resource);
    else if (tag === TAG.ResourceBody.schemaUrl) resource.schemaUrl = r.string();
    else r.skip();
  }
  return resource;
}

export function writeScopeBody(w: ProtobufWriter, scope: Scope): void {
  writeScope(w, TAG.ScopeBody.scope, scope);
  stringField(w, TAG.ScopeBody.schemaUrl, scope.schemaUrl);
}

export function readScopeBody(body: Buffer): Scope {
  const scope: Scope = { name: '', version: '', attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
  const r = new ProtobufReader(body);
  while (!r.done()) {
    const tag = r.tag();
    if (tag === TAG.ScopeBody.scope) readScope(r.message(), scope);
    else if (tag === TAG.ScopeBody.schemaUrl) scope.schemaUrl = r.string();
    else r.skip();
  }
  return scope;
}
