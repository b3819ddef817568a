/** Traces from a store written as a file in one of the writable formats, with what the format could not hold. */
import { encodeJaegerJson } from '../formats/jaeger-encode';
import { encodeZipkinJson } from '../formats/zipkin-encode';
import type { Converted } from '../formats/conversion-notes';
import type { Span } from '../model/span';
import { encodeTraceRequestJson } from '../otlp/encode-json';
import { loadTraceSpans } from '../query/trace-query';
import type { StoreReader } from '../store/store-reader';

export const EXPORT_FORMATS = ['otlp-json', 'jaeger-json', 'zipkin-json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(format: string): format is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}

export interface ExportedTraces extends Converted {
  /** Requested ids the store does not have. */
  missing: string[];
}

const ENCODERS: Record<ExportFormat, (spans: Span[]) => Converted> = {
  'otlp-json': (spans) => ({ text: JSON.stringify(encodeTraceRequestJson(spans)), notes: [] }),
  'jaeger-json': encodeJaegerJson,
  'zipkin-json': encodeZipkinJson,
};

export function exportTraces(reader: StoreReader, traceIds: string[], format: ExportFormat): ExportedTraces {
  const spans: Span[] = [];
  const missing: string[] = [];
  for (const traceId of traceIds) {
    const trace = loadTraceSpans(reader, traceId);
    if (trace) for (const span of trace) spans.push(span);
    else missing.push(traceId);
  }
  return { ...ENCODERS[format](spans), missing };
}

/** A file name made only of the ids and the format, so a download or save can never name a path elsewhere. */
export function exportFileName(traceIds: string[], format: ExportFormat): string {
  const what = traceIds.length === 1 ? `trace-${traceIds[0].replace(/[^0-9a-f]/g, '')}` : `traces-${traceIds.length}`;
  return `${what}.${format.replace('-json', '')}.json`;
}
