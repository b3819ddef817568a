/** OTLP protobuf ExportTraceServiceRequest → spans; fields named by otlp-schema.ts, a wrong wire type skipped as unknown. */
import {
  newAttributes,
  SPAN_KINDS,
  STATUS_CODES,
  type AnyValue,
  type Attributes,
  type Resource,
  type Scope,
  type Span,
  type SpanEvent,
  type SpanLink,
  type SpanStatus,
} from '../model/span';
import { DecodeError, DecodeResultBuilder, type DecodeResult } from './decode-result';
import { TAG } from './otlp-schema';
import { ProtobufError, ProtobufReader } from './protobuf-reader';

const REQUEST = TAG.ExportTraceServiceRequest;
const RESOURCE_SPANS = TAG.ResourceSpans;
const RESOURCE = TAG.Resource;
const SCOPE_SPANS = TAG.ScopeSpans;
const SCOPE = TAG.InstrumentationScope;
const SPAN = TAG.Span;
const EVENT = TAG.Event;
const LINK = TAG.Link;
const STATUS = TAG.Status;
const KEY_VALUE = TAG.KeyValue;
const ANY_VALUE = TAG.AnyValue;
const ARRAY_VALUE = TAG.ArrayValue;
const KEY_VALUE_LIST = TAG.KeyValueList;

export function decodeTraceRequestProtobuf(body: Buffer): DecodeResult {
  const out = new DecodeResultBuilder();
  forEachSpanMessage(body, (span, resource, scope) => out.add(readSpan(span, resource, scope)));
  return out.build();
}

/**
 * Walks an ExportTraceServiceRequest, handing each Span message to `visit` with its resource and scope
 * (decoded once, shared by their spans; their arrays as far as `cap`). A request that cannot be read throws
 * DecodeError naming the byte.
 */
export function forEachSpanMessage(body: Buffer, visit: (span: ProtobufReader, resource: Resource, scope: Scope) => void, cap?: ArrayCap): void {
  const reader = new ProtobufReader(body);
  try {
    while (!reader.done()) {
      if (reader.tag() === REQUEST.resourceSpans) {
        readResourceSpans(reader.message(), visit, cap);
      } else reader.skip();
    }
  } catch (error) {
    if (error instanceof ProtobufError) throw new DecodeError(`not a valid OTLP protobuf request: ${error.message}`);
    throw error;
  }
}

function readResourceSpans(r: ProtobufReader, visit: (span: ProtobufReader, resource: Resource, scope: Scope) => void, cap: ArrayCap | undefined): void {
  const resource: Resource = { attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
  const scopeSpans: ProtobufReader[] = [];
  while (!r.done()) {
    switch (r.tag()) {
      case RESOURCE_SPANS.resource:
        readResource(r.message(), resource, cap);
        break;
      case RESOURCE_SPANS.scopeSpans:
      case RESOURCE_SPANS.instrumentationLibrarySpans:
        scopeSpans.push(r.message());
        break;
      case RESOURCE_SPANS.schemaUrl:
        resource.schemaUrl = r.string();
        break;
      default:
        r.skip();
    }
  }
  for (const s of scopeSpans) readScopeSpans(s, resource, visit, cap);
}

export function readResource(r: ProtobufReader, resource: Resource, cap?: ArrayCap): void {
  while (!r.done()) {
    switch (r.tag()) {
      case RESOURCE.attributes:
        readKeyValue(r.message(), resource.attributes, 0, cap);
        break;
      case RESOURCE.droppedAttributesCount:
        resource.droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip();
    }
  }
}

function readScopeSpans(r: ProtobufReader, resource: Resource, visit: (span: ProtobufReader, resource: Resource, scope: Scope) => void, cap: ArrayCap | undefined): void {
  const scope: Scope = { name: '', version: '', attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
  const spans: ProtobufReader[] = [];
  while (!r.done()) {
    switch (r.tag()) {
      case SCOPE_SPANS.scope:
        readScope(r.message(), scope, cap);
        break;
      case SCOPE_SPANS.spans:
        spans.push(r.message());
        break;
      case SCOPE_SPANS.schemaUrl:
        scope.schemaUrl = r.string();
        break;
      default:
        r.skip();
    }
  }
  for (const s of spans) visit(s, resource, scope);
}

export function readScope(r: ProtobufReader, scope: Scope, cap?: ArrayCap): void {
  while (!r.done()) {
    switch (r.tag()) {
      case SCOPE.name:
        scope.name = r.string();
        break;
      case SCOPE.version:
        scope.version = r.string();
        break;
      case SCOPE.attributes:
        readKeyValue(r.message(), scope.attributes, 0, cap);
        break;
      case SCOPE.droppedAttributesCount:
        scope.droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip();
    }
  }
}

function readSpan(r: ProtobufReader, resource: Resource, scope: Scope): Span {
  const span: Span = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: '',
    kind: 'UNSPECIFIED',
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: newAttributes(),
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 'UNSET', message: '' },
    resource,
    scope,
  };
  while (!r.done()) {
    switch (r.tag()) {
      case SPAN.traceId:
        span.traceId = r.hex();
        break;
      case SPAN.spanId:
        span.spanId = r.hex();
        break;
      case SPAN.traceState:
        span.traceState = r.string();
        break;
      case SPAN.parentSpanId:
        span.parentSpanId = r.hex();
        break;
      case SPAN.name:
        span.name = r.string();
        break;
      case SPAN.kind:
        span.kind = SPAN_KINDS[r.uint32()] ?? 'UNSPECIFIED';
        break;
      case SPAN.startTimeUnixNano:
        span.startTimeUnixNano = r.fixed64();
        break;
      case SPAN.endTimeUnixNano:
        span.endTimeUnixNano = r.fixed64();
        break;
      case SPAN.attributes:
        readKeyValue(r.message(), span.attributes);
        break;
      case SPAN.droppedAttributesCount:
        span.droppedAttributesCount = r.uint32();
        break;
      case SPAN.events:
        span.events.push(readEvent(r.message()));
        break;
      case SPAN.droppedEventsCount:
        span.droppedEventsCount = r.uint32();
        break;
      case SPAN.links:
        span.links.push(readLink(r.message()));
        break;
      case SPAN.droppedLinksCount:
        span.droppedLinksCount = r.uint32();
        break;
      case SPAN.status:
        span.status = readStatus(r.message());
        break;
      case SPAN.flags:
        span.flags = r.fixed32();
        break;
      default:
        r.skip();
    }
  }
  return span;
}

/** Only an event's time (the waterfall's marks): its name and attributes are skipped, not decoded. */
export function readEventTime(r: ProtobufReader): bigint {
  let time = 0n;
  while (!r.done()) {
    if (r.tag() === EVENT.timeUnixNano) {
      time = r.fixed64();
    } else r.skip();
  }
  return time;
}

export function readEvent(r: ProtobufReader, cap?: ArrayCap): SpanEvent {
  const event: SpanEvent = { timeUnixNano: 0n, name: '', attributes: newAttributes(), droppedAttributesCount: 0 };
  while (!r.done()) {
    switch (r.tag()) {
      case EVENT.timeUnixNano:
        event.timeUnixNano = r.fixed64();
        break;
      case EVENT.name:
        event.name = r.string();
        break;
      case EVENT.attributes:
        readKeyValue(r.message(), event.attributes, 0, cap);
        break;
      case EVENT.droppedAttributesCount:
        event.droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip();
    }
  }
  return event;
}

export function readLink(r: ProtobufReader, cap?: ArrayCap): SpanLink {
  const link: SpanLink = { traceId: '', spanId: '', traceState: '', flags: 0, attributes: newAttributes(), droppedAttributesCount: 0 };
  while (!r.done()) {
    switch (r.tag()) {
      case LINK.traceId:
        link.traceId = r.hex();
        break;
      case LINK.spanId:
        link.spanId = r.hex();
        break;
      case LINK.traceState:
        link.traceState = r.string();
        break;
      case LINK.attributes:
        readKeyValue(r.message(), link.attributes, 0, cap);
        break;
      case LINK.droppedAttributesCount:
        link.droppedAttributesCount = r.uint32();
        break;
      case LINK.flags:
        link.flags = r.fixed32();
        break;
      default:
        r.skip();
    }
  }
  return link;
}

function readStatus(r: ProtobufReader): SpanStatus {
  const status: SpanStatus = { code: 'UNSET', message: '' };
  while (!r.done()) {
    switch (r.tag()) {
      case STATUS.message:
        status.message = r.string();
        break;
      case STATUS.code:
        status.code = STATUS_CODES[r.uint32()] ?? 'UNSET';
        break;
      default:
        r.skip();
    }
  }
  return status;
}

const MAX_VALUE_DEPTH = 64;

/**
 * Arrays read only as far as a limit that will cut them anyway: the first `maxEntries` − 1 entries, then
 * `marker(total)`; past the limit the rest are only checked (`checkAnyValue`) and counted, so a value of millions
 * of entries builds no objects. `cut` is set once an array was cut.
 */
export interface ArrayCap {
  maxEntries: number;
  marker(total: number): AnyValue;
  cut?: boolean;
}

export function readKeyValue(r: ProtobufReader, into: Attributes, depth = 0, cap?: ArrayCap): void {
  let key = '';
  let value: AnyValue = null;
  while (!r.done()) {
    switch (r.tag()) {
      case KEY_VALUE.key:
        key = r.string();
        break;
      case KEY_VALUE.value:
        value = readAnyValue(r.message(), depth, cap);
        break;
      default:
        r.skip();
    }
  }
  into[key] = value;
}

/** Walks an AnyValue as `readAnyValue` does, refusing what it refuses, without building it. */
function checkAnyValue(r: ProtobufReader, depth: number): void {
  if (depth > MAX_VALUE_DEPTH) throw new ProtobufError(`values nested deeper than ${MAX_VALUE_DEPTH} levels at byte ${r.pos}`);
  while (!r.done()) {
    const tag = r.tag();
    if (tag !== ANY_VALUE.arrayValue && tag !== ANY_VALUE.kvlistValue) {
      r.skip();
      continue;
    }
    const list = r.message();
    const entry = tag === ANY_VALUE.arrayValue ? ARRAY_VALUE.values : KEY_VALUE_LIST.values;
    while (!list.done()) {
      if (list.tag() !== entry) list.skip();
      else if (tag === ANY_VALUE.arrayValue) checkAnyValue(list.message(), depth + 1);
      else {
        const kv = list.message();
        while (!kv.done()) {
          if (kv.tag() === KEY_VALUE.value) checkAnyValue(kv.message(), depth + 1);
          else kv.skip();
        }
      }
    }
  }
}

export function readAnyValue(r: ProtobufReader, depth: number, cap?: ArrayCap): AnyValue {
  if (depth > MAX_VALUE_DEPTH) throw new ProtobufError(`values nested deeper than ${MAX_VALUE_DEPTH} levels at byte ${r.pos}`);
  let value: AnyValue = null;
  while (!r.done()) {
    switch (r.tag()) {
      case ANY_VALUE.stringValue:
        value = r.string();
        break;
      case ANY_VALUE.boolValue:
        value = r.bool();
        break;
      case ANY_VALUE.intValue:
        value = r.int64();
        break;
      case ANY_VALUE.doubleValue:
        value = r.double();
        break;
      case ANY_VALUE.arrayValue: {
        const items: AnyValue[] = [];
        const list = r.message();
        const uncut = cap === undefined ? Infinity : cap.maxEntries - 1;
        let total = 0;
        let last: ProtobufReader | undefined; // the entry after the uncut ones: kept when it is the last
        let probe: ProtobufReader | undefined; // reused to check the entries past those
        while (!list.done()) {
          if (list.tag() !== ARRAY_VALUE.values) list.skip();
          else if (total++ < uncut) items.push(readAnyValue(list.message(), depth + 1, cap));
          else if (total === uncut + 1) last = list.message();
          else {
            const [start, end] = list.span();
            checkAnyValue((probe ??= new ProtobufReader(list.buf)).reset(start, end), depth + 1);
          }
        }
        if (last && total === uncut + 1) items.push(readAnyValue(last, depth + 1, cap));
        else if (last) {
          checkAnyValue(last, depth + 1);
          items.push(cap!.marker(total));
          cap!.cut = true;
        }
        value = items;
        break;
      }
      case ANY_VALUE.kvlistValue: {
        const kv = newAttributes();
        const list = r.message();
        while (!list.done()) {
          if (list.tag() === KEY_VALUE_LIST.values) readKeyValue(list.message(), kv, depth + 1, cap);
          else list.skip();
        }
        value = kv;
        break;
      }
      case ANY_VALUE.bytesValue:
        value = r.bytes();
        break;
      default:
        r.skip();
    }
  }
  return value;
}
