/** `spanscope import FILE... --db PATH`: one line per file on standard output; failures on standard error. */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { archiveWorkerPathBeside } from '../archives/archive-thread';
import { ImportError, importArchive, type ImportResult } from '../archives/import-archive';
import { DEFAULT_MAX_DB_BYTES, DEFAULT_MAX_QUEUED_SPANS, DEFAULT_RETENTION_MS } from '../core/core-options';
import { openStore } from '../core/open-store';
import type { ImportArgs } from './archive-args';

/** Large reads: fewer turns of the event loop per megabyte. */
const READ_CHUNK_BYTES = 1024 * 1024;

export async function importCommand(args: ImportArgs, writerWorkerPath: string): Promise<number> {
  const store = await openStore({ dbPath: args.dbPath, maxDbBytes: DEFAULT_MAX_DB_BYTES, retentionMs: DEFAULT_RETENTION_MS, maxQueuedSpans: DEFAULT_MAX_QUEUED_SPANS, writerWorkerPath, exclusive: true });
  let failed = 0;
  try {
    for (const file of args.files) {
      try {
        const handle = await open(file);
        if ((await handle.stat()).isDirectory()) {
          await handle.close();
          throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
        }
        const result = await importArchive(store, handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES }), { name: file, archiveWorkerPath: archiveWorkerPathBeside(writerWorkerPath), takeChunks: true }).finally(() => handle.close());
        process.stdout.write(`${importLine(file, result)}\n`);
      } catch (error) {
        failed++;
        const message = error instanceof ImportError ? error.message : `${file}: ${describeFileError(error as NodeJS.ErrnoException)}; nothing was imported`;
        process.stderr.write(`spanscope import: ${message}\n`);
      }
    }
  } finally {
    await store.close();
  }
  return failed === 0 ? 0 : 1;
}

/**
 * "trace.json.gz: zipkin-json (gzip), 1 trace, 1,041 spans imported"; a file with log records adds their count:
 * "all.jsonl: otlp-json-lines, 1 trace, 4 spans, 12 log records imported".
 */
export function importLine(name: string, result: ImportResult): string {
  const count = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;
  const refused = [...(result.rejectedSpans > 0 ? [count(result.rejectedSpans, 'span')] : []), ...(result.rejectedLogs > 0 ? [count(result.rejectedLogs, 'log record')] : [])];
  const rejected = refused.length > 0 ? `; ${refused.join(' and ')} refused: ${result.rejectionReasons.join('; ')}` : '';
  const logs = result.logs > 0 ? `, ${count(result.logs, 'log record')}` : '';
  return `${basename(name)}: ${result.format}${result.gzip ? ' (gzip)' : ''}, ${count(result.traces.length, 'trace')}, ${count(result.spans, 'span')}${logs} imported${rejected}`;
}

function describeFileError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'no such file';
  if (error.code === 'EISDIR') return 'is a folder, not a file';
  if (error.code === 'EACCES') return 'not allowed to read it';
  return error.message;
}
