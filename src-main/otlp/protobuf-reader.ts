/** A minimal protobuf wire-format reader over a Buffer: just what the OTLP decoders need. */
import { FIXED32, FIXED64, LEN, VARINT } from './otlp-schema';

export class ProtobufError extends Error {}

declare module 'node:buffer' {
  interface Buffer {
    utf8Slice(start: number, end: number): string;
    hexSlice(start: number, end: number): string;
    latin1Slice(start: number, end: number): string;
  }
}

/** UTF-8 text, read natively without Buffer.toString's argument checks (a hot path). */
export function utf8(buf: Buffer, start: number, end: number): string {
  return buf.utf8Slice(start, end);
}

export class ProtobufReader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  /**
   * Reads a field's key (field number << 3 | wire type, compared with otlp-schema.ts's TAG) and leaves its wire
   * type in `wireType` for `skip`.
   */
  wireType = 0;
  tag(): number {
    const key = this.uint32();
    this.wireType = key & 7;
    if (key >>> 3 === 0) throw new ProtobufError(`field number 0 at byte ${this.pos}`);
    return key;
  }

  /** A varint that fits 32 bits (lengths, enums, counts). Larger values are truncated as protobuf does. */
  uint32(): number {
    const buf = this.buf;
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new ProtobufError(`truncated varint at byte ${this.pos}`);
      const byte = buf[this.pos++];
      if (shift < 32) result |= (byte & 0x7f) << shift;
      if (byte < 0x80) return result >>> 0;
      shift += 7;
      if (shift > 63) throw new ProtobufError(`varint longer than 10 bytes at byte ${this.pos}`);
    }
  }

  /** A varint read as a signed 64-bit integer (protobuf int64). */
  int64(): bigint {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new ProtobufError(`truncated varint at byte ${this.pos}`);
      const byte = buf[this.pos++];
      if (shift < 28) lo |= (byte & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (byte & 0x0f) << 28;
        hi |= (byte & 0x7f) >>> 4;
      } else hi |= (byte & 0x7f) << (shift - 32);
      if (byte < 0x80) break;
      shift += 7;
      if (shift > 63) throw new ProtobufError(`varint longer than 10 bytes at byte ${this.pos}`);
    }
    if (hi === 0) return BigInt(lo >>> 0);
    return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
  }

  bool(): boolean {
    return this.uint32() !== 0;
  }

  fixed64(): bigint {
    this.need(8);
    const value = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return value;
  }

  fixed32(): number {
    this.need(4);
    const value = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  double(): number {
    this.need(8);
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Reads a length prefix and returns the [start, end) of the bytes it covers, moving past them. */
  span(): [number, number] {
    this.skipBytes();
    return [this.bytesStart, this.pos];
  }

  /** Start of the bytes the last `skipBytes` passed over (they end at `pos`). */
  bytesStart = 0;

  /** Moves past a length-delimited payload without allocating; see `bytesStart`. */
  skipBytes(): void {
    const length = this.uint32();
    this.need(length);
    this.bytesStart = this.pos;
    this.pos += length;
  }

  string(): string {
    this.skipBytes();
    return utf8(this.buf, this.bytesStart, this.pos);
  }

  hex(): string {
    this.skipBytes();
    return this.buf.hexSlice(this.bytesStart, this.pos);
  }

  /** Re-aims this reader at another message of the same buffer (no allocation in hot loops). */
  reset(start: number, end: number): this {
    this.pos = start;
    (this as { end: number }).end = end;
    return this;
  }

  bytes(): Uint8Array {
    const [start, end] = this.span();
    const bytes = new Uint8Array(end - start); // a plain Uint8Array, not a Buffer view of the request
    bytes.set(this.buf.subarray(start, end));
    return bytes;
  }

  /** A reader over a nested message. */
  message(): ProtobufReader {
    const [start, end] = this.span();
    return new ProtobufReader(this.buf, start, end);
  }

  skip(): void {
    switch (this.wireType) {
      case VARINT:
        this.uint32();
        return;
      case FIXED64:
        this.need(8);
        this.pos += 8;
        return;
      case LEN:
        this.span();
        return;
      case FIXED32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new ProtobufError(`unsupported wire type ${this.wireType} at byte ${this.pos}`);
    }
  }

  private need(length: number): void {
    if (this.pos + length > this.end) {
      throw new ProtobufError(`truncated: ${length} bytes needed at byte ${this.pos}, message ends at ${this.end}`);
    }
  }
}
