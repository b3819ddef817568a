/** Zipkin's query API answers (openzipkin/zipkin-api `zipkin2-api.yaml`) read into Spanscope's shapes. Pure. */
import type { Span } from '../model/span';
import { decodeZipkinJson } from '../formats/zipkin-decode';

/** `/api/v2/services`, `/api/v2/spans`: an array of names. */
export function zipkinNames(body: unknown): string[] | string {
  if (!Array.isArray(body) || !body.every((name) => typeof name === 'string')) return 'it is not an array of names';
  return [...(body as string[])].sort();
}

/** `/api/v2/traces`: an array of traces, each an array of spans. */
export function zipkinTracesSpans(body: unknown): Span[] | string {
  if (!Array.isArray(body) || !body.every(Array.isArray)) return 'it is not an array of traces (arrays of spans)';
  return decodeZipkinJson((body as unknown[][]).flat());
}

/** `/api/v2/trace/ID`: one trace, an array of spans. */
export function zipkinTraceSpans(body: unknown): Span[] | string {
  if (!Array.isArray(body)) return 'it is not an array of spans';
  return decodeZipkinJson(body);
}
