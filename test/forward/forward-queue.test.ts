import { mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ForwardQueue, SEGMENT_BYTES } from '../../src-main/forward/forward-queue';
import { RECORD_HEADER_BYTES, recordHeader, scanSegment } from '../../src-main/forward/queue-record';

const folder = () => join(mkdtempSync(join(tmpdir(), 'spanscope-forward-test-')), 'spans.db.forward');
const bytes = (text: string) => Buffer.from(text);
const texts = (payloads: Buffer[]) => payloads.map((p) => p.toString());

async function drain(queue: ForwardQueue): Promise<{ signal: string; payloads: string[]; count: number }[]> {
  const sends = [];
  for (let batch = await queue.peek(1024); batch; batch = await queue.peek(1024)) {
    sends.push({ signal: batch.signal, payloads: texts(batch.payloads), count: batch.count });
    await queue.remove(batch.records);
  }
  return sends;
}

describe('the forwarding queue on disk', () => {
  it('gives records back in order, those of one signal together, and counts what it holds', async () => {
    const { queue } = ForwardQueue.open(folder(), 1024 ** 2);
    queue.append('traces', bytes('a'), 2);
    queue.append('traces', bytes('b'), 3);
    queue.append('logs', bytes('c'), 4);
    queue.append('traces', bytes('d'), 1);
    expect(queue.queuedItems).toBe(10);
    expect(queue.queuedBytes).toBe(4 * (RECORD_HEADER_BYTES + 1));
    await queue.whenReady();
    expect(await drain(queue)).toEqual([
      { signal: 'traces', payloads: ['a', 'b'], count: 5 },
      { signal: 'logs', payloads: ['c'], count: 4 },
      { signal: 'traces', payloads: ['d'], count: 1 },
    ]);
    expect(queue.queuedItems).toBe(0);
    expect(queue.queuedBytes).toBe(0);
    await queue.close();
  });

  it('goes on after thousands of records sent one by one, and restarts from the right one', async () => {
    const path = folder();
    const first = ForwardQueue.open(path, 1024 ** 2).queue;
    for (let i = 0; i < 3000; i++) first.append(i % 2 ? 'logs' : 'traces', bytes(String(i)), 1);
    await first.whenReady();
    for (let i = 0; i < 2500; i++) {
      const batch = await first.peek(1);
      expect(texts(batch!.payloads)).toEqual([String(i)]);
      await first.remove(1);
    }
    await first.close();
    const { queue } = ForwardQueue.open(path, 1024 ** 2);
    expect(queue.queuedItems).toBe(500);
    expect(texts((await queue.peek(1))!.payloads)).toEqual(['2500']);
    for (let i = 0; i < 500; i++) await queue.remove(1);
    // And many at once, emptying the queue.
    for (let i = 0; i < 1100; i++) queue.append('traces', bytes('x'), 1);
    await queue.whenReady();
    await queue.remove((await queue.peek(1024 ** 2))!.records);
    expect(queue.queuedItems).toBe(0);
    await queue.close();
    expect(ForwardQueue.open(path, 1024 ** 2).queue.queuedItems).toBe(0);
  });

  it('sends at most the bytes asked for at once, but always one record', async () => {
    const { queue } = ForwardQueue.open(folder(), 1024 ** 2);
    queue.append('traces', Buffer.alloc(600), 1);
    queue.append('traces', Buffer.alloc(600), 1);
    await queue.whenReady();
    expect((await queue.peek(100))?.records).toBe(1);
    expect((await queue.peek(2000))?.records).toBe(2);
    await queue.close();
  });

  it('refuses the newest export past its bound, queuing nothing of it', async () => {
    const { queue } = ForwardQueue.open(folder(), 3 * (RECORD_HEADER_BYTES + 10));
    for (let i = 0; i < 3; i++) expect(queue.append('traces', Buffer.alloc(10), 5)).toBe(true);
    expect(queue.append('traces', Buffer.alloc(10), 5)).toBe(false);
    expect(queue.queuedItems).toBe(15);
    await queue.whenReady();
    await queue.remove(1);
    expect(queue.append('traces', Buffer.alloc(10), 5)).toBe(true);
    await queue.close();
  });

  it('keeps what was not sent across a restart, and only that', async () => {
    const path = folder();
    const first = ForwardQueue.open(path, 1024 ** 2).queue;
    for (const text of ['a', 'b', 'c']) first.append('traces', bytes(text), 1);
    await first.whenReady();
    const batch = await first.peek(RECORD_HEADER_BYTES + 1);
    expect(texts(batch!.payloads)).toEqual(['a']);
    await first.remove(1);
    first.append('logs', bytes('d'), 7);
    await first.close();

    const { queue, recovery } = ForwardQueue.open(path, 1024 ** 2);
    expect(recovery).toEqual({ damagedItems: 0, notes: [] });
    expect(queue.queuedItems).toBe(9);
    queue.append('traces', bytes('e'), 1);
    await queue.whenReady();
    expect(await drain(queue)).toEqual([
      { signal: 'traces', payloads: ['b', 'c'], count: 2 },
      { signal: 'logs', payloads: ['d'], count: 7 },
      { signal: 'traces', payloads: ['e'], count: 1 },
    ]);
    await queue.close();
    expect(ForwardQueue.open(path, 1024 ** 2).queue.queuedItems).toBe(0);
  });

  it('skips a record whose bytes were damaged, counting its spans, and reads a segment cut short up to the cut', async () => {
    const path = folder();
    const first = ForwardQueue.open(path, 1024 ** 2).queue;
    for (const [text, count] of [['first', 1], ['second', 20], ['third', 3], ['fourth', 4]] as const) first.append('traces', bytes(text), count);
    await first.close();
    const [segment] = readdirSync(path).filter((name) => name.endsWith('.seg'));
    const file = join(path, segment);
    const damaged = readFileSync(file);
    const second = RECORD_HEADER_BYTES + 'first'.length;
    damaged[second + RECORD_HEADER_BYTES] ^= 0xff; // a byte of "second"
    writeFileSync(file, damaged);
    truncateSync(file, damaged.length - 2); // "fourth" cut short, as by a crash while writing it

    const { queue, recovery } = ForwardQueue.open(path, 1024 ** 2);
    expect(recovery.damagedItems).toBe(20);
    expect(recovery.notes).toEqual([
      `the forwarding queue file ${file} was damaged at byte ${second}: 20 spans or log records there were dropped`,
      `the forwarding queue file ${file} ends inside a record at byte ${damaged.length - RECORD_HEADER_BYTES - 'fourth'.length} (a write cut short); what it held before is sent`,
    ]);
    expect(await drain(queue)).toEqual([{ signal: 'traces', payloads: ['first', 'third'], count: 4 }]);
    await queue.close();
  });

  it('removes a segment once everything in it is sent, and keeps its files private', async () => {
    const path = folder();
    const { queue } = ForwardQueue.open(path, 64 * 1024 ** 2);
    queue.append('traces', Buffer.alloc(SEGMENT_BYTES), 1);
    await queue.whenReady();
    queue.append('traces', bytes('next'), 1);
    while ((await queue.peek(2 * SEGMENT_BYTES))?.records !== 2) await new Promise(setImmediate); // the second on disk too
    expect(statSync(path).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(path)) expect(statSync(join(path, name)).mode & 0o777).toBe(0o600);
    await queue.remove(1);
    expect(readdirSync(path).sort()).toEqual(['000000000002.seg', 'cursor']);
    await queue.close();
  });
});

describe('queue records', () => {
  it('read back as written, each with its signal and count', () => {
    const a = bytes('spans');
    const b = bytes('logs!');
    const segment = Buffer.concat([recordHeader('traces', 3, a), a, recordHeader('logs', 9, b), b]);
    expect(scanSegment(segment)).toEqual({
      records: [
        { offset: 0, size: RECORD_HEADER_BYTES + 5, signal: 'traces', count: 3 },
        { offset: RECORD_HEADER_BYTES + 5, size: RECORD_HEADER_BYTES + 5, signal: 'logs', count: 9 },
      ],
      damaged: [],
    });
    expect(scanSegment(segment, RECORD_HEADER_BYTES + 5).records.map((r) => r.signal)).toEqual(['logs']);
    expect(scanSegment(Buffer.alloc(5)).cutAt).toBe(0);
  });
});
