/**
 * Reads a byte stream piece by piece (exact lengths, lines, the rest) while holding only what the current piece
 * needs: a 1 GB archive passes through it in its own chunks.
 */
import { DecodeError } from '../otlp/decode-result';

export class ByteReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  /** Bytes handed out so far: the offset of the next byte. */
  consumed = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    return true;
  }

  /** Up to `n` bytes from the current position, not consumed. */
  async peek(n: number): Promise<Buffer> {
    while (this.buffered < n && (await this.pull()));
    return this.flatten(Math.min(n, this.buffered), false);
  }

  /** Exactly `n` bytes; undefined at the end of the stream; throws DecodeError if it ends inside them. */
  async readExactly(n: number, what: string): Promise<Buffer | undefined> {
    while (this.buffered < n && (await this.pull()));
    if (this.buffered === 0) return undefined;
    if (this.buffered < n) throw new DecodeError(`${what}: the file ends ${n - this.buffered} bytes early (truncated?)`);
    return this.flatten(n, true);
  }

  /** The next line without its line break; undefined at the end. Lines longer than `maxBytes` are refused. */
  async readLine(maxBytes: number, what: string): Promise<Buffer | undefined> {
    let scannedChunks = 0;
    let scannedBytes = 0;
    for (;;) {
      for (; scannedChunks < this.chunks.length; scannedChunks++) {
        const at = this.chunks[scannedChunks].indexOf(0x0a);
        if (at !== -1) {
          const line = this.flatten(scannedBytes + at + 1, true);
          return line.subarray(0, line.length - (line.length > 1 && line[line.length - 2] === 0x0d ? 2 : 1));
        }
        scannedBytes += this.chunks[scannedChunks].length;
      }
      if (scannedBytes > maxBytes) throw new DecodeError(`${what} is longer than ${maxBytes} bytes`);
      if (!(await this.pull())) return this.buffered === 0 ? undefined : this.flatten(this.buffered, true);
    }
  }

  /** The next bytes, however many arrived together; undefined at the end. */
  async readAvailable(): Promise<Buffer | undefined> {
    if (this.buffered === 0 && !(await this.pull())) return undefined;
    return this.flatten(this.chunks[0].length, true);
  }

  /** Everything left; refuses more than `maxBytes`. */
  async readRest(maxBytes: number, what: string): Promise<Buffer> {
    while (await this.pull()) {
      if (this.buffered > maxBytes) throw new DecodeError(`${what} is larger than ${maxBytes} bytes; save it as JSON Lines (one request per line) to import it in pieces`);
    }
    return this.flatten(this.buffered, true);
  }

  private flatten(n: number, consume: boolean): Buffer {
    let out: Buffer;
    if (this.chunks.length > 0 && this.chunks[0].length >= n) out = this.chunks[0].subarray(0, n);
    else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      for (let c = 0; filled < n; c++) filled += this.chunks[c].copy(out, filled, 0, Math.min(this.chunks[c].length, n - filled));
    }
    if (consume) {
      let left = n;
      while (left > 0) {
        const first = this.chunks[0];
        if (first.length <= left) {
          this.chunks.shift();
          left -= first.length;
        } else {
          this.chunks[0] = first.subarray(left);
          left = 0;
        }
      }
      this.buffered -= n;
      this.consumed += n;
    }
    return out;
  }
}
