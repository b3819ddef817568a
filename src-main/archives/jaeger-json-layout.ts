/**
 * The layout of a Jaeger JSON document (the shapes formats/jaeger-decode.ts reads: a trace, an array of traces, or
 * `{"data": [trace, …]}`) found as its bytes arrive, without parsing values: where each trace's `processes` and
 * each of its spans are, as document offsets, and the values read past (parsed later all the same, so text the
 * whole decoder refuses is refused). A layout it does not expect (a repeated `spans`, a trace that is not an
 * object, brackets that do not match) throws Unexpected: the caller then reads the document whole.
 */

/** The scan met text it does not expect here. */
export class Unexpected extends Error {}

export type Range = [start: number, end: number];

export interface TraceLayout {
  path: string;
  processes?: Range;
  spans?: { starts: number[]; ends: number[] };
}

type Role = 'root' | 'trace' | 'trace-list' | 'span-list';

interface Frame {
  kind: 'object' | 'array';
  role: Role;
  /** The member being read (objects). */
  key: string;
  index: number;
  /** Trace objects: what they hold; span lists: whose spans. */
  trace?: TraceLayout;
  /** Trace lists: the path before each index ('' or 'data'). */
  prefix?: string;
}

type Expect = 'value' | 'key-or-end' | 'key' | 'colon' | 'comma-or-end' | 'element-or-end' | 'nothing';

interface Capture {
  start: number;
  scalar: boolean;
  closers: number[];
  inString: boolean;
  escaped: boolean;
  sink: (range: Range) => void;
}

export class JaegerJsonLayout {
  private readonly frames: Frame[] = [];
  private expect: Expect = 'value';
  private capture: Capture | undefined;
  private keyParts: Buffer[] | undefined;
  private keyEscaped = false;
  private readonly root: TraceLayout = { path: '$' };
  private dataSeen = false;
  private readonly listed: TraceLayout[] = [];
  /** Values read past: parsed at the end all the same, so text the whole decoder refuses is refused here. */
  readonly checks: Range[] = [];

  /** Reads the next bytes, which start at `offset` in the document; throws Unexpected. */
  push(piece: Buffer, offset: number): void {
    let i = 0;
    while (i < piece.length) i = this.capture ? this.captureFrom(piece, i, offset) : this.structure(piece, i, offset);
  }

  /** The traces the document holds, once it ended at `length` (undefined if it ended inside a value). */
  end(length: number): TraceLayout[] | undefined {
    if (this.capture?.scalar) this.finishCapture(length);
    if (this.capture || this.keyParts || this.frames.length > 0 || this.expect !== 'nothing') return undefined;
    return this.dataSeen ? this.listed : [this.root];
  }

  private structure(piece: Buffer, start: number, offset: number): number {
    for (let i = start; i < piece.length; i++) {
      const b = piece[i];
      if (this.keyParts) {
        const end = this.keyEnd(piece, i);
        this.keyParts.push(piece.subarray(i, end === -1 ? piece.length : end + 1));
        if (end === -1) return piece.length;
        this.frames[this.frames.length - 1].key = keyOf(Buffer.concat(this.keyParts), offset + i);
        this.keyParts = undefined;
        this.expect = 'colon';
        i = end;
        continue;
      }
      if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
      const top = this.frames[this.frames.length - 1];
      switch (this.expect) {
        case 'key-or-end':
        case 'key':
          if (b === 0x7d && this.expect === 'key-or-end') {
            this.close();
            continue;
          }
          if (b !== 0x22) throw new Unexpected(String(offset + i));
          this.keyParts = [piece.subarray(i, i + 1)];
          this.keyEscaped = false;
          continue;
        case 'colon':
          if (b !== 0x3a) throw new Unexpected(String(offset + i));
          this.expect = 'value';
          continue;
        case 'comma-or-end':
          if (b === 0x2c) this.expect = top.kind === 'object' ? 'key' : 'value';
          else if (b === (top.kind === 'object' ? 0x7d : 0x5d)) this.close();
          else throw new Unexpected(String(offset + i));
          continue;
        case 'element-or-end':
          if (b === 0x5d) {
            this.close();
            continue;
          }
          return this.value(piece, i, offset, top);
        case 'value':
          return this.value(piece, i, offset, top);
        case 'nothing':
          throw new Unexpected(String(offset + i));
      }
    }
    return piece.length;
  }

  /** A value starts at `i`: a container to walk into, or a value to skip, its range kept where its role says. */
  private value(piece: Buffer, i: number, offset: number, top: Frame | undefined): number {
    const b = piece[i];
    const at = offset + i;
    if (top === undefined) {
      if (b === 0x7b) return this.open('object', 'root', i, { trace: this.root });
      if (b === 0x5b) return this.open('array', 'trace-list', i, { prefix: '' });
      throw new Unexpected(String(at));
    }
    if (top.role === 'trace-list') {
      if (b !== 0x7b) throw new Unexpected(String(at));
      return this.open('object', 'trace', i, { trace: { path: `${top.prefix ? `${top.prefix}[` : '['}${top.index}]` } });
    }
    if (top.role === 'span-list') {
      const spans = top.trace!.spans!;
      return this.startCapture(piece, i, offset, ([start, end]) => {
        spans.starts.push(start);
        spans.ends.push(end);
      });
    }
    const trace = top.trace!;
    const isNull = b === 0x6e;
    if (top.key === 'spans' && !isNull) {
      if (b !== 0x5b || trace.spans) throw new Unexpected(String(at)); // not a list, or a second one: the whole decoder says
      trace.spans = { starts: [], ends: [] };
      return this.open('array', 'span-list', i, { trace });
    }
    if (top.key === 'data' && top.role === 'root') {
      if (this.dataSeen || (b !== 0x5b && !isNull)) throw new Unexpected(String(at));
      this.dataSeen = true;
      if (b === 0x5b) return this.open('array', 'trace-list', i, { prefix: 'data' });
    }
    if (top.key === 'processes' && !isNull) {
      if (trace.processes) throw new Unexpected(String(at));
      return this.startCapture(piece, i, offset, (range) => (trace.processes = range));
    }
    return this.startCapture(piece, i, offset, (range) => this.checks.push(range));
  }

  private open(kind: Frame['kind'], role: Role, i: number, more: Partial<Frame>): number {
    this.frames.push({ kind, role, key: '', index: 0, ...more });
    this.expect = kind === 'object' ? 'key-or-end' : 'element-or-end';
    return i + 1;
  }

  private close(): void {
    const frame = this.frames.pop()!;
    if (frame.role === 'trace') this.listed.push(frame.trace!);
    if (frame.role === 'root' && this.dataSeen) {
      // The whole decoder reads only `data` then; the root's own spans and processes are still JSON to check.
      if (this.root.processes) this.checks.push(this.root.processes);
      const spans = this.root.spans;
      if (spans) for (let k = 0; k < spans.starts.length; k++) this.checks.push([spans.starts[k], spans.ends[k]]);
    }
    this.afterValue();
  }

  private afterValue(): void {
    const top = this.frames[this.frames.length - 1];
    if (top === undefined) this.expect = 'nothing';
    else {
      if (top.kind === 'array') top.index++;
      this.expect = 'comma-or-end';
    }
  }

  private startCapture(piece: Buffer, i: number, offset: number, sink: Capture['sink']): number {
    const b = piece[i];
    this.capture = { start: offset + i, scalar: b !== 0x7b && b !== 0x5b && b !== 0x22, closers: [], inString: false, escaped: false, sink };
    return this.captureFrom(piece, i, offset);
  }

  /** Reads the skipped value on from `start`; returns where structure reading resumes. */
  private captureFrom(piece: Buffer, start: number, offset: number): number {
    const c = this.capture!;
    for (let i = start; i < piece.length; i++) {
      if (c.inString) {
        if (c.escaped) {
          c.escaped = false;
          continue;
        }
        const quote = piece.indexOf(0x22, i);
        const stop = quote === -1 ? piece.length : quote;
        let slashes = 0;
        while (stop - 1 - slashes >= i && piece[stop - 1 - slashes] === 0x5c) slashes++;
        if (quote === -1) {
          c.escaped = slashes % 2 === 1;
          return piece.length;
        }
        i = quote;
        if (slashes % 2 === 1) continue; // an escaped quote
        c.inString = false;
        if (c.closers.length === 0) return this.finishCapture(offset + i + 1) - offset;
        continue;
      }
      const b = piece[i];
      if (c.scalar) {
        if (b === 0x2c || b === 0x7d || b === 0x5d || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) return this.finishCapture(offset + i) - offset;
        continue;
      }
      if (b === 0x22) c.inString = true;
      else if (b === 0x7b || b === 0x5b) c.closers.push(b + 2); // } is { + 2, ] is [ + 2
      else if (b === 0x7d || b === 0x5d) {
        if (c.closers.pop() !== b) throw new Unexpected(String(offset + i));
        if (c.closers.length === 0) return this.finishCapture(offset + i + 1) - offset;
      }
    }
    return piece.length;
  }

  /** Ends the skipped value at `end` (a document offset) and returns it. */
  private finishCapture(end: number): number {
    const c = this.capture!;
    this.capture = undefined;
    if (end === c.start) throw new Unexpected(String(end));
    c.sink([c.start, end]);
    this.afterValue();
    return end;
  }

  /** The end of a key string from `i` (the index of its closing quote), or -1 when it goes on past this piece. */
  private keyEnd(piece: Buffer, i: number): number {
    for (let j = i; j < piece.length; j++) {
      const b = piece[j];
      if (this.keyEscaped) this.keyEscaped = false;
      else if (b === 0x5c) this.keyEscaped = true;
      else if (b === 0x22) return j;
    }
    return -1;
  }
}

function keyOf(text: Buffer, at: number): string {
  try {
    return JSON.parse(text.toString('utf8')) as string;
  } catch {
    throw new Unexpected(String(at));
  }
}

