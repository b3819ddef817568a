/**
 * Every way an import can stop midway ends as the import's ImportError, never as a rejection nobody hears (which
 * would end the server): a chunk the store cannot commit while the file is still arriving, the archive thread
 * ending or throwing, the file's stream failing.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImportError, importArchive } from '../../src-main/archives/import-archive';
import { DecodeError } from '../../src-main/otlp/decode-result';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { DatabaseError } from '../../src-main/store/database-error';
import type { Store } from '../../src-main/store/store';
import { memoryStore } from '../helpers/memory-store';
import { hexId, span } from '../helpers/spans';

/** A JSON Lines line of one 200-span trace (about 30 KB): a 1 MiB chunk is handed out every ~35 lines. */
function line(): Buffer {
  const traceId = hexId(16);
  return Buffer.from(`${JSON.stringify(encodeTraceRequestJson(Array.from({ length: 200 }, () => span({ traceId, spanId: hexId(8) }))))}\n`);
}

/** Lines that arrive one per turn of the event loop, as an upload's do. */
async function* arriving(lines: number, failAt?: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < lines; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (i === failAt) throw new Error('aborted');
    yield line();
  }
}

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/archives/${name}`, import.meta.url));

async function failure(run: Promise<unknown>): Promise<ImportError> {
  const error = await run.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('an import that stops midway', () => {
  it('reports a chunk the store cannot commit while the file is still arriving, naming the chunk and the cause', async () => {
    const full = new DatabaseError('full', '/data/spans.db', 'database or disk is full');
    let commits = 0;
    const store = {
      writeOtlpProtobuf: () => ({ acceptedSpans: 1, rejectedSpans: 0, rejectionReasons: [], traceIds: [], committed: ++commits === 1 ? Promise.reject(full) : Promise.resolve({ spans: 0, reasons: [] }) }),
    } as unknown as Store;
    const error = await failure(importArchive(store, arriving(200), { name: 'big.jsonl' }));
    expect(error.failure).toBe(full);
    expect(error.message).toMatch(/^big\.jsonl, read as otlp-json-lines: lines 1–\d+ could not be stored: the disk holding \/data\/spans\.db is full \(database or disk is full\); .*; nothing was imported$/);
    expect(commits).toBeLessThan(5); // it stopped reading soon after, not at the end of the file
  });

  it('says so when the archive thread ends without a word, instead of waiting for ever', async () => {
    const store = await memoryStore();
    const error = await failure(importArchive(store, arriving(3), { name: 'a.jsonl', archiveWorkerPath: fixture('exiting-archive-worker.js') }));
    expect(error.message).toBe('a.jsonl: the archive thread ended (exit code 7) before the file was read; nothing was imported');
    await store.close();
  });

  it('says so when the archive thread throws', async () => {
    const store = await memoryStore();
    const error = await failure(importArchive(store, arriving(3), { name: 'a.jsonl', archiveWorkerPath: fixture('throwing-archive-worker.js') }));
    expect(error.message).toBe('a.jsonl: the archive thread broke; nothing was imported');
    await store.close();
  });

  it('reports a stream that fails midway (a client gone) with what was imported before', async () => {
    const store = await memoryStore();
    const error = await failure(importArchive(store, arriving(100, 80), { name: 'gone.jsonl' }));
    expect(error.message).toMatch(/^gone\.jsonl, read as otlp-json-lines: aborted; the [\d,]+ spans before that point \(\d+ traces?\) were imported$/);
    expect(error.failure).not.toBeInstanceOf(DecodeError);
    await store.close();
  });
});
