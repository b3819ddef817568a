/**
 * OTLP logs in archives: every format the reader knows (JSON document, JSON Lines, protobuf request, the Collector's
 * length-prefixed stream; gzipped too) imports the same records, files may mix spans and records, and what the
 * export writes in each of its formats imports back to the same records, every field.
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeLogs, exportLogs, LOG_EXPORT_FORMATS, logExportFileName } from '../../src-main/archives/export-logs';
import { ImportError, importArchive } from '../../src-main/archives/import-archive';
import type { LogRecord } from '../../src-main/model/log';
import { encodeLogsRequestJson } from '../../src-main/otlp/encode-logs-json';
import { encodeLogsRequestProtobuf } from '../../src-main/otlp/encode-logs-protobuf';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { findLogs } from '../../src-main/query/logs';
import { loadTraceSpans } from '../../src-main/query/trace-query';
import type { Store } from '../../src-main/store/store';
import { logRecord, richLogs } from '../helpers/logs';
import { memoryStore } from '../helpers/memory-store';
import { richSpan } from '../helpers/spans';

const ARCHIVE_WORKER = join(__dirname, '..', '..', 'out', 'main', 'archive-worker.js');

async function* chunked(bytes: Uint8Array, size = 97): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function lengthPrefixed(messages: Uint8Array[]): Buffer {
  return Buffer.concat(messages.flatMap((m) => [Buffer.from([m.length >>> 24, (m.length >>> 16) & 255, (m.length >>> 8) & 255, m.length & 255]), Buffer.from(m)]));
}

/** Every record of a store, oldest first. */
const allLogs = (store: Store): LogRecord[] => findLogs(store.reader, { attributes: [], limit: 100_000 }).reverse();

/** The records as a store keeps them, to compare imports with: written straight, read back. */
async function stored(records: LogRecord[]): Promise<LogRecord[]> {
  const store = await memoryStore();
  await store.writeLogs(records);
  const back = allLogs(store);
  await store.close();
  return back;
}

async function importInto(bytes: Uint8Array, name = 'logs', archiveWorkerPath?: string) {
  const store = await memoryStore();
  const result = await importArchive(store, chunked(bytes), { name, archiveWorkerPath });
  return { store, result };
}

const records = richLogs();
const jsonLine = (list: LogRecord[]) => JSON.stringify(encodeLogsRequestJson(list));
const FILES: [string, () => Uint8Array, string][] = [
  ['an OTLP/JSON document', () => Buffer.from(JSON.stringify(encodeLogsRequestJson(records), null, 2)), 'otlp-json'],
  ['JSON Lines (a request per line)', () => Buffer.from(`${jsonLine(records.slice(0, 2))}\n\n${jsonLine(records.slice(2))}\n`), 'otlp-json-lines'],
  ['a protobuf request', () => encodeLogsRequestProtobuf(records), 'otlp-protobuf'],
  ['a length-prefixed stream (protobuf and JSON messages)', () => lengthPrefixed([encodeLogsRequestProtobuf(records.slice(0, 3)), Buffer.from(jsonLine(records.slice(3)))]), 'otlp-protobuf-stream'],
];

describe('importing OTLP logs', () => {
  it.each(FILES)('reads %s, plain and gzipped, to the records written', async (_, file, format) => {
    const expected = await stored(records);
    expect(expected).toHaveLength(records.length);
    for (const [bytes, gzip] of [[file(), false], [gzipSync(file()), true]] as const) {
      const { store, result } = await importInto(bytes);
      expect(result).toMatchObject({ format, gzip, spans: 0, traces: [], logs: records.length, rejectedLogs: 0 });
      expect(allLogs(store)).toEqual(expected);
      await store.close();
    }
  });

  it('reads logs on the archive thread as on this one', async () => {
    const { store, result } = await importInto(gzipSync(encodeLogsRequestProtobuf(records)), 'logs.pb.gz', ARCHIVE_WORKER);
    expect(result).toMatchObject({ format: 'otlp-protobuf', gzip: true, logs: records.length });
    expect(allLogs(store)).toEqual(await stored(records));
    await store.close();
  });

  it('reads JSON Lines that mix trace lines and log lines (one Collector file exporter for both pipelines)', async () => {
    const spans = [richSpan('ab'.repeat(16), '01'.repeat(8)), richSpan('ab'.repeat(16), '02'.repeat(8), '01'.repeat(8))];
    const text = [JSON.stringify(encodeTraceRequestJson(spans.slice(0, 1))), jsonLine(records.slice(0, 2)), JSON.stringify(encodeTraceRequestJson(spans.slice(1))), jsonLine(records.slice(2))].join('\n');
    const { store, result } = await importInto(Buffer.from(text));
    expect(result).toMatchObject({ format: 'otlp-json-lines', spans: 2, traces: ['ab'.repeat(16)], logs: records.length });
    expect(allLogs(store)).toEqual(await stored(records));
    expect(loadTraceSpans(store.reader, 'ab'.repeat(16))).toHaveLength(2);
    await store.close();
  });

  it('reads a length-prefixed stream that mixes trace and logs requests, each told by its first record', async () => {
    const span = richSpan('cd'.repeat(16), '01'.repeat(8));
    const { store, result } = await importInto(lengthPrefixed([encodeTraceRequestProtobuf([span]), encodeLogsRequestProtobuf(records), Buffer.from(JSON.stringify(encodeTraceRequestJson([span])))]));
    expect(result).toMatchObject({ format: 'otlp-protobuf-stream', spans: 2, logs: records.length });
    await store.close();
  });

  it('stores exactly the lines before a broken one, and says where it broke and what was stored', async () => {
    const span = richSpan('ef'.repeat(16), '01'.repeat(8));
    const lines = [jsonLine(records.slice(0, 2)), JSON.stringify(encodeTraceRequestJson([span])), jsonLine(records.slice(2, 3)), '{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"traceId": 7}]}]}]}', jsonLine(records.slice(3))];
    const store = await memoryStore();
    const error = (await importArchive(store, chunked(Buffer.from(lines.join('\n'))), { name: 'mixed.jsonl' }).catch((e: unknown) => e)) as ImportError;
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toBe(
      'mixed.jsonl, read as otlp-json-lines: line 4: resourceLogs[0].scopeLogs[0].logRecords[0].traceId: expected a string, got number 7; the 1 span (1 trace) and 3 log records before that point were imported',
    );
    expect(error.result).toMatchObject({ spans: 1, logs: 3 });
    expect(allLogs(store)).toEqual(await stored(records.slice(0, 3)));
    await store.close();
  });

  it('names the record a document breaks at by its path, across groups read in pieces', async () => {
    const doc = encodeLogsRequestJson(records) as { resourceLogs: { scopeLogs: { logRecords: Record<string, unknown>[] }[] }[] };
    doc.resourceLogs[1].scopeLogs[0].logRecords[2].severityNumber = 'SEVERITY_NUMBER_LOUD';
    const store = await memoryStore();
    const error = (await importArchive(store, chunked(Buffer.from(JSON.stringify(doc, null, 1)), 5), { name: 'doc.json' }).catch((e: unknown) => e)) as ImportError;
    expect(error.message).toMatch(/^doc\.json, read as otlp-json: resourceLogs\[1\]\.scopeLogs\[0\]\.logRecords\[2\]\.severityNumber: .*SEVERITY_NUMBER_LOUD.*; the 2 log records before that point were imported$/);
    await store.close();
  });

  it('counts records the store refuses, with their reasons', async () => {
    const bad = logRecord({ timeUnixNano: 0n, observedTimeUnixNano: 0n });
    const { store, result } = await importInto(encodeLogsRequestProtobuf([records[0], bad]));
    expect(result).toMatchObject({ logs: 1, rejectedLogs: 1, rejectionReasons: ['log record: neither time_unix_nano nor observed_time_unix_nano is set'] });
    await store.close();
  });
});

describe('exporting logs', () => {
  it.each(LOG_EXPORT_FORMATS)('writes %s that imports back to the same records, every field', async (format) => {
    const source = await memoryStore();
    await source.writeLogs(records);
    const expected = allLogs(source);
    const exported = exportLogs(source.reader, { attributes: [], limit: 100_000 }, format);
    expect(exported).toMatchObject({ records: records.length, truncated: false });
    const { store, result } = await importInto(exported.body, logExportFileName(format));
    // One request on one line reads as JSON Lines, as a trace document does.
    expect(result).toMatchObject({ format: format === 'otlp-protobuf' ? 'otlp-protobuf' : 'otlp-json-lines', logs: records.length, rejectedLogs: 0 });
    const back = allLogs(store);
    expect(back).toEqual(expected);
    // And the store kept what was written: the round trip is of every field, not of a part both lost.
    expect(back.map(({ resource, scope, ...rest }) => rest)).toEqual(records.map(({ resource, scope, ...rest }) => rest));
    expect(back.map((r) => [r.resource, r.scope])).toEqual(records.map((r) => [r.resource, r.scope]));
    await Promise.all([source.close(), store.close()]);
  });

  it("writes a trace's records, or those the filters answer, up to the limit (the newest)", async () => {
    const source = await memoryStore();
    await source.writeLogs(records);
    const ofTrace = exportLogs(source.reader, { attributes: [], traceId: 'ab'.repeat(16), limit: 100_000 }, 'otlp-json');
    expect(JSON.parse(ofTrace.body.toString()).resourceLogs[0].scopeLogs[0].logRecords.map((r: { eventName: string }) => r.eventName)).toEqual(['payment.declined', '']);
    const errors = exportLogs(source.reader, { attributes: [], minSeverity: 17, limit: 100_000 }, 'otlp-json-lines');
    expect(errors.records).toBe(2);
    const newest = exportLogs(source.reader, { attributes: [], limit: 2 }, 'otlp-json-lines');
    expect(newest).toMatchObject({ records: 2, truncated: true });
    expect(JSON.parse(newest.body.toString()).resourceLogs[0].scopeLogs[0].logRecords.map((r: { severityNumber: number }) => r.severityNumber)).toEqual([0, 24]);
    await source.close();
  });

  it('writes JSON Lines a thousand records a line', async () => {
    const shared = logRecord();
    const many = Array.from({ length: 2500 }, (_, i) => ({ ...shared, timeUnixNano: BigInt(i + 1) * 1_000_000n, observedTimeUnixNano: BigInt(i + 1) * 1_000_000n }));
    const lines = encodeLogs(many, 'otlp-json-lines').toString().split('\n');
    expect(lines.map((line) => (line === '' ? 0 : JSON.parse(line).resourceLogs[0].scopeLogs[0].logRecords.length))).toEqual([1000, 1000, 500, 0]);
  });

  it('names files only with safe characters', () => {
    expect(logExportFileName('otlp-json')).toBe('logs.otlp.json');
    expect(logExportFileName('otlp-json-lines', 'ab'.repeat(16))).toBe(`trace-${'ab'.repeat(16)}-logs.otlp.jsonl`);
    expect(logExportFileName('otlp-protobuf', '../"x\nab')).toBe('trace-ab-logs.otlp.binpb');
  });
});
