/**
 * The ApiTrace document of a trace as JSON text, written straight from the stored rows: attribute values go
 * from their stored bytes to JSON without becoming objects twice. The same document as mapping
 * `loadTraceSpans` through `toApiSpan` (a test holds them equal); a 1,000-span trace is the hot case.
 */
import { toJsonValue } from '../model/any-value-text';
import { STATUS_CODES } from '../model/span';
import { readAnyValue, readEvent, readLink } from '../otlp/decode-protobuf';
import { ProtobufReader, utf8 } from '../otlp/protobuf-reader';
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
} from '../store/span-body-codec';
import type { SpanRow, StoreReader } from '../store/store-reader';
import { resourceJsonOf, scopeJsonOf, toApiEvent, toApiLink } from './api-documents';

/** `rows` in start order, as spanRowsOfTrace gives them. */
export function traceJson(reader: StoreReader, traceId: string, rows: SpanRow[]): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) parts[i] = spanJson(reader, traceId, rows[i]);
  return `{"traceId":"${traceId}","spans":[${parts.join(',')}]}`;
}

function spanJson(reader: StoreReader, traceId: string, row: SpanRow): string {
  const op = reader.operation(row.op_id);
  const shared = resourceJsonOf(reader.resource(row.resource_id));
  const scope = scopeJsonOf(reader.scope(row.scope_id));
  let flags = 0;
  let traceState = '';
  let droppedAttributes = 0;
  let droppedEvents = 0;
  let droppedLinks = 0;
  let statusMessage = '';
  let attributes = '{}';
  const events: string[] = [];
  const links: string[] = [];
  const r = new ProtobufReader(row.body);
  while (!r.done()) {
    switch (r.tag()) {
      case BODY_FLAGS:
        flags = r.uint32();
        break;
      case BODY_TRACE_STATE:
        traceState = r.string();
        break;
      case BODY_DROPPED_ATTRIBUTES:
        droppedAttributes = r.uint32();
        break;
      case BODY_DROPPED_EVENTS:
        droppedEvents = r.uint32();
        break;
      case BODY_DROPPED_LINKS:
        droppedLinks = r.uint32();
        break;
      case BODY_STATUS_MESSAGE:
        statusMessage = r.string();
        break;
      case BODY_ATTRIBUTES:
        attributes = attributesJson(reader, r.message());
        break;
      case BODY_EVENT:
        events.push(JSON.stringify(toApiEvent(readEvent(r.message()))));
        break;
      case BODY_LINK:
        links.push(JSON.stringify(toApiLink(readLink(r.message()))));
        break;
      default:
        r.skip();
    }
  }
  const str = JSON.stringify;
  return (
    `{"traceId":"${traceId}","spanId":"${row.span_id}","parentSpanId":"${row.parent_id}",` +
    `"traceState":${str(traceState)},"flags":${flags},"name":${str(op.name)},"kind":"${op.kind}",` +
    `"startTimeUnixNano":"${row.start_ns}","endTimeUnixNano":"${row.end_ns}",` +
    `"status":{"code":"${STATUS_CODES[row.status] ?? 'UNSET'}","message":${str(statusMessage)}},"service":${shared.service},` +
    `"attributes":${attributes},"droppedAttributesCount":${droppedAttributes},"resource":${shared.resource},"scope":${scope},` +
    `"events":[${events.join(',')}],"droppedEventsCount":${droppedEvents},"links":[${links.join(',')}],"droppedLinksCount":${droppedLinks}}`
  );
}

const keyJson = new Map<string, string>();

/** A stored attribute block as a JSON object: a string, bool, int or double value is written without decoding it to an object. */
function attributesJson(reader: StoreReader, block: ProtobufReader): string {
  let json = '{';
  let first = true;
  while (!block.done()) {
    const key = reader.keyOf(block.uint32());
    let quotedKey = keyJson.get(key);
    if (quotedKey === undefined) {
      if (keyJson.size > 10_000) keyJson.clear();
      keyJson.set(key, (quotedKey = JSON.stringify(key)));
    }
    json += `${first ? '' : ','}${quotedKey}:${valueJson(block.message())}`;
    first = false;
  }
  return `${json}}`;
}

function valueJson(value: ProtobufReader): string {
  const start = value.pos;
  if (!value.done()) {
    let json: string | undefined;
    switch (value.tag()) {
      case 1:
        value.skipBytes();
        json = JSON.stringify(utf8(value.buf, value.bytesStart, value.pos));
        break;
      case 2:
        json = value.bool() ? 'true' : 'false';
        break;
      case 3:
        json = `"${value.int64()}"`;
        break;
      case 4: {
        const n = value.double();
        json = Number.isFinite(n) ? JSON.stringify(n) : `"${n}"`;
        break;
      }
      default:
        break;
    }
    if (json !== undefined && value.done()) return json;
  }
  return JSON.stringify(toJsonValue(readAnyValue(value.reset(start, value.end), 0)));
}
