/**
 * An OTLP protobuf ExportLogsServiceRequest packed straight into log rows (log-batch.ts), without building model
 * records: bodies and attribute values are copied as the bytes they arrived as. The receiving thread's hot path;
 * `packLogs(decodeLogsRequestProtobuf(body))` gives the same batch, byte for byte. A record that may be past the
 * limits, or that is refused, takes the decoder's road (`readLogRecord`), so both say and store the same.
 */
import { anyValueText } from '../model/any-value-text';
import type { Resource, Scope } from '../model/span';
import type { ArrayCap } from '../otlp/decode-protobuf';
import { readAnyValue } from '../otlp/decode-protobuf';
import { forEachLogRecordMessage, invalidLogReason, MAX_LOG_TIME, readLogRecord } from '../otlp/decode-logs-protobuf';
import { Rejections } from '../otlp/decode-result';
import { TAG } from '../otlp/otlp-schema';
import { ProtobufReader, utf8 } from '../otlp/protobuf-reader';
import type { KeyDictionary } from './key-dictionary';
import { LogBatchBuilder, type LogBatch } from './log-batch';
import { usualSeverityText } from './log-body-codec';
import { isZero, keyValuesPastLimits, readKeyValueRanges, valuePastLimits, type KeyValueRanges } from './pack-otlp-protobuf';
import { entriesMarker, type SpanLimits } from './span-limits';

const LOG = TAG.LogRecord;
const BODY = TAG.LogBody;
const ANY_VALUE = TAG.AnyValue;

export interface LogPackResult {
  batch: LogBatch;
  rejectedRecords: number;
  rejectionReasons: string[];
}

export function packOtlpLogs(body: Buffer, keys: KeyDictionary, limits: SpanLimits): LogPackResult {
  const packer = new LogPacker(body, new LogBatchBuilder(keys, limits, Math.ceil(body.length / 64)));
  const cap: ArrayCap = { maxEntries: limits.maxValueEntries, marker: entriesMarker };
  forEachLogRecordMessage(body, (record, resource, scope) => packer.record(record, resource, scope, cap), cap);
  return { batch: packer.builder.build(), rejectedRecords: packer.rejections.count, rejectionReasons: packer.rejections.reasons };
}

class LogPacker {
  readonly rejections = new Rejections();
  /** Reused for every KeyValue: the hot loop allocates no readers. */
  private readonly kv: ProtobufReader;
  private readonly attributes: number[] = [];
  private readonly keyValue: KeyValueRanges = { keyStart: 0, keyEnd: 0, valueStart: 0, valueEnd: 0 };

  constructor(
    private readonly buf: Buffer,
    readonly builder: LogBatchBuilder,
  ) {
    this.kv = new ProtobufReader(buf);
  }

  record(r: ProtobufReader, resource: Resource, scope: Scope, cap: ArrayCap): void {
    const buf = this.buf;
    const recordStart = r.pos;
    const recordEnd = r.end;
    let time = 0n;
    let observed = 0n;
    let severity = 0;
    let severityTextStart = -1;
    let severityTextEnd = -1;
    let bodyStart = 0;
    let bodyEnd = 0;
    let dropped = 0;
    let flags = 0;
    let traceStart = 0;
    let traceEnd = 0;
    let spanStart = 0;
    let spanEnd = 0;
    let eventStart = 0;
    let eventEnd = 0;
    const attributes = this.attributes;
    attributes.length = 0;
    while (!r.done()) {
      switch (r.tag()) {
        case LOG.timeUnixNano:
          time = r.fixed64();
          break;
        case LOG.observedTimeUnixNano:
          observed = r.fixed64();
          break;
        case LOG.severityNumber:
          severity = r.uint32() | 0;
          break;
        case LOG.severityText:
          r.skipBytes();
          severityTextStart = r.bytesStart;
          severityTextEnd = r.pos;
          break;
        case LOG.body:
          r.skipBytes();
          bodyStart = r.bytesStart;
          bodyEnd = r.pos;
          break;
        case LOG.attributes:
          r.skipBytes();
          attributes.push(r.bytesStart, r.pos);
          break;
        case LOG.droppedAttributesCount:
          dropped = r.uint32();
          break;
        case LOG.flags:
          flags = r.fixed32();
          break;
        case LOG.traceId:
          r.skipBytes();
          traceStart = r.bytesStart;
          traceEnd = r.pos;
          break;
        case LOG.spanId:
          r.skipBytes();
          spanStart = r.bytesStart;
          spanEnd = r.pos;
          break;
        case LOG.eventName:
          r.skipBytes();
          eventStart = r.bytesStart;
          eventEnd = r.pos;
          break;
        default:
          r.skip();
      }
    }
    if (isZero(buf, traceStart, traceEnd)) traceEnd = traceStart;
    if (isZero(buf, spanStart, spanEnd)) spanEnd = spanStart;
    const limits = this.builder.limits;
    const plain =
      (traceEnd === traceStart || traceEnd - traceStart === 16) &&
      (spanEnd === spanStart || (spanEnd - spanStart === 8 && traceEnd > traceStart)) &&
      severity >= 0 && severity <= 24 &&
      (time !== 0n || observed !== 0n) && time < MAX_LOG_TIME && observed < MAX_LOG_TIME &&
      attributes.length <= 2 * limits.maxAttributes &&
      recordEnd - recordStart <= limits.maxValueBytes &&
      !keyValuesPastLimits(buf, attributes, limits) &&
      !valuePastLimits(buf, bodyStart, bodyEnd, limits);
    if (!plain) {
      const log = readLogRecord(new ProtobufReader(buf, recordStart, recordEnd), resource, scope, cap);
      const reason = invalidLogReason(log);
      if (reason === '') this.builder.addRecord(log);
      else this.rejections.add(reason);
      return;
    }
    // As writeLogBody (log-body-codec.ts) writes it: the same fields in the same order.
    const resourceIndex = this.builder.resourceOf(resource);
    const scopeIndex = this.builder.scopeOf(scope);
    const at = time !== 0n ? time : observed;
    const w = this.builder.bodies;
    if (observed !== at && observed !== 0n) {
      w.tag(BODY.observedTimeUnixNano);
      w.fixed64(observed);
    }
    const severityText = severityTextStart < 0 ? '' : utf8(buf, severityTextStart, severityTextEnd);
    if (severityText !== usualSeverityText(severity)) {
      w.tag(BODY.severityText);
      w.string(severityText);
    }
    let text = '';
    if (bodyEnd > bodyStart) {
      w.tag(BODY.body);
      w.lengthDelimited(buf, bodyStart, bodyEnd);
      text = this.bodyText(bodyStart, bodyEnd);
    }
    if (dropped !== 0) {
      w.tag(BODY.droppedAttributesCount);
      w.uint32(dropped);
    }
    if (flags !== 0) {
      w.tag(BODY.flags);
      w.uint32(flags);
    }
    if (eventEnd > eventStart) {
      w.tag(BODY.eventName);
      w.lengthDelimited(buf, eventStart, eventEnd);
    }
    if (attributes.length > 0) {
      const block = w.beginMessage(BODY.attributes);
      for (let i = 0; i < attributes.length; i += 2) this.attribute(attributes[i], attributes[i + 1]);
      w.endMessage(block);
    }
    this.builder.addRow(
      at,
      severity,
      resourceIndex,
      scopeIndex,
      text,
      traceEnd > traceStart ? buf.subarray(traceStart, traceEnd) : undefined,
      spanEnd > spanStart ? buf.subarray(spanStart, spanEnd) : undefined,
    );
  }

  /** What text search reads of a body (bodyText): a lone string as it is, anything else decoded. */
  private bodyText(start: number, end: number): string {
    const r = this.kv.reset(start, end);
    if (this.buf[start] === ANY_VALUE.stringValue) {
      r.tag();
      r.skipBytes();
      if (r.pos === end) return utf8(this.buf, r.bytesStart, end);
    }
    const value = readAnyValue(this.kv.reset(start, end), 0);
    return typeof value === 'string' ? value : value === null ? '' : anyValueText(value);
  }

  /** One KeyValue into the body's attribute block under its key's id. */
  private attribute(start: number, end: number): void {
    const { keyStart, keyEnd, valueStart, valueEnd } = readKeyValueRanges(this.kv.reset(start, end), this.keyValue);
    const w = this.builder.bodies;
    w.uint32(this.builder.keys.fromBytes(this.buf, keyStart, keyEnd).id);
    w.lengthDelimited(this.buf, valueStart, valueEnd);
  }
}
