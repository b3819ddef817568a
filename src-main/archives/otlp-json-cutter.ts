/**
 * An OTLP/JSON document (`{"resourceSpans":[…]}` or `{"resourceLogs":[…]}`, or several one after another) cut into
 * groups of records (spans or log records) as its bytes arrive, without parsing them: each record's text is found
 * by counting brackets and quotes, and handed out with the members of the resource and scope around it
 * (`resource`, `scope`, `schemaUrl`, …), so a document of any size is held a group at a time. Each group is then
 * parsed and transcoded like any OTLP/JSON request of its signal.
 *
 * Members may come after the records (protojson writes `schemaUrl` last): records are held until their resource
 * group closes, so they get every member, up to MAX_HELD_BYTES; past that they are handed out with the members read
 * so far (memory stays bounded) and `early` says so.
 */
import type { OtlpSignal } from '../formats/otlp-signal';
import { DecodeError } from '../otlp/decode-result';

/** A value's text and where it starts in the file (from 1), for messages. */
export interface CutValue {
  text: Buffer;
  line: number;
  column: number;
}

/** A member of a resource or scope other than its nested list: `resource`, `scope`, `schemaUrl`, … */
export interface Member {
  key: string;
  value: CutValue;
}

export interface RecordGroup {
  /** Spans (`resourceSpans`) or log records (`resourceLogs`). */
  signal: OtlpSignal;
  /** Index in `resourceSpans`, in `scopeSpans`, of the first record in `records`: for the paths in messages. */
  resourceIndex: number;
  scopeIndex: number;
  firstRecord: number;
  resource: Member[];
  scope: Member[];
  records: CutValue[];
  /** Handed out before its ResourceSpans closed: members after this point are not in `resource` and `scope`. */
  early: boolean;
}

/** Text of records per group (about what one JSON Lines line of an exporter holds, transcoded in one go). */
export const GROUP_BYTES = 1024 * 1024;
/**
 * Text of records in a document's first group: a few dozen spans, decoded and stored while the threads' code is
 * still cold in a fraction of the time a megabyte takes, so a file's first rows show sooner.
 */
export const FIRST_GROUP_BYTES = 64 * 1024;
/** Text of records held while their resource group is open. */
export const MAX_HELD_BYTES = 16 * 1024 * 1024;

/** Each signal's names of its three nested lists, as protojson and the older names write them. */
const KEYS: Record<OtlpSignal, Record<'root' | 'resource' | 'scope', Set<string>>> = {
  traces: {
    root: new Set(['resourceSpans', 'resource_spans']),
    resource: new Set(['scopeSpans', 'scope_spans', 'instrumentationLibrarySpans', 'instrumentation_library_spans']),
    scope: new Set(['spans']),
  },
  logs: {
    root: new Set(['resourceLogs', 'resource_logs']),
    resource: new Set(['scopeLogs', 'scope_logs', 'instrumentationLibraryLogs', 'instrumentation_library_logs']),
    scope: new Set(['logRecords', 'log_records']),
  },
};

/** The containers the cutter walks through; every other value is captured (or skipped) whole. */
type Level = 'root' | 'resources' | 'resource' | 'scopes' | 'scope' | 'records';
/** The list each object level descends into, and the level of its elements. */
const DESCEND: Partial<Record<Level, { list: Level; element: Level }>> = {
  root: { list: 'resources', element: 'resource' },
  resource: { list: 'scopes', element: 'scope' },
  scope: { list: 'records', element: 'records' },
};

interface Frame {
  level: Level;
  kind: 'object' | 'array';
  /** The member being read (objects). */
  key: string;
  index: number;
}

type Expect = 'document' | 'value' | 'key-or-end' | 'key' | 'colon' | 'comma-or-end' | 'element-or-end';

interface Capture {
  sink: 'member' | 'record' | 'skip';
  parts: Buffer[];
  depth: number;
  inString: boolean;
  escaped: boolean;
  scalar: boolean;
  line: number;
  column: number;
}

export class OtlpJsonCutter {
  private readonly frames: Frame[] = [];
  private expect: Expect = 'document';
  private capture: Capture | undefined;
  private keyParts: Buffer[] | undefined;
  private keyEscaped = false;
  private line: number;
  private lineStart = 0;
  private offset = 0;
  private documents = 0;
  /** The signal of the resource list being read: set by its key at the root. */
  private signal: OtlpSignal = 'traces';
  /** Bytes of the last held group's records, and how many groups were begun. */
  private groupBytes = 0;
  private groupsBegun = 0;
  private resourceIndex = -1;
  private scopeIndex = -1;
  private resource: Member[] = [];
  private scope: Member[] = [];
  private held: RecordGroup[] = [];
  private heldBytes = 0;
  private out: RecordGroup[] = [];

  /** `firstLine`: the file's line the text starts on (blank lines before it were read already). */
  constructor(firstLine = 1) {
    this.line = firstLine;
  }

  /** The groups complete once `chunk` is read. */
  push(chunk: Buffer): RecordGroup[] {
    let i = 0;
    while (i < chunk.length) i = this.capture ? this.captureFrom(chunk, i) : this.structure(chunk, i);
    this.offset += chunk.length;
    const out = this.out;
    this.out = [];
    return out;
  }

  /** The last groups; throws when the text ends inside a value. */
  end(): RecordGroup[] {
    if (this.capture?.scalar && this.capture.depth === 0) this.finishCapture(Buffer.alloc(0), 0, 0);
    if (this.capture || this.keyParts || this.frames.length > 0) this.fail('the text ends in the middle of a value (truncated?)', this.offset);
    if (this.documents === 0) this.fail('there is no document (the file holds only blanks)', this.offset);
    return this.out;
  }

  private structure(chunk: Buffer, start: number): number {
    for (let i = start; i < chunk.length; i++) {
      const b = chunk[i];
      if (this.keyParts) {
        const end = this.keyEnd(chunk, i);
        this.keyParts.push(chunk.subarray(i, end === -1 ? chunk.length : end + 1));
        if (end === -1) return chunk.length;
        this.frames[this.frames.length - 1].key = this.keyOf(Buffer.concat(this.keyParts), i);
        this.keyParts = undefined;
        this.expect = 'colon';
        i = end;
        continue;
      }
      if (b === 0x20 || b === 0x09 || b === 0x0d) continue;
      if (b === 0x0a) {
        this.newLine(i);
        continue;
      }
      const top = this.frames[this.frames.length - 1];
      switch (this.expect) {
        case 'document':
          if (b !== 0x7b) this.unexpected(chunk, i);
          this.documents++;
          this.open('root', 'object');
          this.resourceIndex = -1;
          continue;
        case 'key-or-end':
        case 'key':
          if (b === 0x7d && this.expect === 'key-or-end') {
            this.close();
            continue;
          }
          if (b !== 0x22) this.unexpected(chunk, i);
          this.keyParts = [chunk.subarray(i, i + 1)];
          this.keyEscaped = false;
          continue;
        case 'colon':
          if (b !== 0x3a) this.unexpected(chunk, i);
          this.expect = 'value';
          continue;
        case 'comma-or-end':
          if (b === 0x2c) this.expect = top.kind === 'object' ? 'key' : 'value';
          else if (b === (top.kind === 'object' ? 0x7d : 0x5d)) this.close();
          else this.unexpected(chunk, i);
          continue;
        case 'element-or-end':
          if (b === 0x5d) {
            this.close();
            continue;
          }
          return this.value(chunk, i, top);
        case 'value':
          return this.value(chunk, i, top);
      }
    }
    return chunk.length;
  }

  /** A value starts at `i` inside `top`: a level to walk into, or a value to capture whole. */
  private value(chunk: Buffer, i: number, top: Frame): number {
    const b = chunk[i];
    if (top.kind === 'object') {
      const descend = DESCEND[top.level];
      const signal = top.level !== 'root' ? this.signal : KEYS.logs.root.has(top.key) ? 'logs' : 'traces';
      const listed = descend !== undefined && KEYS[signal][top.level as keyof (typeof KEYS)['traces']].has(top.key);
      if (listed && b === 0x5b) {
        if (top.level === 'root') {
          this.signal = signal;
          this.resourceIndex = -1;
        }
        this.open(descend.list, 'array');
        return i + 1;
      }
      if (listed && b !== 0x6e) this.unexpected(chunk, i, 'a list'); // null is an empty list
      return this.startCapture(chunk, i, top.level === 'root' ? 'skip' : 'member');
    }
    const element = DESCEND[this.frames[this.frames.length - 2].level]!.element;
    if (element === 'records') return this.startCapture(chunk, i, 'record');
    if (b !== 0x7b) this.unexpected(chunk, i, 'an object');
    if (element === 'resource') {
      this.resourceIndex++;
      this.scopeIndex = -1;
      this.resource = [];
    } else {
      this.scopeIndex++;
      this.scope = [];
    }
    this.open(element, 'object');
    return i + 1;
  }

  private open(level: Level, kind: 'object' | 'array'): void {
    this.frames.push({ level, kind, key: '', index: 0 });
    this.expect = kind === 'object' ? 'key-or-end' : 'element-or-end';
  }

  private close(): void {
    const frame = this.frames.pop()!;
    if (frame.level === 'resource' && frame.kind === 'object') this.handOut(false);
    this.afterValue();
  }

  private afterValue(): void {
    const top = this.frames[this.frames.length - 1];
    if (top === undefined) this.expect = 'document';
    else {
      if (top.kind === 'array') top.index++;
      this.expect = 'comma-or-end';
    }
  }

  private startCapture(chunk: Buffer, i: number, sink: Capture['sink']): number {
    const b = chunk[i];
    const scalar = b !== 0x7b && b !== 0x5b && b !== 0x22;
    this.capture = { sink, parts: [], depth: 0, inString: false, escaped: false, scalar, line: this.line, column: this.offset + i - this.lineStart + 1 };
    return this.captureFrom(chunk, i);
  }

  /** Reads the captured value on from `start`; returns where structure reading resumes. */
  private captureFrom(chunk: Buffer, start: number): number {
    const c = this.capture!;
    for (let i = start; i < chunk.length; i++) {
      const b = chunk[i];
      if (c.scalar) {
        if (b === 0x2c || b === 0x7d || b === 0x5d || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) return this.finishCapture(chunk, start, i);
        continue;
      }
      if (b === 0x0a) this.newLine(i);
      if (c.inString) {
        if (c.escaped) c.escaped = false;
        else if (b === 0x5c) c.escaped = true;
        else if (b === 0x22) {
          c.inString = false;
          if (c.depth === 0) return this.finishCapture(chunk, start, i + 1);
        }
      } else if (b === 0x22) c.inString = true;
      else if (b === 0x7b || b === 0x5b) c.depth++;
      else if (b === 0x7d || b === 0x5d) {
        if (--c.depth === 0) return this.finishCapture(chunk, start, i + 1);
      }
    }
    c.parts.push(chunk.subarray(start));
    return chunk.length;
  }

  private finishCapture(chunk: Buffer, start: number, end: number): number {
    const c = this.capture!;
    this.capture = undefined;
    c.parts.push(chunk.subarray(start, end));
    const value = { text: Buffer.concat(c.parts), line: c.line, column: c.column };
    const top = this.frames[this.frames.length - 1];
    if (c.sink === 'member') (top.level === 'resource' ? this.resource : this.scope).push({ key: top.key, value });
    else if (c.sink === 'record') this.hold(value, top.index);
    this.afterValue();
    return end;
  }

  private hold(record: CutValue, index: number): void {
    let group = this.held[this.held.length - 1];
    if (group === undefined || this.groupBytes >= (this.groupsBegun === 1 ? FIRST_GROUP_BYTES : GROUP_BYTES) || group.scopeIndex !== this.scopeIndex || group.resourceIndex !== this.resourceIndex || group.signal !== this.signal) {
      group = { signal: this.signal, resourceIndex: this.resourceIndex, scopeIndex: this.scopeIndex, firstRecord: index, resource: this.resource, scope: this.scope, records: [], early: false };
      this.held.push(group);
      this.groupsBegun++;
      this.groupBytes = 0;
    }
    group.records.push(record);
    this.groupBytes += record.text.length;
    this.heldBytes += record.text.length;
    if (this.heldBytes >= MAX_HELD_BYTES) this.handOut(true);
  }

  /** Hands the held groups out, with the members as they stand (they are complete once their ResourceSpans closed). */
  private handOut(early: boolean): void {
    for (const group of this.held) this.out.push({ ...group, resource: [...group.resource], scope: [...group.scope], early });
    this.held = [];
    this.heldBytes = 0;
  }

  /** The end of a key string from `i` (the index of its closing quote), or -1 when it goes on past this chunk. */
  private keyEnd(chunk: Buffer, i: number): number {
    for (let j = i; j < chunk.length; j++) {
      const b = chunk[j];
      if (this.keyEscaped) this.keyEscaped = false;
      else if (b === 0x5c) this.keyEscaped = true;
      else if (b === 0x22) return j;
    }
    return -1;
  }

  private keyOf(text: Buffer, at: number): string {
    try {
      return JSON.parse(text.toString('utf8')) as string;
    } catch {
      return this.fail(`the key ${JSON.stringify(text.subarray(0, 40).toString('utf8'))} is not a valid JSON string`, this.offset + at);
    }
  }

  private newLine(i: number): void {
    this.line++;
    this.lineStart = this.offset + i + 1;
  }

  private unexpected(chunk: Buffer, i: number, wanted?: string): never {
    const near = JSON.stringify(chunk.subarray(i, i + 12).toString('utf8'));
    return this.fail(wanted ? `expected ${wanted}, got ${near}` : `unexpected ${near}`, this.offset + i);
  }

  private fail(what: string, at: number): never {
    throw new DecodeError(`not valid JSON at line ${this.line}, column ${at - this.lineStart + 1}: ${what}`);
  }
}
