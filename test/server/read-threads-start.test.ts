/** The read threads start together as the page loads, so their warm-up is over before the page's first reads. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReadThreads, readWorkerPathBeside } from '../../src-main/server/read-threads';

const WORKER = readWorkerPathBeside(join(__dirname, '..', '..', 'out', 'main', 'writer-worker.js'));

describe('read threads: starting', () => {
  it('starts both threads at once, and no more when asked again', async () => {
    const threads = new ReadThreads(WORKER);
    expect(threads.running).toBe(0);
    threads.startAll();
    threads.startAll();
    expect(threads.running).toBe(2);
    await threads.close();
    expect(threads.running).toBe(0);
  });

  it('starts none when reads are answered inline (no worker) or once closed', async () => {
    const inline = new ReadThreads(undefined);
    inline.startAll();
    expect(inline.running).toBe(0);
    const closed = new ReadThreads(WORKER);
    await closed.close();
    closed.startAll();
    expect(closed.running).toBe(0);
  });
});
