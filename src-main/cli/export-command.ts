/** `spanscope export TRACE_ID... --db PATH [--format F] [-o FILE]`. */
import { writeFileSync } from 'node:fs';
import { exportTraces } from '../archives/export-traces';
import { DEFAULT_MAX_DB_BYTES, DEFAULT_MAX_QUEUED_SPANS, DEFAULT_RETENTION_MS } from '../core/core-options';
import { openStore } from '../core/open-store';
import type { ExportArgs } from './archive-args';

export async function exportCommand(args: ExportArgs, writerWorkerPath: string): Promise<number> {
  const store = await openStore({ dbPath: args.dbPath, maxDbBytes: DEFAULT_MAX_DB_BYTES, retentionMs: DEFAULT_RETENTION_MS, maxQueuedSpans: DEFAULT_MAX_QUEUED_SPANS, writerWorkerPath });
  try {
    const exported = exportTraces(store.reader, args.traceIds, args.format);
    if (exported.missing.length > 0) {
      process.stderr.write(`spanscope export: not in ${args.dbPath}: ${exported.missing.join(', ')}; nothing was written\n`);
      return 1;
    }
    for (const note of exported.notes) process.stderr.write(`spanscope export: ${args.format} cannot hold everything: ${note}\n`);
    if (args.output === undefined || args.output === '-') process.stdout.write(`${exported.text}\n`);
    else writeFileSync(args.output, `${exported.text}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
