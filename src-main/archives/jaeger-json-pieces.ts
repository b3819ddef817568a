/**
 * A Jaeger JSON document decoded a piece of spans at a time, so the first spans are stored as soon as the file is
 * read, not after JSON.parse of all of it (about a second for 100 MB). Jaeger writes a trace's `processes` after
 * its `spans`, so no span can be decoded before the document's end: as the bytes arrive their layout is found
 * (jaeger-json-layout.ts) and the pieces are kept as they came (no copy of the whole); at the end each trace's
 * processes and each megabyte of its spans (the first piece smaller) are parsed and decoded in turn.
 *
 * A layout the scan does not expect, or text that does not parse, goes to the whole-document decoder, so a broken
 * file's message names the line and column, or the path, exactly as that decoder's does, and an odd but valid file
 * reads as it would.
 */
import { decodeJaegerJson, readProcesses, readSpans } from '../formats/jaeger-decode';
import type { Scope, Span } from '../model/span';
import { parseJson } from '../otlp/parse-json';
import { JaegerJsonLayout, Unexpected, type Range, type TraceLayout } from './jaeger-json-layout';
import { FIRST_GROUP_BYTES, GROUP_BYTES } from './otlp-json-cutter';

export interface SpanPiece {
  spans: Span[];
  /** Which spans, for messages: "data[0].spans[0–1234]". */
  at: string;
}

/** Spans per piece when the whole-document decoder read the file. */
const SPANS_PER_PIECE = 10_000;

export class JaegerJsonReader {
  private readonly pieces: Buffer[] = [];
  private readonly pieceStarts: number[] = [];
  private length = 0;
  private readonly layout = new JaegerJsonLayout();
  private broken = false;

  /** Takes the next bytes of the document (kept, not copied). */
  push(piece: Buffer): void {
    if (piece.length === 0) return;
    this.pieces.push(piece);
    this.pieceStarts.push(this.length);
    const offset = this.length;
    this.length += piece.length;
    if (this.broken) return;
    try {
      this.layout.push(piece, offset);
    } catch (error) {
      if (!(error instanceof Unexpected)) throw error;
      this.broken = true;
    }
  }

  /** The spans, a piece at a time, once the whole document has been pushed. */
  *spanPieces(): Generator<SpanPiece> {
    let traces: TraceLayout[] | undefined;
    try {
      traces = this.broken ? undefined : this.layout.end(this.length);
    } catch (error) {
      if (!(error instanceof Unexpected)) throw error;
    }
    if (traces === undefined) return yield* this.decodedWhole();
    let decoded = 0;
    try {
      for (const range of this.layout.checks) this.parsed(range);
      for (const trace of traces) {
        const processes = readProcesses(trace.processes && this.parsed(trace.processes), trace.path);
        const scopes = new Map<string, Scope>();
        const { starts, ends } = trace.spans ?? { starts: [], ends: [] };
        for (let first = 0; first < starts.length; ) {
          let last = first;
          const most = decoded === 0 ? FIRST_GROUP_BYTES : GROUP_BYTES;
          while (last + 1 < starts.length && ends[last + 1] - starts[first] <= most) last++;
          const spans = readSpans(this.parsed([starts[first], ends[last]], true) as unknown[], trace.path, first, processes, scopes);
          decoded += spans.length;
          yield { spans, at: `${trace.path}.spans[${first}–${last}]` };
          first = last + 1;
        }
      }
    } catch (error) {
      if (!(error instanceof Unexpected)) throw error;
      decodeJaegerJson(parseJson(this.text([0, this.length]))); // throws, naming what is wrong
      throw new Error(`the Jaeger JSON reader could not parse byte ${error.message} of a document that decodes whole (after ${decoded} spans)`);
    }
  }

  /** The document decoded whole: its message when it is broken, its spans when only its layout was unexpected. */
  private *decodedWhole(): Generator<SpanPiece> {
    const spans = decodeJaegerJson(parseJson(this.text([0, this.length])));
    for (let i = 0; i < spans.length; i += SPANS_PER_PIECE) yield { spans: spans.slice(i, i + SPANS_PER_PIECE), at: `spans ${i + 1}–${Math.min(spans.length, i + SPANS_PER_PIECE)}` };
  }

  /** A range's text parsed (as an array's elements, with `list`); broken text is left to the whole decoder. */
  private parsed(range: Range, list = false): unknown {
    const text = this.text(range);
    try {
      return JSON.parse(list ? `[${text}]` : text);
    } catch {
      throw new Unexpected(String(range[0]));
    }
  }

  private text([start, end]: Range): string {
    let k = upperBound(this.pieceStarts, start) - 1;
    const parts: Buffer[] = [];
    for (let at = start; at < end; k++) {
      const piece = this.pieces[k];
      const from = at - this.pieceStarts[k];
      const to = Math.min(piece.length, end - this.pieceStarts[k]);
      parts.push(piece.subarray(from, to));
      at += to - from;
    }
    return (parts.length === 1 ? parts[0] : Buffer.concat(parts)).toString('utf8');
  }
}

/** The first index whose value is greater than `value` (values ascending). */
function upperBound(values: number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A whole document's spans in pieces (tests, and callers that hold the text). */
export function jaegerJsonPieces(text: string): Generator<SpanPiece> {
  const reader = new JaegerJsonReader();
  reader.push(Buffer.from(text));
  return reader.spanPieces();
}
