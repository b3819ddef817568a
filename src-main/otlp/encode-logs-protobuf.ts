/** Log records → OTLP protobuf ExportLogsServiceRequest, grouped by their shared resource and scope objects. */
import type { LogRecord } from '../model/log';
import { fixed32Field, fixed64Field, hexField, stringField, uintField, writeAnyValue, writeAttributes, writeResource, writeScope } from './encode-protobuf';
import { groupByResourceAndScope } from './group-spans';
import { TAG } from './otlp-schema';
import { ProtobufWriter } from './protobuf-writer';

const RESOURCE_LOGS = TAG.ResourceLogs;
const SCOPE_LOGS = TAG.ScopeLogs;
const LOG = TAG.LogRecord;

export function encodeLogsRequestProtobuf(records: LogRecord[]): Buffer {
  const w = new ProtobufWriter(records.length * 256 + 256);
  for (const [resource, scopes] of groupByResourceAndScope(records)) {
    const rl = w.beginMessage(TAG.ExportLogsServiceRequest.resourceLogs);
    writeResource(w, RESOURCE_LOGS.resource, resource);
    for (const [scope, list] of scopes) {
      const sl = w.beginMessage(RESOURCE_LOGS.scopeLogs);
      writeScope(w, SCOPE_LOGS.scope, scope);
      for (const record of list) writeLogRecord(w, record);
      stringField(w, SCOPE_LOGS.schemaUrl, scope.schemaUrl);
      w.endMessage(sl);
    }
    stringField(w, RESOURCE_LOGS.schemaUrl, resource.schemaUrl);
    w.endMessage(rl);
  }
  return Buffer.from(w.view());
}

function writeLogRecord(w: ProtobufWriter, log: LogRecord): void {
  const m = w.beginMessage(SCOPE_LOGS.logRecords);
  fixed64Field(w, LOG.timeUnixNano, log.timeUnixNano);
  uintField(w, LOG.severityNumber, log.severityNumber);
  stringField(w, LOG.severityText, log.severityText);
  if (log.body !== null) {
    const bm = w.beginMessage(LOG.body);
    writeAnyValue(w, log.body);
    w.endMessage(bm);
  }
  writeAttributes(w, LOG.attributes, log.attributes);
  uintField(w, LOG.droppedAttributesCount, log.droppedAttributesCount);
  fixed32Field(w, LOG.flags, log.flags);
  hexField(w, LOG.traceId, log.traceId);
  hexField(w, LOG.spanId, log.spanId);
  fixed64Field(w, LOG.observedTimeUnixNano, log.observedTimeUnixNano);
  stringField(w, LOG.eventName, log.eventName);
  w.endMessage(m);
}
