/**
 * Reading an upload: each piece raced against cancellation, and its first bytes read ahead so where the file is
 * read can be chosen before it is (sources.ts reads a small file that is not gzip on its own thread).
 */
import { DecodeError } from '../otlp/decode-result';

/**
 * The next piece, or a DecodeError('cancelled') as soon as `signal` aborts, even while a read waits (a stream
 * destroyed before its first read may never answer). Each wait listens on its own: one promise raced against every
 * read would keep every piece read reachable until the import ends (1.4 GB resident for a 1 GB file).
 */
export function nextOrCancel<T>(pieces: AsyncIterator<T>, signal: AbortSignal | undefined): Promise<IteratorResult<T>> {
  if (signal === undefined) return pieces.next();
  if (signal.aborted) return Promise.reject(new DecodeError('cancelled'));
  return new Promise((resolve, reject) => {
    const cancel = () => reject(new DecodeError('cancelled'));
    signal.addEventListener('abort', cancel, { once: true });
    pieces.next().then(resolve, reject).finally(() => signal.removeEventListener('abort', cancel));
  });
}

export interface ReadHead {
  /** The first bytes (fewer when the input is shorter, or failed before them). */
  head: Uint8Array;
  /** Every piece, those read ahead first. A failure while reading ahead is thrown here, where the reader meets it as it would have without the look ahead. */
  input: AsyncGenerator<Uint8Array>;
}

/** Reads pieces until `count` bytes have come (or the input ends). */
export async function readHead(input: AsyncIterable<Uint8Array>, count: number, signal?: AbortSignal): Promise<ReadHead> {
  const source = input[Symbol.asyncIterator]();
  const pieces: Uint8Array[] = [];
  let bytes = 0;
  let ended = false;
  let failure: { error: unknown } | undefined;
  try {
    while (bytes < count) {
      const next = await nextOrCancel(source, signal);
      if (next.done) {
        ended = true;
        break;
      }
      pieces.push(next.value);
      bytes += next.value.byteLength;
    }
  } catch (error) {
    failure = { error };
  }
  const head = new Uint8Array(Math.min(count, bytes));
  for (let i = 0, at = 0; at < head.length; at += pieces[i++].byteLength) head.set(pieces[i].subarray(0, head.length - at), at);
  async function* all(): AsyncGenerator<Uint8Array> {
    while (pieces.length > 0) yield pieces.shift()!;
    if (failure) throw failure.error;
    if (ended) return;
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
  }
  return { head, input: all() };
}
