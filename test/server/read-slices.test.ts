/**
 * An answer of several slices from a read thread, each slice's memory given back once written: it arrives whole
 * and the same each time, however often that memory is filled again (read-protocol.ts, REUSED_SLICE_BYTES).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ReadThreads, readWorkerPathBeside } from '../../src-main/server/read-threads';
import { REUSED_SLICE_BYTES, SLICE_BYTES } from '../../src-main/server/read-protocol';
import type { Store } from '../../src-main/store/store';
import { storedFile } from '../helpers/stored-file';
import { attrs, hexId, span } from '../helpers/spans';

const WORKER = readWorkerPathBeside(join(__dirname, '..', '..', 'out', 'main', 'writer-worker.js'));
const SPANS = 5000;
let threads: ReadThreads;
let file: { dbPath: string; store: Store };
const traceId = hexId(16);

beforeAll(async () => {
  const root = hexId(8);
  file = await storedFile(Array.from({ length: SPANS }, (_, i) => span({ traceId, spanId: i === 0 ? root : hexId(8), parentSpanId: i === 0 ? '' : root, name: `step ${i}`, attributes: attrs({ 'http.route': `/api/items/${i}`, 'user.id': `user-${i % 97}` }) })));
  threads = new ReadThreads(WORKER);
});
afterAll(async () => {
  await threads.close();
});

async function readTrace(): Promise<{ text: string; large: number; givenBack: number }> {
  const reply = await threads.read({ kind: 'trace', db: file.dbPath, traceId }, [file.store]);
  const parts: Buffer[] = [];
  let large = 0;
  let givenBack = 0;
  for await (const slice of reply.slices()) {
    parts.push(Buffer.from(slice)); // a copy, as a socket's write takes the bytes
    if (slice.length > REUSED_SLICE_BYTES) large++;
    reply.written(slice);
    if (slice.byteLength === 0) givenBack++; // its memory moved back to the thread
  }
  const text = Buffer.concat(parts).toString('utf8');
  expect(text.length).toBeGreaterThan(SLICE_BYTES);
  return { text, large, givenBack };
}

it('gives each large slice back and answers the same bytes every time', async () => {
  const first = await readTrace();
  expect(first.large).toBeGreaterThan(1);
  expect(first.givenBack).toBe(first.large);
  expect((JSON.parse(first.text) as { spans: unknown[] }).spans).toHaveLength(SPANS);
  for (let i = 0; i < 3; i++) expect((await readTrace()).text).toBe(first.text);
});
