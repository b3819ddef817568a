/**
 * The archive thread kept ready: the next file is read on a thread that booted before it arrived, then another is
 * started. An upload's chunks move to it uncopied.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveThreads } from '../../src-main/archives/archive-thread';
import { importArchive } from '../../src-main/archives/import-archive';
import { memoryStore } from '../helpers/memory-store';

const ARCHIVE_WORKER = join(__dirname, '..', '..', 'out', 'main', 'archive-worker.js');
const jaegerFile = readFileSync(new URL('../fixtures/archives/same-trace.jaeger.json', import.meta.url));

async function* once(bytes: Uint8Array) {
  yield bytes;
}

describe('the archive thread kept ready', () => {
  it('reads one file after another, each on a ready thread', async () => {
    archiveThreads.keepReady(ARCHIVE_WORKER);
    const store = await memoryStore();
    try {
      for (let i = 0; i < 3; i++) {
        const result = await importArchive(store, once(jaegerFile), { name: 'same-trace.jaeger.json', archiveWorkerPath: ARCHIVE_WORKER });
        expect([result.format, result.spans, result.traces]).toEqual(['jaeger-json', 2, ['5b8aa5a2d2c872e8321cf37308d69df2']]);
      }
    } finally {
      await store.close();
    }
  });

  it('takes the chunks it is given when told to, and copies those that share their memory', async () => {
    const store = await memoryStore();
    try {
      const whole = new Uint8Array(jaegerFile); // an ArrayBuffer of its own, as an HTTP body's chunks have
      const shared = Buffer.concat([jaegerFile, Buffer.from(' ')]).subarray(0, jaegerFile.length);
      for (const [chunk, taken] of [
        [whole, true],
        [shared, false],
      ] as const) {
        const result = await importArchive(store, once(chunk), { name: 'same-trace.jaeger.json', archiveWorkerPath: ARCHIVE_WORKER, takeChunks: true });
        expect(result.spans).toBe(2);
        expect(chunk.byteLength).toBe(taken ? 0 : jaegerFile.length); // moved to the thread, or left as it was
      }
    } finally {
      await store.close();
    }
  });
});
