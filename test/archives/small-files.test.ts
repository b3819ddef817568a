/**
 * Where an opened file is read: one its sender declares at most 2 MiB (and not gzip) is read and written on this
 * thread; a bigger one, one of unknown size or a gzip file takes the archive and writer threads. Both roads store
 * the same spans.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { archiveThreads } from '../../src-main/archives/archive-thread';
import { Sources } from '../../src-main/archives/sources';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { writerThreads, type Store } from '../../src-main/store/store';
import { syntheticTrace } from '../bench/synthetic-spans';
import { memoryStore } from '../helpers/memory-store';

const WRITER_WORKER = join(__dirname, '..', '..', 'out', 'main', 'writer-worker.js');
const small = readFileSync(new URL('../fixtures/archives/same-trace.otlp.json', import.meta.url));
/** About 3 MiB of OTLP JSON Lines: 300 traces of 10 spans, a request a line. */
const big = Buffer.from(
  Array.from({ length: 30 }, (_, line) => JSON.stringify(encodeTraceRequestJson(Array.from({ length: 10 }, (_, t) => syntheticTrace(line * 10 + t, 3, 1_763_800_000_000_000_000n)).flat()))).join('\n'),
);

let live: Store;
let sources: Sources;
beforeAll(async () => {
  live = await memoryStore();
  sources = new Sources(live, WRITER_WORKER, 8);
});
afterAll(async () => {
  await sources.closeAll();
  await live.close();
});
afterEach(() => vi.restoreAllMocks());

async function* once(bytes: Buffer) {
  yield bytes;
}

/** Opens the bytes as a file and says which threads it took. */
async function open(bytes: Buffer, declared: number | undefined) {
  const taken = { writer: vi.spyOn(writerThreads, 'take'), archive: vi.spyOn(archiveThreads, 'take') };
  const info = await sources.open('file', once(bytes), { bytes: declared });
  const threads = { writer: taken.writer.mock.calls.length, archive: taken.archive.mock.calls.length };
  vi.restoreAllMocks();
  return { spans: info.spans, traces: info.traces, threads };
}

describe('an opened file', () => {
  it('declared small is read and written on this thread', async () => {
    expect(await open(small, small.byteLength)).toEqual({ spans: 2, traces: 1, threads: { writer: 0, archive: 0 } });
  });

  it('of unknown size, declared past 2 MiB or gzip takes the archive and writer threads, and stores the same', async () => {
    expect(big.byteLength).toBeGreaterThan(2 * 1024 * 1024);
    expect(await open(small, undefined)).toEqual({ spans: 2, traces: 1, threads: { writer: 1, archive: 1 } });
    expect(await open(gzipSync(small), small.byteLength)).toEqual({ spans: 2, traces: 1, threads: { writer: 1, archive: 1 } });
    expect(await open(big, big.byteLength)).toEqual({ spans: 3000, traces: 300, threads: { writer: 1, archive: 1 } });
  });

  it('warms up by opening a small trace in each usual format the same way, listing nothing and leaving no folder behind', async () => {
    const folders = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`spanscope-source-${process.pid}-`)).length;
    const before = { folders: folders(), listed: sources.list().length };
    const importing = vi.spyOn(archiveThreads, 'take');
    expect(await sources.warmUp()).toBe(3_000); // 100 spans as Jaeger JSON, OTLP JSON and Zipkin JSON, ten times
    expect(importing).not.toHaveBeenCalled();
    expect({ folders: folders(), listed: sources.list().length }).toEqual(before);
  });

  it('stops warming up when told to close: a core told to stop does not wait for the rest of the files', async () => {
    const closing = new Sources(live, undefined, 8);
    const warming = closing.warmUp();
    await closing.closeAll();
    expect(await warming).toBe(0);
  });
});
