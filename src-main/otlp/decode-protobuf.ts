/** OTLP protobuf ExportTraceServiceRequest → spans (opentelemetry/proto/trace/v1/trace.proto field numbers). */
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
import {
  ProtobufError,
  ProtobufReader,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LENGTH_DELIMITED,
  WIRE_VARINT,
} from './protobuf-reader';

export function decodeTraceRequestProtobuf(body: Buffer): DecodeResult {
  const out = new DecodeResultBuilder();
  forEachSpanMessage(body, (span, resource, scope) => out.add(readSpan(span, resource, scope)));
  return out.build();
}

/**
 * Walks an ExportTraceServiceRequest, handing each Span message to `visit` with its resource and scope
 * (decoded once, shared by their spans). A request that cannot be read throws DecodeError naming the byte.
 */
export function forEachSpanMessage(body: Buffer, visit: (span: ProtobufReader, resource: Resource, scope: Scope) => void): void {
  const reader = new ProtobufReader(body);
  try {
    while (!reader.done()) {
      if (reader.tag() === 1) {
        reader.expect(WIRE_LENGTH_DELIMITED, 'resource_spans');
        readResourceSpans(reader.message(), visit);
      } else reader.skip();
    }
  } catch (error) {
    if (error instanceof ProtobufError) throw new DecodeError(`not a valid OTLP protobuf request: ${error.message}`);
    throw error;
  }
}

function readResourceSpans(r: ProtobufReader, visit: (span: ProtobufReader, resource: Resource, scope: Scope) => void): void {
  const resource: Resource = { attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
  const scopeSpans: ProtobufReader[] = [];
  while (!r.done()) {
    switch (r.tag()) {
      case 1:
        r.expect(WIRE_LENGTH_DELIMITED, 'resource');
        readResource(r.message(), resource);
        break;
      case 2:
      case 1000: // instrumentation_library_spans of OTLP < 0.19: the same layout as scope_spans
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
  for (const s of scopeSpans) readScopeSpans(s, resource, visit);
}

export function readResource(r: ProtobufReader, resource: Resource): void {
  while (!r.done()) {
    switch (r.tag()) {
      case 1:
        readKeyValue(r.message(), resource.attributes);
        break;
      case 2:
        resource.droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip();
    }
  }
}

function readScopeSpans(r: ProtobufReader, resource: Resource, visit: (span: ProtobufReader, resource: Resource, scope: Scope) => void): void {
  const scope: Scope = { name: '', version: '', attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
  const spans: ProtobufReader[] = [];
  while (!r.done()) {
    switch (r.tag()) {
      case 1:
        r.expect(WIRE_LENGTH_DELIMITED, 'scope');
        readScope(r.message(), scope);
        break;
      case 2:
        r.expect(WIRE_LENGTH_DELIMITED, 'span');
        spans.push(r.message());
        break;
      case 3:
        scope.schemaUrl = r.string();
        break;
      default:
        r.skip();
    }
  }
  for (const s of spans) visit(s, resource, scope);
}

export function readScope(r: ProtobufReader, scope: Scope): void {
  while (!r.done()) {
    switch (r.tag()) {
      case 1:
        scope.name = r.string();
        break;
      case 2:
        scope.version = r.string();
        break;
      case 3:
        readKeyValue(r.message(), scope.attributes);
        break;
      case 4:
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
      case 1:
        span.traceId = r.hex();
        break;
      case 2:
        span.spanId = r.hex();
        break;
      case 3:
        span.traceState = r.string();
        break;
      case 4:
        span.parentSpanId = r.hex();
        break;
      case 5:
        span.name = r.string();
        break;
      case 6:
        span.kind = SPAN_KINDS[r.uint32()] ?? 'UNSPECIFIED';
        break;
      case 7:
        r.expect(WIRE_FIXED64, 'start_time_unix_nano');
        span.startTimeUnixNano = r.fixed64();
        break;
      case 8:
        r.expect(WIRE_FIXED64, 'end_time_unix_nano');
        span.endTimeUnixNano = r.fixed64();
        break;
      case 9:
        readKeyValue(r.message(), span.attributes);
        break;
      case 10:
        span.droppedAttributesCount = r.uint32();
        break;
      case 11:
        span.events.push(readEvent(r.message()));
        break;
      case 12:
        span.droppedEventsCount = r.uint32();
        break;
      case 13:
        span.links.push(readLink(r.message()));
        break;
      case 14:
        span.droppedLinksCount = r.uint32();
        break;
      case 15:
        span.status = readStatus(r.message());
        break;
      case 16:
        r.expect(WIRE_FIXED32, 'flags');
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
    if (r.tag() === 1) {
      r.expect(WIRE_FIXED64, 'event time_unix_nano');
      time = r.fixed64();
    } else r.skip();
  }
  return time;
}

export function readEvent(r: ProtobufReader): SpanEvent {
  const event: SpanEvent = { timeUnixNano: 0n, name: '', attributes: newAttributes(), droppedAttributesCount: 0 };
  while (!r.done()) {
    switch (r.tag()) {
      case 1:
        r.expect(WIRE_FIXED64, 'event time_unix_nano');
        event.timeUnixNano = r.fixed64();
        break;
      case 2:
        event.name = r.string();
        break;
      case 3:
        readKeyValue(r.message(), event.attributes);
        break;
      case 4:
        event.droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip();
    }
  }
  return event;
}

export function readLink(r: ProtobufReader): SpanLink {
  const link: SpanLink = { traceId: '', spanId: '', traceState: '', flags: 0, attributes: newAttributes(), droppedAttributesCount: 0 };
  while (!r.done()) {
    switch (r.tag()) {
      case 1:
        link.traceId = r.hex();
        break;
      case 2:
        link.spanId = r.hex();
        break;
      case 3:
        link.traceState = r.string();
        break;
      case 4:
        readKeyValue(r.message(), link.attributes);
        break;
      case 5:
        link.droppedAttributesCount = r.uint32();
        break;
      case 6:
        r.expect(WIRE_FIXED32, 'link flags');
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
      case 2:
        status.message = r.string();
        break;
      case 3:
        status.code = STATUS_CODES[r.uint32()] ?? 'UNSET';
        break;
      default:
        r.skip();
    }
  }
  return status;
}

const MAX_VALUE_DEPTH = 64;

export function readKeyValue(r: ProtobufReader, into: Attributes, depth = 0): void {
  let key = '';
  let value: AnyValue = null;
  while (!r.done()) {
    switch (r.tag()) {
      case 1:
        key = r.string();
        break;
      case 2:
        r.expect(WIRE_LENGTH_DELIMITED, `value of "${key}"`);
        value = readAnyValue(r.message(), depth);
        break;
      default:
        r.skip();
    }
  }
  into[key] = value;
}

export function readAnyValue(r: ProtobufReader, depth: number): AnyValue {
  if (depth > MAX_VALUE_DEPTH) throw new ProtobufError(`values nested deeper than ${MAX_VALUE_DEPTH} levels at byte ${r.pos}`);
  let value: AnyValue = null;
  while (!r.done()) {
    switch (r.tag()) {
      case 1:
        r.expect(WIRE_LENGTH_DELIMITED, 'string_value');
        value = r.string();
        break;
      case 2:
        r.expect(WIRE_VARINT, 'bool_value');
        value = r.bool();
        break;
      case 3:
        r.expect(WIRE_VARINT, 'int_value');
        value = r.int64();
        break;
      case 4:
        r.expect(WIRE_FIXED64, 'double_value');
        value = r.double();
        break;
      case 5: {
        r.expect(WIRE_LENGTH_DELIMITED, 'array_value');
        const items: AnyValue[] = [];
        const list = r.message();
        while (!list.done()) {
          if (list.tag() === 1) items.push(readAnyValue(list.message(), depth + 1));
          else list.skip();
        }
        value = items;
        break;
      }
      case 6: {
        r.expect(WIRE_LENGTH_DELIMITED, 'kvlist_value');
        const kv = newAttributes();
        const list = r.message();
        while (!list.done()) {
          if (list.tag() === 1) readKeyValue(list.message(), kv, depth + 1);
          else list.skip();
        }
        value = kv;
        break;
      }
      case 7:
        r.expect(WIRE_LENGTH_DELIMITED, 'bytes_value');
        value = r.bytes();
        break;
      default:
        r.skip();
    }
  }
  return value;
}
