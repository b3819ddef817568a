/**
 * The forwarding queue on disk: a folder of segment files (`000000000001.seg`, …) of records (queue-record.ts),
 * appended in order, and `cursor`, the first record not yet sent. Not the live database, so forwarding never
 * contends with its writer. Appends are taken at once and written by the thread pool; a record is handed to the
 * sender only once it is on disk. A restart reads the segments from the cursor on and sends what they hold; a
 * record whose checksum fails is skipped and counted, a segment cut short (a write the crash interrupted) is read
 * up to the cut. Bounded in bytes: past the bound the newest export is refused, as the collector's queue does.
 * Sent records may be sent again after a crash (the cursor is written after each send): at least once.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ownerOnly, privateFile } from '../store/private-files';
import { RECORD_HEADER_BYTES, recordHeader, scanSegment, type QueueSignal, type RecordEntry } from './queue-record';

/** A new segment is begun once the one being written holds this much. */
export const SEGMENT_BYTES = 8 * 1024 ** 2;

interface QueuedRecord extends RecordEntry {
  segment: number;
}

/** Records read for one send: of one signal, in order. */
export interface QueueBatch {
  signal: QueueSignal;
  payloads: Buffer[];
  count: number;
  records: number;
}

export interface QueueRecovery {
  /** Spans and log records of records whose checksum failed. */
  damagedItems: number;
  /** Sentences for the person: what was damaged and where. */
  notes: string[];
}

const SEGMENT_NAME = /^(\d{12})\.seg$/;
const segmentName = (id: number) => `${String(id).padStart(12, '0')}.seg`;

export class ForwardQueue {
  private readonly ready: QueuedRecord[];
  private head = 0;
  private pending: { signal: QueueSignal; count: number; payload: Uint8Array }[] = [];
  private writing: Promise<void> = Promise.resolve();
  private flushing = false;
  private active: { id: number; handle: FileHandle; size: number } | undefined;
  private nextSegment: number;
  private readonly readers = new Map<number, FileHandle>();
  private wake: (() => void) | undefined;
  private cursorWrite: Promise<void> = Promise.resolve();
  /** Bytes and items queued and not yet sent, written or not. */
  queuedBytes = 0;
  queuedItems = 0;
  /** Told of records that could not be written (a full disk, say): they are lost, and no longer counted as queued. */
  onLost: (items: number, error: Error) => void = () => {};

  private constructor(
    readonly folder: string,
    readonly maxBytes: number,
    recovered: QueuedRecord[],
    nextSegment: number,
  ) {
    this.ready = recovered;
    for (const record of recovered) {
      this.queuedBytes += record.size;
      this.queuedItems += record.count;
    }
    this.nextSegment = nextSegment;
  }

  /** Opens (or creates, 0700) the folder and reads what an earlier run left unsent. */
  static open(folder: string, maxBytes: number): { queue: ForwardQueue; recovery: QueueRecovery } {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    ownerOnly(folder);
    const ids = readdirSync(folder)
      .map((name) => SEGMENT_NAME.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const cursor = readCursor(folder);
    const recovered: QueuedRecord[] = [];
    const recovery: QueueRecovery = { damagedItems: 0, notes: [] };
    for (const id of ids) {
      const path = join(folder, segmentName(id));
      if (id < cursor.segment) {
        rmSync(path, { force: true });
        continue;
      }
      const scan = scanSegment(readFileSync(path), id === cursor.segment ? cursor.offset : 0);
      recovered.push(...scan.records.map((record) => ({ ...record, segment: id })));
      for (const damaged of scan.damaged) {
        recovery.damagedItems += damaged.count;
        recovery.notes.push(`the forwarding queue file ${path} was damaged at byte ${damaged.offset}: ${damaged.count} spans or log records there were dropped`);
      }
      if (scan.cutAt !== undefined) recovery.notes.push(`the forwarding queue file ${path} ends inside a record at byte ${scan.cutAt} (a write cut short); what it held before is sent`);
    }
    return { queue: new ForwardQueue(folder, maxBytes, recovered, (ids.at(-1) ?? 0) + 1), recovery };
  }

  /** Queues one export; false (and nothing queued) when it would pass the bound. Never waits. */
  append(signal: QueueSignal, payload: Uint8Array, count: number): boolean {
    const size = RECORD_HEADER_BYTES + payload.length;
    if (this.queuedBytes + size > this.maxBytes) return false;
    this.queuedBytes += size;
    this.queuedItems += count;
    this.pending.push({ signal, count, payload });
    if (!this.flushing) {
      this.flushing = true;
      this.writing = this.writing.then(() => this.flush());
    }
    return true;
  }

  /** Up to `maxBytes` of the oldest records of one signal (at least one record), or undefined when none is on disk. */
  async peek(maxBytes: number): Promise<QueueBatch | undefined> {
    if (this.head >= this.ready.length) return undefined;
    const first = this.ready[this.head];
    const batch: QueueBatch = { signal: first.signal, payloads: [], count: 0, records: 0 };
    let bytes = 0;
    for (let i = this.head; i < this.ready.length; i++) {
      const record = this.ready[i];
      if (record.signal !== first.signal || (batch.records > 0 && bytes + record.size > maxBytes)) break;
      batch.payloads.push(await this.read(record));
      batch.count += record.count;
      batch.records++;
      bytes += record.size;
    }
    return batch;
  }

  /** Spans or log records of the oldest record on disk. */
  headItems(): number {
    return this.ready[this.head]?.count ?? 0;
  }

  /** Resolves when a record is on disk to be sent (at once if one is). */
  whenReady(): Promise<void> {
    if (this.head < this.ready.length) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Takes the first `records` records off the queue (sent, or dropped): the cursor moves past them. */
  async remove(records: number): Promise<void> {
    for (let i = 0; i < records; i++) {
      const record = this.ready[this.head++];
      this.queuedBytes -= record.size;
      this.queuedItems -= record.count;
    }
    const next = this.ready[this.head];
    const last = this.ready[this.head - 1];
    const cursor = next ? { segment: next.segment, offset: next.offset } : { segment: last.segment, offset: last.offset + last.size };
    // Sent entries are dropped from the index now and then, not one by one (Array.shift copies the rest each time).
    if (this.head > 1024 && this.head * 2 > this.ready.length) {
      this.ready.splice(0, this.head);
      this.head = 0;
    }
    this.cursorWrite = this.cursorWrite.then(() => this.saveCursor(cursor));
    await this.cursorWrite;
  }

  /** Writes what is pending and closes the files; the folder stays for the next start. */
  async close(): Promise<void> {
    await this.writing;
    await this.cursorWrite;
    await this.active?.handle.close();
    this.active = undefined;
    for (const handle of this.readers.values()) await handle.close();
    this.readers.clear();
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const records = this.pending;
      this.pending = [];
      try {
        const segment = await this.segmentFor();
        const buffers: Uint8Array[] = [];
        const entries: QueuedRecord[] = [];
        let offset = segment.size;
        for (const { signal, count, payload } of records) {
          buffers.push(recordHeader(signal, count, payload), payload);
          entries.push({ segment: segment.id, offset, size: RECORD_HEADER_BYTES + payload.length, signal, count });
          offset += RECORD_HEADER_BYTES + payload.length;
        }
        await writeAll(segment.handle, buffers);
        segment.size = offset;
        this.ready.push(...entries);
        this.wake?.();
        this.wake = undefined;
      } catch (error) {
        let items = 0;
        for (const record of records) {
          this.queuedBytes -= RECORD_HEADER_BYTES + record.payload.length;
          items += record.count;
        }
        this.queuedItems -= items;
        this.onLost(items, error as Error);
      }
    }
    this.flushing = false;
  }

  private async segmentFor(): Promise<{ id: number; handle: FileHandle; size: number }> {
    if (this.active && this.active.size < SEGMENT_BYTES) return this.active;
    await this.active?.handle.close();
    const id = this.nextSegment++;
    const path = join(this.folder, segmentName(id));
    privateFile(path);
    this.active = { id, handle: await open(path, 'a'), size: 0 };
    return this.active;
  }

  private async read(record: QueuedRecord): Promise<Buffer> {
    let handle = this.readers.get(record.segment);
    if (!handle) {
      for (const [id, old] of this.readers) if (id < record.segment) (await old.close(), this.readers.delete(id));
      handle = await open(join(this.folder, segmentName(record.segment)), 'r');
      this.readers.set(record.segment, handle);
    }
    const payload = Buffer.allocUnsafe(record.size - RECORD_HEADER_BYTES);
    const { bytesRead } = await handle.read(payload, 0, payload.length, record.offset + RECORD_HEADER_BYTES);
    if (bytesRead !== payload.length) throw new Error(`the forwarding queue file ${segmentName(record.segment)} is shorter than its records`);
    return payload;
  }

  private async saveCursor(cursor: { segment: number; offset: number }): Promise<void> {
    const path = join(this.folder, 'cursor');
    await writeFile(`${path}.tmp`, JSON.stringify(cursor), { mode: 0o600 });
    await rename(`${path}.tmp`, path);
    // Segments wholly sent are removed, except the one being written.
    for (const id of [...this.readers.keys()]) {
      if (id >= cursor.segment) continue;
      await this.readers.get(id)!.close();
      this.readers.delete(id);
    }
    for (let id = cursor.segment - 1; id > 0; id--) {
      if (this.active?.id === id) continue;
      const removed = await rm(join(this.folder, segmentName(id))).then(() => true, () => false);
      if (!removed) break;
    }
  }
}

async function writeAll(handle: FileHandle, buffers: Uint8Array[]): Promise<void> {
  let pending = buffers;
  while (pending.length > 0) {
    let { bytesWritten } = await handle.writev(pending);
    const rest: Uint8Array[] = [];
    for (const buffer of pending) {
      if (bytesWritten >= buffer.length) bytesWritten -= buffer.length;
      else rest.push(buffer.subarray(bytesWritten)), (bytesWritten = 0);
    }
    pending = rest;
  }
}

function readCursor(folder: string): { segment: number; offset: number } {
  try {
    const cursor = JSON.parse(readFileSync(join(folder, 'cursor'), 'utf8')) as { segment: unknown; offset: unknown };
    if (Number.isSafeInteger(cursor.segment) && Number.isSafeInteger(cursor.offset)) return cursor as { segment: number; offset: number };
  } catch {
    // No cursor yet (nothing was ever sent) or a damaged one: send everything the segments hold.
  }
  return { segment: 0, offset: 0 };
}
