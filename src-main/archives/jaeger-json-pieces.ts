/**
 * A Jaeger JSON document decoded a piece of spans at a time, so the first spans are stored while the rest are still
 * being parsed (JSON.parse of a 70 MB document alone takes about a second). Jaeger writes a trace's `processes`
 * after its `spans`, so the text is whole in memory; its layout (the shapes formats/jaeger-decode.ts reads: a trace,
 * an array of traces, or `{"data": [trace, …]}`) is found by skipping over values without parsing them, then each
 * trace's processes and each run of its spans are parsed and decoded on their own.
 *
 * Text the scan does not expect goes to the whole-document decoder, so a broken file's message names the line and
 * column, or the path, exactly as that decoder's does.
 */
import { readProcesses, readSpans, decodeJaegerJson } from '../formats/jaeger-decode';
import type { Scope, Span } from '../model/span';
import { parseJson } from '../otlp/parse-json';
import { GROUP_BYTES } from './otlp-json-cutter';

export interface SpanPiece {
  spans: Span[];
  /** Which spans, for messages: "data[0].spans[0–1234]". */
  at: string;
}

/** The scan met text it does not expect here. */
class Unexpected extends Error {}

export function* jaegerJsonPieces(text: string): Generator<SpanPiece> {
  let decoded = 0;
  try {
    for (const trace of traces(text)) {
      const processes = readProcesses(trace.processes && parsed(text.slice(...trace.processes), trace.processes[0]), trace.path);
      const scopes = new Map<string, Scope>();
      const { starts, ends } = trace.spans;
      for (let first = 0; first < starts.length; ) {
        let last = first;
        while (last + 1 < starts.length && ends[last + 1] - starts[first] <= GROUP_BYTES) last++;
        const list = parsed(`[${text.slice(starts[first], ends[last])}]`, starts[first]) as unknown[];
        const spans = readSpans(list, trace.path, first, processes, scopes);
        decoded += spans.length;
        yield { spans, at: `${trace.path}.spans[${first}–${last}]` };
        first = last + 1;
      }
    }
  } catch (error) {
    if (!(error instanceof Unexpected)) throw error;
    decodeJaegerJson(parseJson(text)); // throws, naming what is wrong
    throw new Error(`the Jaeger JSON scan stopped at byte ${error.message} of a document that decodes whole (after ${decoded} spans)`);
  }
}

interface TraceLayout {
  path: string;
  /** Where the `processes` value is, when there is one. */
  processes?: [number, number];
  spans: { starts: number[]; ends: number[] };
}

function* traces(text: string): Generator<TraceLayout> {
  const start = skipBlanks(text, 0);
  let end: number;
  if (text.charCodeAt(start) === 0x5b) {
    const list = elements(text, start);
    for (let i = 0; i < list.starts.length; i++) yield trace(text, members(text, list.starts[i]).found, `[${i}]`);
    end = list.end;
  } else {
    const root = members(text, start);
    const data = root.found.get('data');
    checkOthers(text, root.found, 'data');
    if (data === undefined) yield trace(text, root.found, '$');
    else if (!isNull(text, data[0])) {
      if (text.charCodeAt(data[0]) !== 0x5b) throw new Unexpected(String(data[0]));
      const list = elements(text, data[0]);
      for (let i = 0; i < list.starts.length; i++) yield trace(text, members(text, list.starts[i]).found, `data[${i}]`);
    }
    end = root.end;
  }
  if (skipBlanks(text, end) < text.length) throw new Unexpected(String(end));
}

function trace(text: string, found: Map<string, [number, number]>, path: string): TraceLayout {
  const spans = found.get('spans');
  const processes = found.get('processes');
  checkOthers(text, found, 'spans', 'processes');
  if (spans && !isNull(text, spans[0]) && text.charCodeAt(spans[0]) !== 0x5b) throw new Unexpected(String(spans[0]));
  return {
    path,
    processes: processes && !isNull(text, processes[0]) ? processes : undefined,
    spans: spans && !isNull(text, spans[0]) ? elements(text, spans[0]) : { starts: [], ends: [] },
  };
}

/** An object's members' values, [start, end), by key (a repeated key: the last, as JSON.parse keeps it), and its end. */
function members(text: string, at: number): { found: Map<string, [number, number]>; end: number } {
  if (text.charCodeAt(at) !== 0x7b) throw new Unexpected(String(at));
  const found = new Map<string, [number, number]>();
  let i = skipBlanks(text, at + 1);
  if (text.charCodeAt(i) === 0x7d) return { found, end: i + 1 };
  for (;;) {
    if (text.charCodeAt(i) !== 0x22) throw new Unexpected(String(i));
    const keyEnd = stringEnd(text, i);
    const key = parsed(text.slice(i, keyEnd), i) as string;
    i = skipBlanks(text, keyEnd);
    if (text.charCodeAt(i) !== 0x3a) throw new Unexpected(String(i));
    const start = skipBlanks(text, i + 1);
    const end = valueEnd(text, start);
    const before = found.get(key);
    if (before) parsed(text.slice(...before), before[0]); // JSON.parse still reads a value it then replaces
    found.set(key, [start, end]);
    i = skipBlanks(text, end);
    const c = text.charCodeAt(i);
    if (c === 0x7d) return { found, end: i + 1 };
    if (c !== 0x2c) throw new Unexpected(String(i));
    i = skipBlanks(text, i + 1);
  }
}

/** An array's elements, each [starts[k], ends[k]), and its end. */
function elements(text: string, at: number): { starts: number[]; ends: number[]; end: number } {
  const starts: number[] = [];
  const ends: number[] = [];
  let i = skipBlanks(text, at + 1);
  if (text.charCodeAt(i) === 0x5d) return { starts, ends, end: i + 1 };
  for (;;) {
    const end = valueEnd(text, i);
    starts.push(i);
    ends.push(end);
    i = skipBlanks(text, end);
    const c = text.charCodeAt(i);
    if (c === 0x5d) return { starts, ends, end: i + 1 };
    if (c !== 0x2c) throw new Unexpected(String(i));
    i = skipBlanks(text, i + 1);
  }
}

/** Where the value starting at `at` ends; its inside is left for JSON.parse to check. */
function valueEnd(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 0x22) return stringEnd(text, at);
  if (c === 0x7b || c === 0x5b) {
    const closers: number[] = [];
    for (let i = at; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === 0x22) i = stringEnd(text, i) - 1;
      else if (d === 0x7b || d === 0x5b) closers.push(d + 2); // } is { + 2, ] is [ + 2
      else if (d === 0x7d || d === 0x5d) {
        if (closers.pop() !== d) throw new Unexpected(String(i));
        if (closers.length === 0) return i + 1;
      }
    }
    throw new Unexpected(String(text.length));
  }
  let i = at;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
  }
  if (i === at) throw new Unexpected(String(at));
  return i;
}

/** The end (after the closing quote) of the string whose opening quote is at `at`. */
function stringEnd(text: string, at: number): number {
  for (let from = at + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote === -1) throw new Unexpected(String(text.length));
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

function skipBlanks(text: string, at: number): number {
  let i = at;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
  }
  return i;
}

/** Members not read are parsed still: text the whole-document decoder refuses is refused here too. */
function checkOthers(text: string, found: Map<string, [number, number]>, ...read: string[]): void {
  for (const [key, [start, end]] of found) if (!read.includes(key)) parsed(text.slice(start, end), start);
}

/** A slice parsed; broken text is left to the whole-document parse, which says where it is in the file. */
function parsed(slice: string, at: number): unknown {
  try {
    return JSON.parse(slice);
  } catch {
    throw new Unexpected(String(at));
  }
}

function isNull(text: string, at: number): boolean {
  return text.startsWith('null', at);
}
