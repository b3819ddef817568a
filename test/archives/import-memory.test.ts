/**
 * An import holds only the pieces of the file it is working on: a piece read long ago must be collectable while
 * the import goes on (a promise raced against every read once kept every piece reachable: 1.4 GB resident for a
 * 1 GB file).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { importArchive } from '../../src-main/archives/import-archive';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { memoryStore } from '../helpers/memory-store';
import { hexId, span } from '../helpers/spans';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PIECES = 200;
/** Pieces read this long ago may still be in the reader's window or in chunks being written. */
const RECENT = 50;

describe('importing a long file', () => {
  it('lets go of the pieces it has read', async () => {
    const store = await memoryStore();
    const read: WeakRef<Buffer>[] = [];
    const stillHeld: number[] = [];
    async function* pieces() {
      for (let i = 0; i < PIECES; i++) {
        if (i >= 2 * RECENT && i % RECENT === 0) {
          await new Promise((resolve) => setImmediate(resolve)); // WeakRefs made in this turn hold until it ends
          gc();
          stillHeld.push(read.slice(0, i - RECENT).filter((ref) => ref.deref() !== undefined).length);
        }
        const line = encodeTraceRequestJson(Array.from({ length: 20 }, () => span({ traceId: hexId(16), spanId: hexId(8) })));
        const piece = Buffer.from(`${JSON.stringify(line)}\n`);
        read.push(new WeakRef(piece));
        yield piece;
      }
    }
    const result = await importArchive(store, pieces(), { name: 'long.jsonl', signal: new AbortController().signal });
    expect(result.spans).toBe(PIECES * 20);
    expect(stillHeld).toEqual([0, 0]);
  });
});
