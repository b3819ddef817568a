/** An upload's first bytes read ahead: the pieces still come whole and in order, and a failure comes where the reader would have met it. */
import { describe, expect, it } from 'vitest';
import { readHead } from '../../src-main/archives/read-ahead';
import { DecodeError } from '../../src-main/otlp/decode-result';

async function* pieces(...parts: (number[] | Error)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    if (part instanceof Error) throw part;
    yield Uint8Array.from(part);
  }
}

async function all(input: AsyncIterable<Uint8Array>): Promise<number[]> {
  const bytes: number[] = [];
  for await (const piece of input) bytes.push(...piece);
  return bytes;
}

describe('readHead', () => {
  it('takes the first bytes across pieces and hands every piece on, in order', async () => {
    const { head, input } = await readHead(pieces([0x1f], [0x8b, 8], [1, 2]), 2);
    expect([...head]).toEqual([0x1f, 0x8b]);
    expect(await all(input)).toEqual([0x1f, 0x8b, 8, 1, 2]);
  });

  it('gives fewer bytes for a shorter input', async () => {
    const { head, input } = await readHead(pieces([7]), 2);
    expect([...head]).toEqual([7]);
    expect(await all(input)).toEqual([7]);
  });

  it('throws a failure met while reading ahead after the pieces read before it', async () => {
    const { head, input } = await readHead(pieces([1], new Error('the client went away')), 2);
    expect([...head]).toEqual([1]);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const piece of input) seen.push(...piece);
      })(),
    ).rejects.toThrow('the client went away');
    expect(seen).toEqual([1]);
  });

  it('stops waiting when cancelled', async () => {
    const stop = new AbortController();
    async function* stalled(): AsyncGenerator<Uint8Array> {
      yield Uint8Array.of(1);
      await new Promise(() => {});
    }
    const reading = readHead(stalled(), 2, stop.signal);
    stop.abort();
    const { input } = await reading;
    await expect(all(input)).rejects.toThrow(DecodeError);
  });
});
