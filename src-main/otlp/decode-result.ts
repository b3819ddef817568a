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

/** Runs `read`; a DecodeError from it is thrown again with `where` (a line, a message, a byte range) in front. */
export function decodingAt<T>(where: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof DecodeError) throw new DecodeError(`${where}: ${error.message}`);
    throw error;
  }
}

const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** A parent span id of all zeros means none, as OTLP, Zipkin and Jaeger read it. */
export function parentOrNone(parentSpanId: string): string {
  return parentSpanId === ZERO_SPAN_ID ? '' : parentSpanId;
}

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

/** Spans refused while reading a request: how many, and up to ten distinct reasons for partial_success. */
export class Rejections {
  count = 0;
  readonly reasons: string[] = [];

  add(reason: string): void {
    this.count++;
    if (this.reasons.length < 10 && !this.reasons.includes(reason)) this.reasons.push(reason);
  }
}

/** Collects spans and rejections while a decoder walks a request. */
export class DecodeResultBuilder {
  private readonly spans: Span[] = [];
  private readonly rejections = new Rejections();

  add(span: Span): void {
    span.parentSpanId = parentOrNone(span.parentSpanId);
    const reason = invalidIdReason(span.traceId, span.spanId, span.parentSpanId);
    if (reason) this.rejections.add(`span "${span.name}": ${reason}`);
    else this.spans.push(span);
  }

  build(): DecodeResult {
    return { spans: this.spans, rejectedSpans: this.rejections.count, rejectionReasons: this.rejections.reasons };
  }
}
