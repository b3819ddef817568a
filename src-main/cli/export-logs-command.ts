/** `spanscope export-logs [TRACE_ID...] [--db PATH] [--format F] [filters] [-o FILE]`: log records as an OTLP file. */
import { writeFileSync } from 'node:fs';
import { encodeLogs } from '../archives/export-logs';
import { DEFAULT_MAX_DB_BYTES, DEFAULT_MAX_QUEUED_SPANS, DEFAULT_RETENTION_MS } from '../core/core-options';
import { openStore } from '../core/open-store';
import type { LogRecord } from '../model/log';
import { findLogs } from '../query/logs';
import type { ExportLogsArgs } from './archive-args';

export async function exportLogsCommand(args: ExportLogsArgs, writerWorkerPath: string): Promise<number> {
  const store = await openStore({ dbPath: args.dbPath, maxDbBytes: DEFAULT_MAX_DB_BYTES, retentionMs: DEFAULT_RETENTION_MS, maxQueuedSpans: DEFAULT_MAX_QUEUED_SPANS, writerWorkerPath });
  try {
    // Each trace's records (or all), newest first and at most the limit in all; written oldest first.
    const records: LogRecord[] = [];
    for (const traceId of args.traceIds.length > 0 ? args.traceIds : [undefined]) {
      const left = args.query.limit - records.length;
      if (left > 0) records.push(...findLogs(store.reader, { ...args.query, traceId, limit: left }));
    }
    records.sort((a, b) => (a.timeUnixNano < b.timeUnixNano ? -1 : a.timeUnixNano > b.timeUnixNano ? 1 : 0));
    if (records.length >= args.query.limit) process.stderr.write(`spanscope export-logs: wrote the newest ${records.length} records, the most --limit allows; narrow the filters for the others\n`);
    const body = encodeLogs(records, args.format);
    if (args.output === undefined || args.output === '-') process.stdout.write(body);
    else writeFileSync(args.output, body);
    return 0;
  } finally {
    await store.close();
  }
}
