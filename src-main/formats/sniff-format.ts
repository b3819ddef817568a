/**
 * Which trace format a file holds (OTLP's formats hold logs too: otlp-signal.ts tells which), from its first bytes (after gunzip): the content decides, never the name.
 * Returns undefined for anything else; `describeHead` says what the bytes looked like instead.
 */
import { TAG } from '../otlp/otlp-schema';

export type ArchiveFormat = 'otlp-json' | 'otlp-protobuf' | 'otlp-protobuf-stream' | 'jaeger-json' | 'zipkin-json';

const PROTOBUF_FIELD_1_LEN = TAG.ExportTraceServiceRequest.resourceSpans; // the only field a request has

export function sniffFormat(head: Uint8Array): ArchiveFormat | undefined {
  const start = firstSignificantByte(head);
  if (start === -1) return undefined;
  const first = head[start];
  if (start === 0 && first === PROTOBUF_FIELD_1_LEN) return 'otlp-protobuf';
  // The collector's file exporter writes each message after its length as 4 big-endian bytes: under 16 MiB the first is 0.
  if (start === 0 && first === 0 && head.length >= 5 && (head[4] === PROTOBUF_FIELD_1_LEN || head[4] === 0x7b)) return 'otlp-protobuf-stream';
  if (first !== 0x7b && first !== 0x5b) return undefined; // { or [
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8');
  if (/"resource_?(?:[sS]pans|[lL]ogs)"\s*:/.test(text)) return 'otlp-json';
  if (/"traceID"\s*:|"processes"\s*:/.test(text)) return 'jaeger-json';
  if (first === 0x5b && (/"traceId"\s*:/.test(text) || /^\[\s*\]\s*$/.test(text.slice(start)))) return 'zipkin-json';
  return undefined;
}

/**
 * Where the content starts. Text formats may begin with a byte order mark and white space; a protobuf request
 * begins 0x0a like a newline, so text wins only when a JSON opening follows: `{` or `[`, then (past white space)
 * a quote, a bracket or the start of a value.
 */
function firstSignificantByte(head: Uint8Array): number {
  const i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let j = i;
  while (j < head.length && (head[j] === 0x20 || head[j] === 0x0a || head[j] === 0x0d || head[j] === 0x09)) j++;
  let k = j + 1;
  while (k < head.length && (head[k] === 0x20 || head[k] === 0x0a || head[k] === 0x0d || head[k] === 0x09)) k++;
  const opensJson = (head[j] === 0x7b || head[j] === 0x5b) && (k === head.length || /["{}[\]\d\-tfn]/.test(String.fromCharCode(head[k])));
  if (opensJson) return j;
  if (head[i] === 0 || head[i] === PROTOBUF_FIELD_1_LEN) return i;
  return j < head.length ? j : -1;
}

/** What the file looked like, for the error that says it is not a trace or logs file. */
export function describeHead(head: Uint8Array): string {
  const start = firstSignificantByte(head);
  if (start === -1) return 'it is empty';
  const first = head[start];
  if (first === 0x7b || first === 0x5b) {
    return 'it is JSON but has none of resourceSpans or resourceLogs (OTLP), traceID or processes (Jaeger), or an array of spans with traceId (Zipkin)';
  }
  const bytes = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `it starts with the bytes ${bytes}, which begin none of OTLP JSON or protobuf (traces or logs), Jaeger JSON or Zipkin JSON`;
}
