/** A growable buffer that writes protobuf wire primitives; also the byte writer of the store's span bodies. */
import type { LEN, Tag } from './otlp-schema';

/** Up to this many characters a string is written byte by byte when it is ASCII (its length is then one varint byte). */
const SHORT_STRING = 127;
/** Up to this many bytes a message is moved into place byte by byte. */
const SHORT_MOVE = 256;

export class ProtobufWriter {
  private buf: Buffer;
  pos = 0;

  constructor(initialSize = 4096) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** The bytes written so far, as a view (valid until the next write or reset). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }

  /** A field's key, from otlp-schema.ts's TAG. */
  tag(tag: Tag): void {
    this.uint32(tag);
  }

  uint32(value: number): void {
    this.ensure(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }

  /** A signed 64-bit integer as protobuf int64 (negative numbers take 10 bytes). */
  int64(value: bigint): void {
    if (value >= 0n && value < 0x80000000n) {
      this.uint32(Number(value));
      return;
    }
    this.ensure(10);
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  fixed64(value: bigint): void {
    this.ensure(8);
    this.buf.writeBigUInt64LE(BigInt.asUintN(64, value), this.pos);
    this.pos += 8;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  string(value: string): void {
    // Short ASCII strings (most keys and values) are copied here: a call into Buffer's native write costs more.
    if (value.length <= SHORT_STRING) {
      this.ensure(value.length + 1);
      const buf = this.buf;
      const start = this.pos;
      let i = 0;
      for (; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + 1 + i] = c;
      }
      if (i === value.length) {
        buf[start] = i; // the length, one varint byte
        this.pos = start + 1 + i;
        return;
      }
    }
    const length = Buffer.byteLength(value, 'utf8');
    this.uint32(length);
    this.ensure(length);
    this.pos += this.buf.write(value, this.pos, length, 'utf8');
  }

  /** Hex text written as the raw bytes it spells. */
  hex(value: string): void {
    const length = value.length >>> 1;
    this.uint32(length);
    this.ensure(length);
    this.pos += this.buf.write(value, this.pos, length, 'hex');
  }

  bytes(value: Uint8Array): void {
    this.uint32(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** Bytes of another buffer, length-prefixed (a length-delimited field's payload copied as it is). */
  lengthDelimited(source: Buffer, start: number, end: number): void {
    const length = end - start;
    this.uint32(length);
    this.ensure(length);
    if (length > 64) source.copy(this.buf, this.pos, start, end);
    else for (let i = 0; i < length; i++) this.buf[this.pos + i] = source[start + i];
    this.pos += length;
  }

  /** Starts a length-delimited field whose length is unknown yet; finish it with `endMessage`. */
  beginMessage(tag: Tag<typeof LEN>): number {
    this.uint32(tag);
    return this.beginLength();
  }

  /** Starts a length-prefixed payload with no tag before it; finish it with `endMessage`. */
  beginLength(): number {
    this.ensure(5);
    const mark = this.pos;
    this.pos += 5; // room for the longest 32-bit length; trimmed in endMessage
    return mark;
  }

  endMessage(mark: number): void {
    const length = this.pos - mark - 5;
    let lengthBytes = 1;
    for (let v = length >>> 7; v > 0; v >>>= 7) lengthBytes++;
    if (length > SHORT_MOVE) this.buf.copy(this.buf, mark + lengthBytes, mark + 5, this.pos);
    else for (let i = 0; i < length; i++) this.buf[mark + lengthBytes + i] = this.buf[mark + 5 + i]; // a native call costs more
    let v = length;
    let p = mark;
    while (v >= 0x80) {
      this.buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[p] = v;
    this.pos = mark + lengthBytes + length;
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}
