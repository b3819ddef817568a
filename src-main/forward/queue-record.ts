/**
 * One queued export in a segment file: a 13-byte header (payload length u32, signal u8, spans or log records u32,
 * CRC-32 of the payload u32; little-endian) and the OTLP protobuf request. Pure.
 */
import { crc32 } from 'node:zlib';

export type QueueSignal = 'traces' | 'logs';

export const RECORD_HEADER_BYTES = 13;

export interface RecordEntry {
  /** Where the record begins in its segment, and its size with the header. */
  offset: number;
  size: number;
  signal: QueueSignal;
  count: number;
}

export function recordHeader(signal: QueueSignal, count: number, payload: Uint8Array): Buffer {
  const header = Buffer.allocUnsafe(RECORD_HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt8(signal === 'logs' ? 1 : 0, 4);
  header.writeUInt32LE(count, 5);
  header.writeUInt32LE(crc32(payload), 9);
  return header;
}

export interface SegmentScan {
  records: RecordEntry[];
  /** Records whose header is whole but whose payload does not match its checksum: skipped. */
  damaged: RecordEntry[];
  /** Set when the segment ends inside a record (a write cut short) or in a header that cannot be one: the byte where reading stopped. */
  cutAt?: number;
}

/** Reads a segment's records from `start`. */
export function scanSegment(bytes: Buffer, start = 0): SegmentScan {
  const scan: SegmentScan = { records: [], damaged: [] };
  let offset = start;
  while (offset < bytes.length) {
    if (bytes.length - offset < RECORD_HEADER_BYTES) return { ...scan, cutAt: offset };
    const length = bytes.readUInt32LE(offset);
    const signalByte = bytes.readUInt8(offset + 4);
    const size = RECORD_HEADER_BYTES + length;
    if (signalByte > 1 || offset + size > bytes.length) return { ...scan, cutAt: offset };
    const entry: RecordEntry = { offset, size, signal: signalByte === 1 ? 'logs' : 'traces', count: bytes.readUInt32LE(offset + 5) };
    const payload = bytes.subarray(offset + RECORD_HEADER_BYTES, offset + size);
    (crc32(payload) === bytes.readUInt32LE(offset + 9) ? scan.records : scan.damaged).push(entry);
    offset += size;
  }
  return scan;
}
