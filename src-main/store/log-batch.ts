/**
 * Log records packed into the rows the writer inserts, built on the receiving thread and transferred to the writer
 * thread without copying, as spans are (encoded-batch.ts). Limits as for spans: attributes, value length and
 * entries (the body is a value like any other).
 */
import { bodyText, logTime, type LogRecord } from '../model/log';
import { serviceOf, type Resource, type Scope } from '../model/span';
import { ProtobufWriter } from '../otlp/protobuf-writer';
import { ownCopy } from './encoded-batch';
import type { KeyDictionary } from './key-dictionary';
import { writeLogBody } from './log-body-codec';
import { writeResourceBody, writeScopeBody } from './span-body-codec';
import { truncateValue, withLimitedAttributes, type SpanLimits } from './span-limits';

/** One record row in LogBatch.rows, little-endian. */
export const LOG_ROW_BYTES = 48;
export const LOG_ROW = {
  time: 0, // u64 ns
  severity: 8, // u8
  hasTrace: 9, // u8: 0 none, 1 trace id, 2 trace and span id
  traceId: 10, // 16 bytes
  spanId: 26, // 8 bytes
  resource: 34, // u32 index into resources
  scope: 38, // u32
  bodyEnd: 42, // u32: the body runs from the previous row's end
} as const;

export interface LogBatch {
  recordCount: number;
  rows: Uint8Array;
  bodies: Uint8Array;
  /** What text search reads of each record: its body as text. */
  texts: string[];
  resources: { service: string; body: Uint8Array }[];
  scopes: Uint8Array[];
  /** Attribute keys first used by this batch: id → key. */
  newKeys: [number, string][];
}

export function packLogs(records: LogRecord[], keys: KeyDictionary, limits: SpanLimits): LogBatch {
  const rows = Buffer.alloc(Math.max(1, records.length) * LOG_ROW_BYTES);
  const bodies = new ProtobufWriter(records.length * 128 + 64);
  const scratch = new ProtobufWriter(1024);
  const texts: string[] = [];
  const resources: LogBatch['resources'] = [];
  const scopes: Uint8Array[] = [];
  const resourceIndex = new Map<Resource, number>();
  const scopeIndex = new Map<Scope, number>();
  records.forEach((given, i) => {
    const limited = withLimitedAttributes(given, limits);
    const log = { ...limited, body: truncateValue(given.body, limits) };
    let resource = resourceIndex.get(given.resource);
    if (resource === undefined) {
      const limitedResource = withLimitedAttributes(given.resource, limits);
      scratch.reset();
      writeResourceBody(scratch, limitedResource);
      resourceIndex.set(given.resource, (resource = resources.push({ service: serviceOf(limitedResource), body: ownCopy(scratch.view()) }) - 1));
    }
    let scope = scopeIndex.get(given.scope);
    if (scope === undefined) {
      scratch.reset();
      writeScopeBody(scratch, withLimitedAttributes(given.scope, limits));
      scopeIndex.set(given.scope, (scope = scopes.push(ownCopy(scratch.view())) - 1));
    }
    const time = logTime(log);
    writeLogBody(bodies, log, time, keys);
    const o = i * LOG_ROW_BYTES;
    rows.writeBigUInt64LE(time, o + LOG_ROW.time);
    rows[o + LOG_ROW.severity] = log.severityNumber;
    rows[o + LOG_ROW.hasTrace] = log.traceId === '' ? 0 : log.spanId === '' ? 1 : 2;
    if (log.traceId !== '') rows.write(log.traceId, o + LOG_ROW.traceId, 16, 'hex');
    if (log.spanId !== '') rows.write(log.spanId, o + LOG_ROW.spanId, 8, 'hex');
    rows.writeUInt32LE(resource, o + LOG_ROW.resource);
    rows.writeUInt32LE(scope, o + LOG_ROW.scope);
    rows.writeUInt32LE(bodies.pos, o + LOG_ROW.bodyEnd);
    texts.push(bodyText(log));
  });
  return { recordCount: records.length, rows: ownCopy(rows), bodies: ownCopy(bodies.view()), texts, resources, scopes, newKeys: keys.takeNew() };
}
