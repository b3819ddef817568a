import type { Span } from '../model/span';

/** What a decoder made of one export request: the valid spans, and how many were rejected and why. */
export interface DecodeResult {
  spans: Span[];
  rejectedSpans: number;
  /** One sentence per distinct reason, for OTLP's partial_success error_message. */
  rejectionReasons: string[];
}

/** Thrown when a whole request cannot be read: the sentence names what was wrong and where. */
export class DecodeError extends Error {}

const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** Why OTLP would reject this span's ids, or '' when they are valid. */
export function invalidIdReason(traceId: string, spanId: string, parentSpanId: string): string {
  if (traceId.length !== 32) return `trace id "${traceId}" is ${traceId.length / 2} bytes, expected 16`;
  if (traceId === ZERO_TRACE_ID) return 'trace id is all zeros';
  if (spanId.length !== 16) return `span id "${spanId}" is ${spanId.length / 2} bytes, expected 8`;
  if (spanId === ZERO_SPAN_ID) return 'span id is all zeros';
  if (parentSpanId.length !== 0 && parentSpanId.length !== 16) {
    return `parent span id "${parentSpanId}" is ${parentSpanId.length / 2} bytes, expected 8 or none`;
  }
  return '';
}

/** Collects spans and rejections while a decoder walks a request. */
export class DecodeResultBuilder {
  private readonly result: DecodeResult = { spans: [], rejectedSpans: 0, rejectionReasons: [] };

  add(span: Span): void {
    const parent = span.parentSpanId === ZERO_SPAN_ID ? '' : span.parentSpanId;
    span.parentSpanId = parent;
    const reason = invalidIdReason(span.traceId, span.spanId, parent);
    if (reason) this.reject(`span "${span.name}": ${reason}`);
    else this.result.spans.push(span);
  }

  reject(reason: string): void {
    this.result.rejectedSpans++;
    if (this.result.rejectionReasons.length < 10 && !this.result.rejectionReasons.includes(reason)) {
      this.result.rejectionReasons.push(reason);
    }
  }

  build(): DecodeResult {
    return this.result;
  }
}
