/**
 * An archive file as a sequence of chunks to store: the format is sniffed from the content (gzip is opened
 * first), JSON Lines, OTLP/JSON documents and protobuf streams are read a piece at a time; a Jaeger document is
 * read whole, then decoded a piece at a time (jaeger-json-pieces.ts); a Zipkin document is decoded completely
 * before the first chunk (its halves of one span may be anywhere in it), so a broken one stores nothing. OTLP files may hold
 * log records as well as spans: each request (a JSON line, a stream's message) says which by its top key, a
 * protobuf request by its first record (formats/otlp-signal.ts).
 */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { describeHead, sniffFormat, type ArchiveFormat } from '../formats/sniff-format';
import { decodeZipkinJson } from '../formats/zipkin-decode';
import { jsonSignal, protobufSignal, type OtlpSignal } from '../formats/otlp-signal';
import type { Span } from '../model/span';
import { transcodeLogsRequestJson } from '../otlp/transcode-logs-json';
import { transcodeTraceRequestJson } from '../otlp/transcode-json';
import { DecodeError, decodingAt } from '../otlp/decode-result';
import { FIXED32, FIXED64, LEN, TAG, VARINT } from '../otlp/otlp-schema';
import { parseJson, parseJsonExactNumbers } from '../otlp/parse-json';
import { ByteReader } from './byte-reader';
import { JaegerJsonReader } from './jaeger-json-pieces';
import { OtlpJsonCutter, type CutValue, type Member, type RecordGroup } from './otlp-json-cutter';

export interface ArchiveChunk {
  /** An OTLP ExportTraceServiceRequest in protobuf (stored by the receivers' fast path)… */
  protobuf?: Buffer;
  /** …or decoded spans… */
  spans?: Span[];
  /** …or an OTLP ExportLogsServiceRequest in protobuf. */
  logsProtobuf?: Buffer;
  /** Where it came from, for messages: "line 12", "message 3 (byte 1024)". */
  at: string;
}

export type ReadFormat = ArchiveFormat | 'otlp-json-lines';

export interface OpenedArchive {
  format: ReadFormat;
  gzip: boolean;
  /** True when chunks are stored as they are read (JSON Lines, protobuf): an error midway leaves the earlier ones stored. */
  streamed: boolean;
  chunks: AsyncGenerator<ArchiveChunk>;
}

const SNIFF_BYTES = 64 * 1024;
/** V8's longest string is about 512 MiB; a document must fit in one. */
const MAX_DOCUMENT_BYTES = 500 * 1024 * 1024;
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/**
 * A first line longer than this is not taken for JSON Lines: the file is read as documents, in pieces (the cutter
 * reads several documents one after another as well). Only this much is waited for before reading starts.
 */
const FIRST_LINE_PROBE_BYTES = 1024 * 1024;
/** Spans per chunk when a whole document is decoded, and the size at which protobuf fields are grouped. */
const SPANS_PER_CHUNK = 10_000;
const PROTOBUF_CHUNK_BYTES = 1024 * 1024;

/** A file's first two bytes say gzip. */
export function isGzip(magic: Uint8Array): boolean {
  return magic[0] === 0x1f && magic[1] === 0x8b;
}

export async function openArchive(input: AsyncIterable<Uint8Array>): Promise<OpenedArchive> {
  let reader = new ByteReader(input[Symbol.asyncIterator]());
  const magic = await reader.peek(2);
  const gzip = isGzip(magic);
  if (gzip) reader = new ByteReader(gunzipped(reader)[Symbol.asyncIterator]());
  const head = await reader.peek(SNIFF_BYTES);
  const format = sniffFormat(head);
  if (!format) throw new DecodeError(`not a trace or logs file: ${describeHead(head)}`);
  // Sniffing looked past a byte order mark (only text formats start with one); JSON.parse would refuse it.
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) await reader.readExactly(3, 'the byte order mark');
  if (format === 'otlp-json') {
    // JSON Lines when the first line is a whole request; else one document (or several), read in pieces.
    let lineNumber = 1;
    for (;;) {
      const head = await reader.peek(FIRST_LINE_PROBE_BYTES);
      const end = head.indexOf(0x0a);
      const firstLine = end === -1 ? (head.length < FIRST_LINE_PROBE_BYTES ? head : undefined) : head.subarray(0, end);
      if (firstLine && isBlank(firstLine) && end !== -1) {
        await reader.readLine(FIRST_LINE_PROBE_BYTES, `line ${lineNumber++}`);
        continue;
      }
      const lineDoc = firstLine && tryParse(firstLine);
      if (lineDoc === undefined) return { format, gzip, streamed: true, chunks: otlpJsonDocument(reader, lineNumber) };
      await reader.readLine(FIRST_LINE_PROBE_BYTES, `line ${lineNumber}`);
      return { format: 'otlp-json-lines', gzip, streamed: true, chunks: jsonLines(reader, lineDoc, lineNumber) };
    }
  }
  if (format === 'otlp-protobuf-stream') return { format, gzip, streamed: true, chunks: lengthPrefixed(reader) };
  if (format === 'otlp-protobuf') return { format, gzip, streamed: true, chunks: protobufFields(reader) };
  if (format === 'jaeger-json') return { format, gzip, streamed: true, chunks: jaegerDocument(reader) };
  const text = await reader.readRest(MAX_DOCUMENT_BYTES, `the ${format} document`);
  return { format, gzip, streamed: false, chunks: document(text, decodeZipkinJson) };
}

/** A Jaeger document's layout found as its bytes arrive; its spans decoded a piece at a time once it is all read. */
async function* jaegerDocument(reader: ByteReader): AsyncGenerator<ArchiveChunk> {
  const document = new JaegerJsonReader();
  for (let piece = await reader.readAvailable(); piece; piece = await reader.readAvailable()) {
    if (reader.consumed > MAX_DOCUMENT_BYTES) throw new DecodeError(`the jaeger-json document is larger than ${MAX_DOCUMENT_BYTES} bytes; save it as JSON Lines (one request per line) to import it in pieces`);
    document.push(piece);
  }
  yield* document.spanPieces();
}

function tryParse(line: Buffer): unknown {
  try {
    const doc: unknown = parseJsonExactNumbers(line.toString('utf8'));
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

async function* document(text: Buffer, decode: (doc: unknown) => Span[]): AsyncGenerator<ArchiveChunk> {
  const spans = decode(parseJson(text.toString('utf8')));
  for (let i = 0; i < spans.length; i += SPANS_PER_CHUNK) yield { spans: spans.slice(i, i + SPANS_PER_CHUNK), at: `spans ${i + 1}–${Math.min(spans.length, i + SPANS_PER_CHUNK)}` };
}

/** What each signal's requests are called in OTLP/JSON, how they are transcoded, and how a chunk carries them. */
const SIGNALS: Record<OtlpSignal, { lists: readonly [string, string, string]; transcode: (doc: unknown) => Buffer; chunk: (request: Buffer, at: string) => ArchiveChunk }> = {
  traces: { lists: ['resourceSpans', 'scopeSpans', 'spans'], transcode: transcodeTraceRequestJson, chunk: (protobuf, at) => ({ protobuf, at }) },
  logs: { lists: ['resourceLogs', 'scopeLogs', 'logRecords'], transcode: transcodeLogsRequestJson, chunk: (logsProtobuf, at) => ({ logsProtobuf, at }) },
};

/** Requests of one signal from consecutive lines, waiting to be handed out as one chunk. */
interface LineGroup {
  requests: Buffer[];
  bytes: number;
  firstLine: number;
}

/**
 * JSON Lines: each line transcoded to protobuf, lines gathered into chunks of about 4 MiB (one commit each; a
 * concatenation of requests is a request). A line of logs (`resourceLogs`) joins the logs' chunk, any other the
 * spans', so a file one Collector exporter wrote for both pipelines is read whole. At a broken line the lines
 * before it are handed out first, so exactly those are stored.
 */
async function* jsonLines(reader: ByteReader, firstDoc: unknown, firstDocLine: number): AsyncGenerator<ArchiveChunk> {
  const groups = new Map<OtlpSignal, LineGroup>();
  const take = (signal: OtlpSignal, last: string): ArchiveChunk => {
    const group = groups.get(signal)!;
    groups.delete(signal);
    return SIGNALS[signal].chunk(Buffer.concat(group.requests, group.bytes), `lines ${group.firstLine}–${last}`);
  };
  let doc = firstDoc;
  for (let n = firstDocLine; ; n++) {
    let request: Buffer;
    let signal: OtlpSignal;
    try {
      if (n > firstDocLine) {
        const line = await reader.readLine(MAX_DOCUMENT_BYTES, `line ${n}`);
        if (line === undefined) break;
        if (isBlank(line)) continue;
        doc = atLine(n, () => parseJsonExactNumbers(line.toString('utf8')));
      }
      signal = jsonSignal(doc);
      request = atLine(n, () => SIGNALS[signal].transcode(doc));
    } catch (error) {
      for (const pending of [...groups.keys()]) yield take(pending, `${n - 1}`);
      throw error;
    }
    const group = groups.get(signal) ?? { requests: [], bytes: 0, firstLine: n };
    groups.set(signal, group);
    group.requests.push(request);
    group.bytes += request.length;
    if (group.bytes >= PROTOBUF_CHUNK_BYTES) yield take(signal, `${n}`);
  }
  for (const signal of [...groups.keys()]) yield take(signal, 'end');
}

function isBlank(line: Buffer): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}

/** An OTLP/JSON document cut into groups of records as it arrives (otlp-json-cutter.ts), each transcoded alone. */
async function* otlpJsonDocument(reader: ByteReader, firstLine: number): AsyncGenerator<ArchiveChunk> {
  const cutter = new OtlpJsonCutter(firstLine);
  const gathered = new GatheredRequests();
  function* handOut(groups: RecordGroup[]): Generator<ArchiveChunk> {
    for (const group of groups) {
      let request: { protobuf: Buffer; at: string };
      try {
        request = groupRequest(group);
      } catch (error) {
        yield* gathered.all(); // exactly the groups before the broken one are stored
        throw error;
      }
      yield* gathered.add(group.signal, request.protobuf, request.at);
    }
  }
  for (let piece = await reader.readAvailable(); piece; piece = await reader.readAvailable()) yield* handOut(cutter.push(piece));
  yield* handOut(cutter.end());
  yield* gathered.all();
}

/**
 * Consecutive groups' requests of one signal gathered into chunks of about PROTOBUF_CHUNK_BYTES (a concatenation of
 * requests is a request): a document of many small ResourceSpans (one a span) is stored in a few commits, not one a
 * group. The first is handed out alone, to be stored (and shown) at once.
 */
class GatheredRequests {
  private pending: { signal: OtlpSignal; requests: Buffer[]; bytes: number; firstAt: string; lastAt: string } | undefined;
  private first = true;

  *add(signal: OtlpSignal, request: Buffer, at: string): Generator<ArchiveChunk> {
    if (this.pending && this.pending.signal !== signal) yield* this.all();
    const pending = (this.pending ??= { signal, requests: [], bytes: 0, firstAt: at, lastAt: at });
    pending.requests.push(request);
    pending.bytes += request.length;
    pending.lastAt = at;
    if (this.first || pending.bytes >= PROTOBUF_CHUNK_BYTES) yield* this.all();
    this.first = false;
  }

  *all(): Generator<ArchiveChunk> {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    const request = pending.requests.length === 1 ? pending.requests[0] : Buffer.concat(pending.requests, pending.bytes);
    yield SIGNALS[pending.signal].chunk(request, pending.firstAt === pending.lastAt ? pending.firstAt : `${pending.firstAt} to ${pending.lastAt}`);
  }
}

/** A group as a request of its own; messages name the file's lines and the document's paths. */
function groupRequest(group: RecordGroup): { protobuf: Buffer; at: string } {
  const { lists, transcode } = SIGNALS[group.signal];
  const [resources, scopes, records] = lists;
  const where = `${resources}[${group.resourceIndex}].${scopes}[${group.scopeIndex}]`;
  const members = (list: Member[]) => Object.fromEntries(list.map((m) => [m.key, parsedAt(m.value)]));
  const request = { [resources]: [{ ...members(group.resource), [scopes]: [{ ...members(group.scope), [records]: group.records.map(parsedAt) }] }] };
  let protobuf: Buffer;
  try {
    protobuf = transcode(request);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    const first = `^${resources}\\[0\\]`;
    throw new DecodeError(
      error.message
        .replace(new RegExp(`${first}\\.${scopes}\\[0\\]\\.${records}\\[(\\d+)\\]`), (_, k: string) => `${where}.${records}[${group.firstRecord + Number(k)}]`)
        .replace(new RegExp(`${first}\\.${scopes}\\[0\\]`), where)
        .replace(new RegExp(first), `${resources}[${group.resourceIndex}]`),
    );
  }
  return { protobuf, at: `${where}.${records}[${group.firstRecord}–${group.firstRecord + group.records.length - 1}]` };
}

/** A cut value parsed; a syntax error names the file's line and column. */
function parsedAt(value: CutValue): unknown {
  try {
    return parseJsonExactNumbers(value.text.toString('utf8'));
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    throw new DecodeError(
      error.message.replace(/^not valid JSON at line (\d+), column (\d+)/, (_, l: string, c: string) =>
        Number(l) === 1 ? `not valid JSON at line ${value.line}, column ${value.column + Number(c) - 1}` : `not valid JSON at line ${value.line + Number(l) - 1}, column ${c}`,
      ),
    );
  }
}

/** A line's errors name the line; within it, only the column is news. */
function atLine<T>(n: number, read: () => T): T {
  return decodingAt(`line ${n}`, () => {
    try {
      return read();
    } catch (error) {
      if (error instanceof DecodeError) throw new DecodeError(error.message.replace(/^not valid JSON at line 1, /, 'not valid JSON at '));
      throw error;
    }
  });
}

/** The collector file exporter's protobuf stream: each message after its length in 4 big-endian bytes. */
async function* lengthPrefixed(reader: ByteReader): AsyncGenerator<ArchiveChunk> {
  for (let n = 1; ; n++) {
    const at = `message ${n} (byte ${reader.consumed})`;
    const prefix = await reader.readExactly(4, at);
    if (prefix === undefined) return;
    const length = prefix.readUInt32BE(0);
    if (length > MAX_MESSAGE_BYTES) throw new DecodeError(`${at}: a length of ${length} bytes is past the ${MAX_MESSAGE_BYTES}-byte limit; the stream is damaged or not length-prefixed`);
    const body = (await reader.readExactly(length, at)) ?? Buffer.alloc(0);
    if (body[0] === 0x7b) {
      const doc = decodingAt(at, () => parseJsonExactNumbers(body.toString('utf8')));
      const { transcode, chunk } = SIGNALS[jsonSignal(doc)];
      yield chunk(decodingAt(at, () => transcode(doc)), at);
    } else yield SIGNALS[protobufSignal(body) ?? 'traces'].chunk(body, at);
  }
}

/**
 * One ExportTraceServiceRequest or ExportLogsServiceRequest, read field by field: its ResourceSpans (or
 * ResourceLogs) are regrouped into requests of about 4 MiB (concatenated fields are a valid message), so even a
 * 1 GB request is never held whole. The first field with a record says which request it is.
 */
async function* protobufFields(reader: ByteReader): AsyncGenerator<ArchiveChunk> {
  let signal: OtlpSignal | undefined;
  const chunk = (request: Buffer, at: string) => SIGNALS[signal ?? 'traces'].chunk(request, at);
  let group: Buffer[] = [];
  let groupBytes = 0;
  let groupStart = 0;
  for (;;) {
    const fieldStart = reader.consumed;
    const head = await reader.peek(20);
    if (head.length === 0) break;
    const { value: tag, length: tagLength } = varint(head, 0, fieldStart);
    const wireType = tag & 7;
    let fieldLength: number;
    if (wireType === LEN) {
      const { value, length } = varint(head, tagLength, fieldStart);
      if (value > MAX_MESSAGE_BYTES) throw new DecodeError(`byte ${fieldStart}: a field of ${value} bytes is past the ${MAX_MESSAGE_BYTES}-byte limit`);
      fieldLength = tagLength + length + value;
    } else if (wireType === VARINT) fieldLength = tagLength + varint(head, tagLength, fieldStart, 10).length;
    else if (wireType === FIXED64) fieldLength = tagLength + 8;
    else if (wireType === FIXED32) fieldLength = tagLength + 4;
    else throw new DecodeError(`byte ${fieldStart}: wire type ${wireType} is not valid here; this is not an OTLP protobuf request`);
    const field = (await reader.readExactly(fieldLength, `the field at byte ${fieldStart}`))!;
    if (tag !== TAG.ExportTraceServiceRequest.resourceSpans) continue; // nothing to store (ResourceLogs has the same tag)
    signal ??= protobufSignal(field);
    if (groupBytes > 0 && groupBytes + field.length > PROTOBUF_CHUNK_BYTES) {
      yield chunk(Buffer.concat(group, groupBytes), `bytes ${groupStart}–${fieldStart}`);
      group = [];
      groupBytes = 0;
      groupStart = fieldStart;
    }
    group.push(field);
    groupBytes += field.length;
  }
  if (groupBytes > 0) yield chunk(Buffer.concat(group, groupBytes), `bytes ${groupStart}–${reader.consumed}`);
}

/** A varint of up to `maxBytes` bytes: 5 for tags and lengths; 10 for a varint field, whose value is only skipped. */
function varint(bytes: Buffer, offset: number, fileOffset: number, maxBytes = 5): { value: number; length: number } {
  let value = 0;
  for (let i = 0; i < maxBytes && offset + i < bytes.length; i++) {
    value += (bytes[offset + i] & 0x7f) * 2 ** (7 * i);
    if (bytes[offset + i] < 0x80) return { value, length: i + 1 };
  }
  throw new DecodeError(`byte ${fileOffset + offset}: a length that does not end (truncated, or not protobuf)`);
}

/** The rest of the stream gunzipped; a damaged gzip stream throws DecodeError. */
async function* gunzipped(reader: ByteReader): AsyncGenerator<Uint8Array> {
  async function* compressed() {
    for (let chunk = await reader.readAvailable(); chunk; chunk = await reader.readAvailable()) yield chunk;
  }
  const inflated = pipeline(Readable.from(compressed()), createGunzip(), () => {});
  try {
    for await (const chunk of inflated) yield chunk as Buffer;
  } catch (error) {
    throw new DecodeError(`not valid gzip: ${(error as Error).message}`);
  }
}
