/**
 * The binary body of a stored log record: what has no column of its own (LogBody in otlp-schema.ts). The body
 * value is OTLP's AnyValue message; the attributes are a block of (key id, AnyValue) pairs, as in a span's body.
 */
import { SEVERITY_LEVELS, type LogRecord } from '../model/log';
import { newAttributes, type AnyValue, type Attributes } from '../model/span';
import { readAnyValue } from '../otlp/decode-protobuf';
import { fixed64Field, stringField, uintField, writeAnyValue } from '../otlp/encode-protobuf';
import { TAG } from '../otlp/otlp-schema';
import { ProtobufReader } from '../otlp/protobuf-reader';
import type { ProtobufWriter } from '../otlp/protobuf-writer';
import type { KeyAssigner, KeyLookup } from './key-dictionary';
import { writeAttributeBlock } from './span-body-codec';

const BODY = TAG.LogBody;

export type LogBodyFields = Pick<LogRecord, 'severityText' | 'body' | 'attributes' | 'droppedAttributesCount' | 'flags' | 'eventName'> & {
  /** Only when it is not the record's time. */
  observedTimeUnixNano?: bigint;
};

/**
 * The severity text SDKs send with a level's first number (9 INFO, 13 WARN, …): left out of the body when the
 * record has it, written (even empty) when it has another.
 */
export function usualSeverityText(severityNumber: number): string {
  return severityNumber >= 1 && severityNumber <= 24 && (severityNumber - 1) % 4 === 0 ? SEVERITY_LEVELS[(severityNumber - 1) / 4] : '';
}

export function writeLogBody(w: ProtobufWriter, log: LogRecord, time: bigint, keys: KeyAssigner): void {
  if (log.observedTimeUnixNano !== time) fixed64Field(w, BODY.observedTimeUnixNano, log.observedTimeUnixNano);
  if (log.severityText !== usualSeverityText(log.severityNumber)) {
    w.tag(BODY.severityText);
    w.string(log.severityText);
  }
  if (log.body !== null) {
    const value = w.beginMessage(BODY.body);
    writeAnyValue(w, log.body);
    w.endMessage(value);
  }
  uintField(w, BODY.droppedAttributesCount, log.droppedAttributesCount);
  uintField(w, BODY.flags, log.flags);
  stringField(w, BODY.eventName, log.eventName);
  writeAttributeBlock(w, log.attributes, keys);
}

export function readLogBody(body: Buffer, keys: KeyLookup, severityNumber: number): LogBodyFields {
  let observedTimeUnixNano: bigint | undefined;
  let severityText = usualSeverityText(severityNumber);
  let value: AnyValue = null;
  const attributes: Attributes = newAttributes();
  let droppedAttributesCount = 0;
  let flags = 0;
  let eventName = '';
  const r = new ProtobufReader(body);
  while (!r.done()) {
    switch (r.tag()) {
      case BODY.observedTimeUnixNano:
        observedTimeUnixNano = r.fixed64();
        break;
      case BODY.severityText:
        severityText = r.string();
        break;
      case BODY.body:
        value = readAnyValue(r.message(), 0);
        break;
      case BODY.droppedAttributesCount:
        droppedAttributesCount = r.uint32();
        break;
      case BODY.flags:
        flags = r.uint32();
        break;
      case BODY.eventName:
        eventName = r.string();
        break;
      case BODY.attributes: {
        const block = r.message();
        while (!block.done()) {
          const keyId = block.uint32();
          attributes[keys.keyOf(keyId)] = readAnyValue(block.message(), 0);
        }
        break;
      }
      default:
        r.skip();
    }
  }
  return { observedTimeUnixNano, severityText, body: value, attributes, droppedAttributesCount, flags, eventName };
}
