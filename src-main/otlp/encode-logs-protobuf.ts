/** Log records → OTLP protobuf ExportLogsServiceRequest, grouped by their shared resource and scope objects. */
import type { LogRecord } from '../model/log';
import { encodeGroupedRequest, fixed32Field, fixed64Field, hexField, stringField, uintField, writeAnyValue, writeAttributes } from './encode-protobuf';
import { TAG } from './otlp-schema';
import type { ProtobufWriter } from './protobuf-writer';

const RESOURCE_LOGS = TAG.ResourceLogs;
const SCOPE_LOGS = TAG.ScopeLogs;
const LOG = TAG.LogRecord;

export function encodeLogsRequestProtobuf(records: LogRecord[]): Buffer {
  const layout = { resourceGroup: TAG.ExportLogsServiceRequest.resourceLogs, resource: RESOURCE_LOGS.resource, resourceSchemaUrl: RESOURCE_LOGS.schemaUrl, scopeGroup: RESOURCE_LOGS.scopeLogs, scope: SCOPE_LOGS.scope, scopeSchemaUrl: SCOPE_LOGS.schemaUrl };
  return encodeGroupedRequest(records, layout, 256, writeLogRecord);
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
