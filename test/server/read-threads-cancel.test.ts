/** A read whose asker went away stops on its read thread: the flag set on the main thread reaches the query. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadThreads, readWorkerPathBeside } from '../../src-main/server/read-threads';
import type { Store } from '../../src-main/store/store';
import { storedFile } from '../helpers/stored-file';
import { hexId, span } from '../helpers/spans';

const WORKER = readWorkerPathBeside(join(__dirname, '..', '..', 'out', 'main', 'writer-worker.js'));
let threads: ReadThreads;
let file: { dbPath: string; store: Store };

beforeAll(async () => {
  file = await storedFile([span({ traceId: hexId(16), spanId: hexId(8) })]);
  threads = new ReadThreads(WORKER);
});
afterAll(async () => {
  await threads.close();
});

const request = { kind: 'traceql-search', db: '', request: { q: '{ }', limit: 20, spansPerSpanset: 3 } } as const;
const body = async (reply: Awaited<ReturnType<ReadThreads['read']>>) => {
  let text = '';
  for await (const slice of reply.slices()) text += Buffer.from(slice).toString('utf8');
  return JSON.parse(text) as { traces?: unknown[]; error?: string };
};

describe('read threads: cancelling a query', () => {
  it('answers the query while its asker waits', async () => {
    const reply = await threads.read({ ...request, db: file.dbPath }, [file.store], new AbortController().signal);
    expect(reply.status).toBe(200);
    expect((await body(reply)).traces).toHaveLength(1);
  });

  it('stops the query once its asker has gone away', async () => {
    const gone = new AbortController();
    gone.abort();
    const reply = await threads.read({ ...request, db: file.dbPath }, [file.store], gone.signal);
    expect(reply.status).toBe(400);
    expect((await body(reply)).error).toBe('the query was cancelled: its asker went away');
  });
});

describe('read threads: stopping', () => {
  it('answers a read still running when the server stops with 503 (no failure to log)', async () => {
    const stopping = new ReadThreads(WORKER);
    const pending = stopping.read({ ...request, db: file.dbPath }, [file.store], new AbortController().signal);
    await stopping.close();
    await expect(pending).rejects.toMatchObject({ status: 503, message: 'Spanscope is stopping; ask again once it runs' });
  });
});
