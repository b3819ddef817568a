/**
 * OTLP protobuf ExportLogsServiceRequest → log records; fields named by otlp-schema.ts, a wrong wire type skipped
 * as unknown. A request that cannot be read throws DecodeError; a record with malformed trace context or severity
 * is rejected alone, with a reason for partial_success.
 */
import type { LogRecord } from '../model/log';
import { newAttributes, type Resource, type Scope } from '../model/span';
import { readAnyValue, readKeyValue, readResource, readScope, type ArrayCap } from './decode-protobuf';
import { DecodeError, Rejections } from './decode-result';
import { TAG } from './otlp-schema';
import { ProtobufError, ProtobufReader } from './protobuf-reader';

const REQUEST = TAG.ExportLogsServiceRequest;
const RESOURCE_LOGS = TAG.ResourceLogs;
const SCOPE_LOGS = TAG.ScopeLogs;
const LOG = TAG.LogRecord;
/** Times are stored as SQLite's signed 64-bit integers. */
export const MAX_LOG_TIME = 1n << 63n;

export interface LogsDecodeResult {
  records: LogRecord[];
  rejectedRecords: number;
  rejectionReasons: string[];
}

export function decodeLogsRequestProtobuf(body: Buffer, cap?: ArrayCap): LogsDecodeResult {
  const records: LogRecord[] = [];
  const rejections = new Rejections();
  forEachLogRecordMessage(
    body,
    (r, resource, scope) => {
      const log = readLogRecord(r, resource, scope, cap);
      const reason = invalidLogReason(log);
      if (reason === '') records.push(log);
      else rejections.add(reason);
    },
    cap,
  );
  return { records, rejectedRecords: rejections.count, rejectionReasons: rejections.reasons };
}

type VisitRecord = (record: ProtobufReader, resource: Resource, scope: Scope) => void;

/**
 * Walks an ExportLogsServiceRequest, handing each LogRecord message to `visit` with its resource and scope
 * (decoded once, shared by their records; their arrays as far as `cap`). A request that cannot be read throws
 * DecodeError naming the byte.
 */
export function forEachLogRecordMessage(body: Buffer, visit: VisitRecord, cap?: ArrayCap): void {
  const reader = new ProtobufReader(body);
  try {
    while (!reader.done()) {
      if (reader.tag() === REQUEST.resourceLogs) readResourceLogs(reader.message(), visit, cap);
      else reader.skip();
    }
  } catch (error) {
    if (error instanceof ProtobufError) throw new DecodeError(`not a valid OTLP protobuf logs request: ${error.message}`);
    throw error;
  }
}

function readResourceLogs(r: ProtobufReader, visit: VisitRecord, cap: ArrayCap | undefined): void {
  const resource: Resource = { attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
  const scopeLogs: ProtobufReader[] = [];
  while (!r.done()) {
    switch (r.tag()) {
      case RESOURCE_LOGS.resource:
        readResource(r.message(), resource, cap);
        break;
      case RESOURCE_LOGS.scopeLogs:
      case RESOURCE_LOGS.instrumentationLibraryLogs:
        scopeLogs.push(r.message());
        break;
      case RESOURCE_LOGS.schemaUrl:
        resource.schemaUrl = r.string();
        break;
      default:
        r.skip();
    }
  }
  for (const s of scopeLogs) readScopeLogs(s, resource, visit, cap);
}

function readScopeLogs(r: ProtobufReader, resource: Resource, visit: VisitRecord, cap: ArrayCap | undefined): void {
  const scope: Scope = { name: '', version: '', attributes: newAttributes(), droppedAttributesCount: 0, schemaUrl: '' };
  const records: ProtobufReader[] = [];
  while (!r.done()) {
    switch (r.tag()) {
      case SCOPE_LOGS.scope:
        readScope(r.message(), scope, cap);
        break;
      case SCOPE_LOGS.logRecords:
        records.push(r.message());
        break;
      case SCOPE_LOGS.schemaUrl:
        scope.schemaUrl = r.string();
        break;
      default:
        r.skip();
    }
  }
  for (const record of records) visit(record, resource, scope);
}

export function readLogRecord(r: ProtobufReader, resource: Resource, scope: Scope, cap: ArrayCap | undefined): LogRecord {
  const log: LogRecord = {
    timeUnixNano: 0n, observedTimeUnixNano: 0n, severityNumber: 0, severityText: '', body: null, attributes: newAttributes(),
    droppedAttributesCount: 0, flags: 0, traceId: '', spanId: '', eventName: '', resource, scope,
  };
  while (!r.done()) {
    switch (r.tag()) {
      case LOG.timeUnixNano:
        log.timeUnixNano = r.fixed64();
        break;
      case LOG.observedTimeUnixNano:
        log.observedTimeUnixNano = r.fixed64();
        break;
      case LOG.severityNumber:
        log.severityNumber = r.uint32() | 0; // an enum: int32 on the wire
        break;
      case LOG.severityText:
        log.severityText = r.string();
        break;
      case LOG.body:
        log.body = readAnyValue(r.message(), 0, cap);
        break;
      case LOG.attributes:
        readKeyValue(r.message(), log.attributes, 0, cap);
        break;
      case LOG.droppedAttributesCount:
        log.droppedAttributesCount = r.uint32();
        break;
      case LOG.flags:
        log.flags = r.fixed32();
        break;
      case LOG.traceId:
        log.traceId = r.hex();
        break;
      case LOG.spanId:
        log.spanId = r.hex();
        break;
      case LOG.eventName:
        log.eventName = r.string();
        break;
      default:
        r.skip();
    }
  }
  // All zeros is no trace context, as OTLP reads it.
  if (/^0*$/.test(log.traceId)) log.traceId = '';
  if (/^0*$/.test(log.spanId)) log.spanId = '';
  return log;
}

/** Why a record cannot be stored as sent, or ''. */
export function invalidLogReason(log: LogRecord): string {
  if (log.traceId !== '' && log.traceId.length !== 32) return `log record: trace id "${log.traceId}" is ${log.traceId.length / 2} bytes, expected 16 or none`;
  if (log.spanId !== '' && log.spanId.length !== 16) return `log record: span id "${log.spanId}" is ${log.spanId.length / 2} bytes, expected 8 or none`;
  if (log.spanId !== '' && log.traceId === '') return `log record: span id "${log.spanId}" without a trace id`;
  if (!Number.isInteger(log.severityNumber) || log.severityNumber < 0 || log.severityNumber > 24) return `log record: severity number ${log.severityNumber} is not one of OTLP's (0–24)`;
  if (log.timeUnixNano === 0n && log.observedTimeUnixNano === 0n) return 'log record: neither time_unix_nano nor observed_time_unix_nano is set';
  if (log.timeUnixNano >= MAX_LOG_TIME || log.observedTimeUnixNano >= MAX_LOG_TIME) return `log record: its time is past what the store holds (year 2262)`;
  return '';
}
