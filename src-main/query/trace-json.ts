/**
 * The ApiTrace and ApiSpan documents as JSON text, written straight from the stored rows: attribute values go
 * from their stored bytes to JSON without becoming objects twice. The one way a stored span becomes an API
 * document (test/query/trace-json.test.ts checks it on real traces); a 1,000-span trace is the hot case.
 */
import { toJsonValue } from '../model/any-value-text';
import { STATUS_CODES } from '../model/span';
import { readAnyValue, readEvent, readLink } from '../otlp/decode-protobuf';
import { TAG } from '../otlp/otlp-schema';
import { ProtobufReader, utf8 } from '../otlp/protobuf-reader';
import { ByteBudgetMap } from '../store/byte-budget-map';
import { walkSpanBody } from '../store/span-body-codec';
import type { SpanRow, StoreReader } from '../store/store-reader';
import { resourceJsonOf, scopeJsonOf, toApiEvent, toApiLink } from './api-documents';

/**
 * `rows` in start order, as spanRowsOfTrace gives them. The answer is UTF-8 bytes, each span encoded as it is
 * written: no megabyte-long string is built, flattened and encoded again.
 */
export function traceJson(reader: StoreReader, traceId: string, rows: SpanRow[]): Buffer {
  // Room for 2 KB a span: a span's JSON is about 1 KB, and pages never written are never touched, so growing the
  // buffer (a copy of all written so far) is what costs.
  const out = new Utf8Writer(rows.length * 2048 + 64);
  out.write(`{"traceId":"${traceId}","spans":[`);
  for (let i = 0; i < rows.length; i++) out.write(i === 0 ? spanJson(reader, traceId, rows[i]) : `,${spanJson(reader, traceId, rows[i])}`);
  out.write(']}');
  return out.bytes();
}

class Utf8Writer {
  private buf: Buffer;
  private pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  write(text: string): void {
    const worst = text.length * 3;
    if (this.pos + worst > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + worst));
      this.buf.copy(grown, 0, 0, this.pos);
      this.buf = grown;
    }
    this.pos += this.buf.write(text, this.pos);
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** One span's ApiSpan document as JSON text. */
export function spanJson(reader: StoreReader, traceId: string, row: SpanRow): string {
  const op = reader.operation(row.op_id);
  const shared = resourceJsonOf(reader.resource(row.resource_id));
  const scope = scopeJsonOf(reader.scope(row.scope_id));
  let attributes = '';
  const events: string[] = [];
  const links: string[] = [];
  const body = walkSpanBody(
    row.body,
    (keyId, value) => (attributes += `${attributes === '' ? '' : ','}${quotedKey(reader.keyOf(keyId))}:${valueJson(value)}`),
    (event) => events.push(JSON.stringify(toApiEvent(readEvent(event)))),
    (link) => links.push(JSON.stringify(toApiLink(readLink(link)))),
  );
  const str = JSON.stringify;
  return (
    `{"traceId":"${traceId}","spanId":"${row.span_id}","parentSpanId":"${row.parent_id}",` +
    `"traceState":${str(body.traceState)},"flags":${body.flags},"name":${str(op.name)},"kind":"${op.kind}",` +
    `"startTimeUnixNano":"${row.start_ns}","endTimeUnixNano":"${row.end_ns}",` +
    `"status":{"code":"${STATUS_CODES[row.status] ?? 'UNSET'}","message":${str(body.statusMessage)}},"service":${shared.service},` +
    `"attributes":{${attributes}},"droppedAttributesCount":${body.droppedAttributesCount},"resource":${shared.resource},"scope":${scope},` +
    `"events":[${events.join(',')}],"droppedEventsCount":${body.droppedEventsCount},"links":[${links.join(',')}],"droppedLinksCount":${body.droppedLinksCount}}`
  );
}

const keyJson = new ByteBudgetMap<string, string>(1 << 20);

function quotedKey(key: string): string {
  let quoted = keyJson.get(key);
  if (quoted === undefined) keyJson.set(key, (quoted = JSON.stringify(key)), 2 * (key.length + quoted.length));
  return quoted;
}

/** A string, bool, int or double value is written from its bytes; anything else through the model. */
function valueJson(value: ProtobufReader): string {
  const start = value.pos;
  if (!value.done()) {
    let json: string | undefined;
    switch (value.tag()) {
      case TAG.AnyValue.stringValue:
        value.skipBytes();
        json = JSON.stringify(utf8(value.buf, value.bytesStart, value.pos));
        break;
      case TAG.AnyValue.boolValue:
        json = value.bool() ? 'true' : 'false';
        break;
      case TAG.AnyValue.intValue:
        json = `"${value.int64()}"`;
        break;
      case TAG.AnyValue.doubleValue: {
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
