import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openArchive, type ArchiveChunk } from '../../src-main/archives/read-archive';
import { describeHead, sniffFormat } from '../../src-main/formats/sniff-format';
import type { Span } from '../../src-main/model/span';
import { decodeTraceRequestProtobuf } from '../../src-main/otlp/decode-protobuf';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { transcodeTraceRequestJson } from '../../src-main/otlp/transcode-json';
import { jaegerJsonTexts, otlpJsonTexts, otlpProtobufBodies, zipkinJsonTexts } from './decode-seeds';
import { decodeOrRefuse, decodeOrRefuseAsync, runs } from './fuzz-run';
import { mutatedBytes } from './mutations';
import { protobufShapedBytes } from './protobuf-shapes';
import { doubleWithoutNegativeZero, otlpSpans } from './span-arbitraries';
import { expectValidResult, expectValidSpans } from './span-invariants';

/** Every refusal says where: the file as a whole, a line, a message, a byte, or the path of a wrong value. */
const WHERE =
  /^(not a trace or logs file|not valid gzip|not valid JSON at line \d+, column \d+|line \d+|message \d+ \(byte \d+\)|byte \d+|the field at byte \d+|(\$|data\b|\[\d+\]|resourceSpans|resourceLogs).*?): /s;
const PROTOBUF_WHERE = /^not a valid OTLP protobuf request: .* at byte \d+/s;

/** The collector file exporter's framing: each message after its length in 4 big-endian bytes. */
function lengthPrefixed(messages: Uint8Array[]): Buffer {
  return Buffer.concat(messages.flatMap((m) => [Buffer.from([m.length >>> 24, (m.length >>> 16) & 255, (m.length >>> 8) & 255, m.length & 255]), Buffer.from(m)]));
}

/** An OTLP request as a file in each format the reader opens (each holding its spans once), and each gzipped. */
function archivesOf(otlpDocument: object): Buffer[] {
  const protobuf = transcodeTraceRequestJson(otlpDocument);
  const files = [
    Buffer.from(JSON.stringify(otlpDocument, null, 2)),
    Buffer.from(`${JSON.stringify(otlpDocument)}\n`),
    protobuf,
    lengthPrefixed([protobuf]),
    lengthPrefixed([Buffer.from(JSON.stringify(otlpDocument))]),
  ];
  return [...files, ...files.map((f) => gzipSync(f))];
}

const otlpDocuments = otlpJsonTexts.map((t) => JSON.parse(t) as object);
const jsonLinesFile = Buffer.from(otlpDocuments.map((doc) => JSON.stringify(doc)).join('\n'));
const seeds = [
  ...otlpDocuments.flatMap(archivesOf),
  jsonLinesFile,
  lengthPrefixed(otlpProtobufBodies),
  ...otlpProtobufBodies,
  ...[...zipkinJsonTexts, ...jaegerJsonTexts].map((t) => Buffer.from(t)),
  gzipSync(zipkinJsonTexts[0]),
];

/** The bytes as a stream of pieces of the given sizes (repeated), as a file arrives. */
async function* inPieces(bytes: Buffer, sizes: number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes.length === 0 ? bytes.length : sizes[i % sizes.length];
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function chunksOf(bytes: Buffer, sizes: number[]): Promise<ArchiveChunk[]> {
  const archive = await openArchive(inPieces(bytes, sizes));
  const chunks: ArchiveChunk[] = [];
  for await (const chunk of archive.chunks) chunks.push(chunk);
  return chunks;
}

/** What the reader made of a file: its chunks, or the sentence that refused it. */
async function outcome(bytes: Buffer, sizes: number[]): Promise<{ chunks: ArchiveChunk[] } | { refused: string }> {
  return chunksOf(bytes, sizes).then(
    (chunks) => ({ chunks }),
    (error: Error) => ({ refused: error.message }),
  );
}

/** Reads, or refuses with a DecodeError saying where; every chunk read decodes to valid spans or is refused in turn. */
async function checkRead(bytes: Buffer, sizes: number[]): Promise<void> {
  const chunks = await decodeOrRefuseAsync(bytes, () => chunksOf(bytes, sizes), WHERE);
  for (const chunk of chunks ?? []) {
    if (chunk.spans) expectValidSpans(chunk.spans, { endNotBeforeStart: true });
    const result = chunk.protobuf && decodeOrRefuse(chunk.protobuf, () => decodeTraceRequestProtobuf(chunk.protobuf!), PROTOBUF_WHERE);
    if (result) expectValidResult(result);
  }
}

/** The spans of every chunk, protobuf chunks decoded. */
function spansOf(chunks: ArchiveChunk[]): Span[] {
  return chunks.flatMap((c) => c.spans ?? decodeTraceRequestProtobuf(c.protobuf!).spans);
}

const pieceSizes = fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 4 });

describe('archive reader, property-based', () => {
  it('sniffs and describes any bytes without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mutatedBytes(seeds).map((b) => new Uint8Array(b.subarray(0, 64)))), (head) => {
        const format = sniffFormat(head);
        if (format === undefined) expect(describeHead(head)).toMatch(/^it /);
      }),
      runs(3000),
    );
  });

  it('reads or refuses random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }).map(Buffer.from), pieceSizes, checkRead), runs(500));
  });

  it('reads or refuses damaged real archives of every format, gzipped or not', async () => {
    await fc.assert(fc.asyncProperty(mutatedBytes(seeds), pieceSizes, checkRead), runs(800));
  });

  it('reads a file the same whichever pieces it arrives in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...seeds), mutatedBytes(seeds)), pieceSizes, async (bytes, sizes) => {
        expect(await outcome(bytes, sizes)).toEqual(await outcome(bytes, []));
      }),
      runs(300),
    );
  });

  it('reads a protobuf request with fields it does not know to the spans the decoder reads from it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...otlpProtobufBodies), protobufShapedBytes, pieceSizes, async (body, fields, sizes) => {
        const file = Buffer.concat([body, fields]);
        const decoded = decodeOrRefuse(file, () => decodeTraceRequestProtobuf(file), PROTOBUF_WHERE);
        if (decoded) expect(spansOf(await chunksOf(file, sizes))).toEqual(decoded.spans);
      }),
      runs(500),
    );
  });

  it('reads a JSON archive the same after a byte order mark or white space', async () => {
    const jsonFiles = [...otlpDocuments.flatMap((doc) => archivesOf(doc).slice(0, 2)), jsonLinesFile, ...[...zipkinJsonTexts, ...jaegerJsonTexts].map((t) => Buffer.from(t))];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...jsonFiles), fc.constantFrom('\ufeff', ' ', '\n', '\r\n', '\ufeff\n\t'), async (file, prefix) => {
        expect(spansOf(await chunksOf(Buffer.concat([Buffer.from(prefix), file]), []))).toEqual(spansOf(await chunksOf(file, [])));
      }),
      runs(100),
    );
  });

  it('gives back the spans written in each OTLP archive format', async () => {
    await fc.assert(
      fc.asyncProperty(otlpSpans(doubleWithoutNegativeZero).filter((spans) => spans.length > 0), fc.nat(), pieceSizes, async (spans, pick, sizes) => {
        const files = archivesOf(encodeTraceRequestJson(spans));
        expect(spansOf(await chunksOf(files[pick % files.length], sizes))).toEqual(spans);
      }),
      runs(150),
    );
  });
});

describe('archive reader regressions found while fuzzing', () => {
  const [document] = otlpDocuments;
  const { spans } = decodeTraceRequestProtobuf(transcodeTraceRequestJson(document));

  it('reads an OTLP JSON document after a byte order mark (JSON.parse refused it)', async () => {
    expect(spansOf(await chunksOf(Buffer.from(`\ufeff${JSON.stringify(document, null, 2)}`), []))).toEqual(spans);
  });

  it('reads JSON Lines whose first line is blank, numbering lines as the file does', async () => {
    const file = Buffer.from(`\r\n\n${JSON.stringify(document)}\n{"resourceSpans": 1}\n`);
    await expect(chunksOf(file, [])).rejects.toThrow('line 4: resourceSpans: expected an array, got number 1');
    expect(spansOf(await chunksOf(file.subarray(0, file.indexOf('{"resourceSpans": 1}')), []))).toEqual(spans);
  });

  it('skips an unknown varint field of ten bytes in a protobuf request (it was refused as a length that does not end)', async () => {
    const file = Buffer.concat([transcodeTraceRequestJson(document), Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])]);
    expect(spansOf(await chunksOf(file, []))).toEqual(spans);
  });
});
