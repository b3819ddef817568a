/** Log records → an OTLP/JSON ExportLogsServiceRequest (hex ids, int64 as strings, the severity as its number). */
import type { LogRecord } from '../model/log';
import { anyValue, encodeGroupedJson, keyValues, type Json } from './encode-json';

export function encodeLogsRequestJson(records: LogRecord[]): Json {
  return encodeGroupedJson(records, ['resourceLogs', 'scopeLogs', 'logRecords'], logRecordJson);
}

function logRecordJson(log: LogRecord): Json {
  return {
    timeUnixNano: log.timeUnixNano.toString(),
    observedTimeUnixNano: log.observedTimeUnixNano.toString(),
    severityNumber: log.severityNumber,
    severityText: log.severityText,
    ...(log.body === null ? {} : { body: anyValue(log.body) }),
    attributes: keyValues(log.attributes),
    droppedAttributesCount: log.droppedAttributesCount,
    flags: log.flags,
    traceId: log.traceId,
    spanId: log.spanId,
    eventName: log.eventName,
  };
}
