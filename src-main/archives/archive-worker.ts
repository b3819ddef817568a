/**
 * Entry of the archive thread: reads an archive (gunzip, sniffing, JSON.parse, transcoding to protobuf) so the
 * importing thread only packs and the writer only writes: with two cores, decoding gets a core of its own.
 */
import { parentPort } from 'node:worker_threads';
import { encodeTraceRequestProtobuf } from '../otlp/encode-protobuf';
import { DecodeError } from '../otlp/decode-result';
import { MAX_UNTAKEN_CHUNKS, type FromArchiveThread, type ToArchiveThread } from './archive-protocol';
import { openArchive } from './read-archive';

const port = parentPort;
if (port === null) throw new Error('archive-worker must run in a worker thread');

const post = (message: FromArchiveThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const pieces: (Uint8Array | undefined)[] = []; // undefined: the end
let onInput: (() => void) | undefined;
let untaken = 0;
let onCredit: (() => void) | undefined;

port.on('message', (message: ToArchiveThread) => {
  if (message.type === 'input' || message.type === 'end') {
    pieces.push(message.type === 'input' ? message.bytes : undefined);
    onInput?.();
  } else {
    untaken--;
    onCredit?.();
  }
});

async function* input(): AsyncGenerator<Uint8Array> {
  for (;;) {
    while (pieces.length === 0) await new Promise<void>((resolve) => (onInput = resolve));
    const bytes = pieces.shift();
    if (bytes === undefined) return;
    post({ type: 'need' });
    yield bytes;
  }
}

async function run(): Promise<void> {
  try {
    const archive = await openArchive(input());
    post({ type: 'opened', format: archive.format, gzip: archive.gzip, streamed: archive.streamed });
    for await (const chunk of archive.chunks) {
      const request = chunk.logsProtobuf ?? chunk.protobuf ?? encodeTraceRequestProtobuf(chunk.spans ?? []);
      const own = new Uint8Array(request); // a copy with its own ArrayBuffer, to transfer
      while (untaken >= MAX_UNTAKEN_CHUNKS) await new Promise<void>((resolve) => (onCredit = resolve));
      untaken++;
      post({ type: 'chunk', protobuf: own, logs: chunk.logsProtobuf !== undefined, at: chunk.at }, [own.buffer]);
    }
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'failed', message: (error as Error).message, decode: error instanceof DecodeError });
  }
}

run();
