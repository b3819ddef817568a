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
  const builder = new LogBatchBuilder(keys, limits, records.length);
  for (const record of records) builder.addRecord(record);
  return builder.build();
}

/** A batch being filled: from model records (`addRecord`), or from OTLP bytes by pack-otlp-logs.ts (`addRow`). */
export class LogBatchBuilder {
  private rows: Buffer;
  readonly bodies: ProtobufWriter;
  private readonly scratch = new ProtobufWriter(1024);
  private readonly texts: string[] = [];
  private readonly resources: LogBatch['resources'] = [];
  private readonly scopes: Uint8Array[] = [];
  private readonly resourceIndex = new Map<Resource, number>();
  private readonly scopeIndex = new Map<Scope, number>();
  private count = 0;

  constructor(
    readonly keys: KeyDictionary,
    readonly limits: SpanLimits,
    expectedRecords: number,
  ) {
    this.rows = Buffer.alloc(Math.max(1, expectedRecords) * LOG_ROW_BYTES);
    this.bodies = new ProtobufWriter(expectedRecords * 128 + 64);
  }

  /** A record within the limits (they are applied here), its body written by `writeLogBody`. */
  addRecord(given: LogRecord): void {
    const limited = withLimitedAttributes(given, this.limits);
    const log = { ...limited, body: truncateValue(given.body, this.limits) };
    const time = logTime(log);
    const resource = this.resourceOf(given.resource);
    const scope = this.scopeOf(given.scope);
    writeLogBody(this.bodies, log, time, this.keys);
    const traceId = log.traceId === '' ? undefined : Buffer.from(log.traceId, 'hex');
    this.addRow(time, log.severityNumber, resource, scope, bodyText(log), traceId, log.spanId === '' ? undefined : Buffer.from(log.spanId, 'hex'));
  }

  /** The batch's index of a resource, limited and written the first time it is seen. */
  resourceOf(given: Resource): number {
    let index = this.resourceIndex.get(given);
    if (index === undefined) {
      const limited = withLimitedAttributes(given, this.limits);
      this.scratch.reset();
      writeResourceBody(this.scratch, limited);
      this.resourceIndex.set(given, (index = this.resources.push({ service: serviceOf(limited), body: ownCopy(this.scratch.view()) }) - 1));
    }
    return index;
  }

  scopeOf(given: Scope): number {
    let index = this.scopeIndex.get(given);
    if (index === undefined) {
      this.scratch.reset();
      writeScopeBody(this.scratch, withLimitedAttributes(given, this.limits));
      this.scopeIndex.set(given, (index = this.scopes.push(ownCopy(this.scratch.view())) - 1));
    }
    return index;
  }

  /** The row of the record whose body was just written to `bodies`; a span id only with a trace id (16 and 8 bytes). */
  addRow(time: bigint, severity: number, resource: number, scope: number, text: string, traceId: Uint8Array | undefined, spanId: Uint8Array | undefined): void {
    const o = this.count++ * LOG_ROW_BYTES;
    if (o + LOG_ROW_BYTES > this.rows.length) {
      const grown = Buffer.alloc(this.rows.length * 2);
      this.rows.copy(grown);
      this.rows = grown;
    }
    const rows = this.rows;
    rows.writeBigUInt64LE(time, o + LOG_ROW.time);
    rows[o + LOG_ROW.severity] = severity;
    rows[o + LOG_ROW.hasTrace] = traceId === undefined ? 0 : spanId === undefined ? 1 : 2;
    if (traceId !== undefined) rows.set(traceId, o + LOG_ROW.traceId);
    if (spanId !== undefined) rows.set(spanId, o + LOG_ROW.spanId);
    rows.writeUInt32LE(resource, o + LOG_ROW.resource);
    rows.writeUInt32LE(scope, o + LOG_ROW.scope);
    rows.writeUInt32LE(this.bodies.pos, o + LOG_ROW.bodyEnd);
    this.texts.push(text);
  }

  build(): LogBatch {
    return {
      recordCount: this.count,
      rows: ownCopy(this.rows.subarray(0, Math.max(1, this.count) * LOG_ROW_BYTES)),
      bodies: ownCopy(this.bodies.view()),
      texts: this.texts,
      resources: this.resources,
      scopes: this.scopes,
      newKeys: this.keys.takeNew(),
    };
  }
}
