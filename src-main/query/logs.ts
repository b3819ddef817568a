/**
 * Log search (`GET /api/logs`) and a trace's logs (`GET /api/traces/ID/logs`). Candidates come newest first from
 * the index that narrows most (the trace id, the trigram index of the bodies, or time), and each is checked against
 * every condition on its row and body, so an index never changes an answer, only its cost.
 */
import type { ApiLogRecord } from '../model/api';
import { anyValueText } from '../model/any-value-text';
import { bodyText, type LogRecord } from '../model/log';
import { serviceOf } from '../model/span';
import { runRecordRange } from '../store/log-text-runs';
import type { LogRow, StoreReader } from '../store/store-reader';
import { apiResource, apiScope, toApiAttributes, toApiValue } from './api-documents';
import type { LogQuery } from './log-query';
import { MAX_NS, MIN_NS } from './ns-range';
import { deadline } from './query-deadline';

/** Rows read per page of candidates. */
const PAGE = 256;

export function searchLogs(reader: StoreReader, query: LogQuery, cancelled?: () => boolean): ApiLogRecord[] {
  return findLogs(reader, query, cancelled).map(toApiLogRecord);
}

/** The records that answer `query`, newest first, at most `query.limit`: what search shows and export writes. */
export function findLogs(reader: StoreReader, query: LogQuery, cancelled?: () => boolean): LogRecord[] {
  const checkTime = deadline(undefined, undefined, cancelled);
  const serviceId = query.service === undefined ? undefined : reader.serviceId(query.service);
  if (query.service !== undefined && serviceId === undefined) return [];
  const text = query.text?.toLowerCase();
  const rowMatches = (row: LogRow) =>
    (serviceId === undefined || row.serviceId === serviceId) &&
    (query.minSeverity === undefined || row.severity >= query.minSeverity) &&
    (query.spanId === undefined || row.spanId === query.spanId) &&
    (query.startNs === undefined || row.timeNs >= query.startNs) &&
    (query.endNs === undefined || row.timeNs <= query.endNs);
  const recordMatches = (record: LogRecord) =>
    (text === undefined || bodyText(record).toLowerCase().includes(text)) &&
    query.attributes.every(({ key, value }) => [record.attributes, record.resource.attributes].some((attributes) => key in attributes && anyValueText(attributes[key]) === value));
  const found: LogRecord[] = [];
  const consider = (row: LogRow): boolean => {
    if (rowMatches(row)) {
      const record = reader.toLogRecord(row);
      if (recordMatches(record)) found.push(record);
    }
    return found.length < query.limit;
  };
  if (query.traceId !== undefined) {
    const rows = reader.logsOfTrace(query.traceId);
    for (let i = rows.length - 1; i >= 0 && consider(rows[i]); i--);
  } else if (text !== undefined && text.length >= 3) {
    const match = trigramQuery(text);
    let more = true;
    for (let before = Number.MAX_SAFE_INTEGER; more; ) {
      checkTime();
      const runs = reader.logTextMatches(match, before, PAGE);
      for (const first of runs) {
        const rows = reader.logsBetween(...runRecordRange(first, before));
        for (let i = rows.length - 1; i >= 0 && (more = consider(rows[i])); i--);
        before = first;
        if (!more) break;
      }
      if (runs.length < PAGE) break;
    }
  } else {
    let after: [bigint, bigint] = [query.endNs === undefined ? MAX_NS : query.endNs + 1n, 0n];
    for (;;) {
      checkTime();
      const rows = reader.logsByTime(query.startNs ?? MIN_NS, after, PAGE);
      let more = true;
      for (const row of rows) if (!(more = consider(row))) break;
      if (!more || rows.length < PAGE) break;
      const last = rows[rows.length - 1];
      after = [last.timeNs, BigInt(last.logNo)];
    }
  }
  return found.sort((a, b) => (a.timeUnixNano > b.timeUnixNano ? -1 : a.timeUnixNano < b.timeUnixNano ? 1 : 0));
}

/** A trace's log records in time order. */
export function traceLogs(reader: StoreReader, traceId: string): ApiLogRecord[] {
  return reader.logsOfTrace(traceId).map((row) => toApiLogRecord(reader.toLogRecord(row)));
}

/** The records a write committed, for the `log` events. */
export function logsNumbered(reader: StoreReader, logNumbers: number[]): ApiLogRecord[] {
  if (logNumbers.length === 0) return [];
  const wanted = new Set(logNumbers);
  return reader.logsBetween(Math.min(...logNumbers), Math.max(...logNumbers)).filter((row) => wanted.has(row.logNo)).map((row) => toApiLogRecord(reader.toLogRecord(row)));
}

/** Every trigram of the (lowercased) text, each a quoted term: the trigram index answers their AND. */
function trigramQuery(text: string): string {
  const terms = new Set<string>();
  const chars = [...text];
  for (let i = 0; i + 3 <= chars.length; i++) terms.add(`"${chars.slice(i, i + 3).join('').replace(/"/g, '""')}"`);
  return [...terms].join(' AND ');
}

export function toApiLogRecord(record: LogRecord): ApiLogRecord {
  return {
    timeUnixNano: record.timeUnixNano.toString(),
    observedTimeUnixNano: record.observedTimeUnixNano.toString(),
    severityNumber: record.severityNumber,
    severityText: record.severityText,
    body: toApiValue(record.body),
    attributes: toApiAttributes(record.attributes),
    traceId: record.traceId,
    spanId: record.spanId,
    eventName: record.eventName,
    flags: record.flags,
    droppedAttributesCount: record.droppedAttributesCount,
    service: serviceOf(record.resource),
    resource: apiResource(record.resource),
    scope: apiScope(record.scope),
  };
}
