/**
 * OTLP/JSON logs → the same ExportLogsServiceRequest in protobuf, validated field by field, as traces are
 * (transcode-json.ts, whose resource, scope, attribute and value writers this uses): JSON then takes the protobuf
 * path. A wrong field throws DecodeError with its path.
 */
import { fixed32Field, fixed64Field, stringField, uintField } from './encode-protobuf';
import { array, object, str, uint, uint64, type Json, type JsonObject } from './json-fields';
import { TAG } from './otlp-schema';
import { parseJsonExactNumbers } from './parse-json';
import { ProtobufWriter } from './protobuf-writer';
import { anyValue, attributes, enumNumber, idField, resource, scope } from './transcode-json';

const RESOURCE_LOGS = TAG.ResourceLogs;
const SCOPE_LOGS = TAG.ScopeLogs;
const LOG = TAG.LogRecord;

/** SeverityNumber's names without their SEVERITY_NUMBER_ prefix, by number. */
const SEVERITY_NAMES = ['UNSPECIFIED', ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((level) => [level, `${level}2`, `${level}3`, `${level}4`])];

export function transcodeLogsRequestJsonText(text: string): Buffer {
  return transcodeLogsRequestJson(parseJsonExactNumbers(text));
}

export function transcodeLogsRequestJson(doc: Json): Buffer {
  const w = new ProtobufWriter(64 * 1024);
  const root = object(doc, '$');
  const list = array(root.resourceLogs ?? root.resource_logs, 'resourceLogs');
  for (let i = 0; i < list.length; i++) resourceLogs(w, object(list[i], `resourceLogs[${i}]`), `resourceLogs[${i}]`);
  return Buffer.from(w.view());
}

function resourceLogs(w: ProtobufWriter, rl: JsonObject, path: string): void {
  const m = w.beginMessage(TAG.ExportLogsServiceRequest.resourceLogs);
  resource(w, RESOURCE_LOGS.resource, rl, path);
  const scopeLogsList = array(rl.scopeLogs ?? rl.scope_logs ?? rl.instrumentationLibraryLogs ?? rl.instrumentation_library_logs, path, 'scopeLogs');
  for (let i = 0; i < scopeLogsList.length; i++) {
    const slPath = `${path}.scopeLogs[${i}]`;
    const sl = object(scopeLogsList[i], slPath);
    const sm = w.beginMessage(RESOURCE_LOGS.scopeLogs);
    scope(w, SCOPE_LOGS.scope, sl, slPath);
    const records = array(sl.logRecords ?? sl.log_records, slPath, 'logRecords');
    for (let j = 0; j < records.length; j++) logRecord(w, object(records[j], `${slPath}.logRecords[${j}]`), `${slPath}.logRecords[${j}]`);
    stringField(w, SCOPE_LOGS.schemaUrl, str(sl.schemaUrl ?? sl.schema_url, slPath, 'schemaUrl'));
    w.endMessage(sm);
  }
  stringField(w, RESOURCE_LOGS.schemaUrl, str(rl.schemaUrl ?? rl.schema_url, path, 'schemaUrl'));
  w.endMessage(m);
}

function logRecord(w: ProtobufWriter, l: JsonObject, path: string): void {
  const m = w.beginMessage(SCOPE_LOGS.logRecords);
  fixed64Field(w, LOG.timeUnixNano, uint64(l.timeUnixNano ?? l.time_unix_nano, path, 'timeUnixNano'));
  fixed64Field(w, LOG.observedTimeUnixNano, uint64(l.observedTimeUnixNano ?? l.observed_time_unix_nano, path, 'observedTimeUnixNano'));
  uintField(w, LOG.severityNumber, enumNumber(l.severityNumber ?? l.severity_number, SEVERITY_NAMES, 'SEVERITY_NUMBER_', path, 'severityNumber'));
  stringField(w, LOG.severityText, str(l.severityText ?? l.severity_text, path, 'severityText'));
  const body = l.body;
  if (body !== undefined && body !== null) {
    const bm = w.beginMessage(LOG.body);
    anyValue(w, body, path, 'body', 0);
    w.endMessage(bm);
  }
  attributes(w, LOG.attributes, l.attributes, path, 'attributes', 0);
  uintField(w, LOG.droppedAttributesCount, uint(l.droppedAttributesCount ?? l.dropped_attributes_count, path, 'droppedAttributesCount'));
  fixed32Field(w, LOG.flags, uint(l.flags, path, 'flags'));
  idField(w, LOG.traceId, l.traceId ?? l.trace_id, path, 'traceId');
  idField(w, LOG.spanId, l.spanId ?? l.span_id, path, 'spanId');
  stringField(w, LOG.eventName, str(l.eventName ?? l.event_name, path, 'eventName'));
  w.endMessage(m);
}
