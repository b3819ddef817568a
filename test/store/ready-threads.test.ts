/** Threads started ahead: the one kept ready is the one taken, and a new one is made only when asked. */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ReadyThreads } from '../../src-main/store/ready-threads';

const IDLE = join(__dirname, '..', 'fixtures', 'threads', 'idle-worker.js');

/** A thread id given after every thread started so far (ids only grow). */
async function idNow(): Promise<number> {
  const probe = new Worker('', { eval: true });
  const id = probe.threadId;
  await probe.terminate();
  return id;
}

describe('ready threads', () => {
  it('hands out the thread started ahead, then new ones until asked to start the next', async () => {
    const threads = new ReadyThreads({});
    threads.keepReady(IDLE);
    const before = await idNow();
    const ready = threads.take(IDLE);
    expect(ready.threadId).toBeLessThan(before); // started before the probe: the ready one
    const fresh = threads.take(IDLE);
    expect(fresh.threadId).toBeGreaterThan(before); // none waits until replenished
    threads.replenish(IDLE);
    const after = await idNow();
    const next = threads.take(IDLE);
    expect(next.threadId).toBeGreaterThan(before);
    expect(next.threadId).toBeLessThan(after);
    await Promise.all([ready, fresh, next].map((w) => w.terminate()));
  });

  it('does not start threads for a worker file nobody keeps ready', async () => {
    const threads = new ReadyThreads({});
    threads.replenish(IDLE);
    const before = await idNow();
    const taken = threads.take(IDLE);
    expect(taken.threadId).toBeGreaterThan(before);
    await taken.terminate();
  });
});
