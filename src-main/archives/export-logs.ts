/**
 * Log records from a store written as a file: OTLP/JSON (one request), OTLP/JSON Lines (a request per line, as the
 * Collector's file exporter writes) or OTLP protobuf (one ExportLogsServiceRequest). Each holds every field of a
 * record, so a file exported here imports back to the same records.
 */
import type { LogRecord } from '../model/log';
import { encodeLogsRequestJson } from '../otlp/encode-logs-json';
import { encodeLogsRequestProtobuf } from '../otlp/encode-logs-protobuf';
import type { LogQuery } from '../query/log-query';
import { findLogs } from '../query/logs';
import type { StoreReader } from '../store/store-reader';

export const LOG_EXPORT_FORMATS = ['otlp-json', 'otlp-json-lines', 'otlp-protobuf'] as const;
export type LogExportFormat = (typeof LOG_EXPORT_FORMATS)[number];

/** The default and largest `limit` of an export: records beyond it are left out (the newest are kept). */
export const LOG_EXPORT_LIMITS = { default: 100_000, max: 100_000 };
/** Records per line of JSON Lines. */
const RECORDS_PER_LINE = 1000;

export function isLogExportFormat(format: string): format is LogExportFormat {
  return (LOG_EXPORT_FORMATS as readonly string[]).includes(format);
}

export interface ExportedLogs {
  body: Buffer;
  contentType: string;
  records: number;
  /** As many records as the query's limit: there may be more. */
  truncated: boolean;
}

/** The records answering `query` (the newest `query.limit` of them), oldest first, encoded. */
export function exportLogs(reader: StoreReader, query: LogQuery, format: LogExportFormat, cancelled?: () => boolean): ExportedLogs {
  const records = findLogs(reader, query, cancelled).reverse();
  return { body: encodeLogs(records, format), contentType: CONTENT_TYPES[format], records: records.length, truncated: records.length >= query.limit };
}

const CONTENT_TYPES: Record<LogExportFormat, string> = {
  'otlp-json': 'application/json; charset=utf-8',
  'otlp-json-lines': 'application/x-ndjson; charset=utf-8',
  'otlp-protobuf': 'application/x-protobuf',
};

export function encodeLogs(records: LogRecord[], format: LogExportFormat): Buffer {
  if (format === 'otlp-protobuf') return encodeLogsRequestProtobuf(records);
  if (format === 'otlp-json') return Buffer.from(`${JSON.stringify(encodeLogsRequestJson(records))}\n`);
  const lines: string[] = [];
  for (let i = 0; i < records.length; i += RECORDS_PER_LINE) lines.push(`${JSON.stringify(encodeLogsRequestJson(records.slice(i, i + RECORDS_PER_LINE)))}\n`);
  return Buffer.from(lines.join(''));
}

/** A file name made only of the trace id (when there is one) and the format: `logs.otlp.json`, `trace-ID-logs.otlp.binpb`. */
export function logExportFileName(format: LogExportFormat, traceId?: string): string {
  const what = traceId === undefined ? 'logs' : `trace-${traceId.replace(/[^0-9a-f]/g, '')}-logs`;
  const extension = format === 'otlp-json' ? 'json' : format === 'otlp-json-lines' ? 'jsonl' : 'binpb';
  return `${what}.otlp.${extension}`;
}
