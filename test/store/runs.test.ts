/** Runs kept by the writer (run-writer.ts) and read back (run-reader.ts): automatic, by hand, through retention. */
import { describe, expect, it } from 'vitest';
import { packSpans } from '../../src-main/store/encoded-batch';
import { KeyDictionary } from '../../src-main/store/key-dictionary';
import { openDatabase } from '../../src-main/store/open-database';
import { enforceRetention } from '../../src-main/store/retention';
import type { RunRow } from '../../src-main/store/run-reader';
import { SpanWriter } from '../../src-main/store/span-writer';
import { StoreReader } from '../../src-main/store/store-reader';
import type { Span } from '../../src-main/model/span';
import { hexId, resource, span } from '../helpers/spans';

const MS = 1_000_000n;
const T0 = 1_700_000_000_000_000_000n;

function openStore() {
  const db = openDatabase(':memory:');
  const writer = new SpanWriter(db);
  const keys = new KeyDictionary();
  return { db, writer, reader: new StoreReader(db), write: (spans: Span[]) => writer.write([packSpans(spans, keys).batch]) };
}

const byLabel = (reader: StoreReader) => Object.fromEntries(reader.runs.runs().map((run) => [run.label, run]));
const names = (reader: StoreReader, run: RunRow) => run.serviceIds.map((id) => reader.serviceName(id)).sort();

/** A trace of a root and a child, of `service` at `version`; the child fails when asked. */
function trace(service: string, version: string, startMs: bigint, childMs: bigint, childFails = false, traceId = hexId(16)): Span[] {
  const at = resource(service, { 'service.version': version });
  const root = span({ traceId, spanId: hexId(8), name: 'GET /checkout', resource: at, startTimeUnixNano: T0 + startMs * MS, endTimeUnixNano: T0 + (startMs + 100n) * MS });
  const child = span({
    traceId,
    spanId: hexId(8),
    parentSpanId: root.spanId,
    name: 'SELECT orders',
    kind: 'CLIENT',
    resource: at,
    startTimeUnixNano: T0 + (startMs + 1n) * MS,
    endTimeUnixNano: T0 + (startMs + 1n + childMs) * MS,
    status: childFails ? { code: 'ERROR', message: 'deadlock' } : { code: 'UNSET', message: '' },
  });
  return [root, child];
}

describe('automatic runs', () => {
  it('makes one run per value across the services that carry it, with traces, spans, errors, time span and services', () => {
    const { write, reader } = openStore();
    write([...trace('checkout', '1.0', 0n, 10n), ...trace('payments', '1.0', 5n, 10n, true), ...trace('checkout', '1.1', 1000n, 20n)]);
    write([span({ traceId: hexId(16), spanId: hexId(8), resource: resource('no-version') })]);
    const runs = byLabel(reader);
    expect(Object.keys(runs)).toEqual(['1.1', '1.0']); // the newest first; no run for a resource without the attributes
    expect(runs['1.0']).toMatchObject({ origin: 1, traceCount: 2, spanCount: 4, errorCount: 1, startNs: T0, endNs: T0 + 105n * MS });
    expect(names(reader, runs['1.0'])).toEqual(['checkout', 'payments']);
    expect(runs['1.1']).toMatchObject({ traceCount: 1, spanCount: 2, errorCount: 0 });
  });

  it('puts a resource in a run for each attribute it carries', () => {
    const { write, reader } = openStore();
    const traceId = hexId(16);
    const at = resource('checkout', { 'service.version': '2.0', 'vcs.ref.head.revision': 'a1b2c3d', 'deployment.environment.name': 'staging', 'host.name': 'ci' });
    write([span({ traceId, spanId: hexId(8), resource: at })]);
    expect(reader.runs.runs().map((run) => [run.origin, run.label, run.spanCount])).toEqual([
      [3, 'staging', 1],
      [2, 'a1b2c3d', 1],
      [1, '2.0', 1],
    ]);
  });

  it('counts a trace once however its spans arrive, from its cached summary or from the database', () => {
    const { write, writer, reader } = openStore();
    const traceId = hexId(16);
    const [root, child] = trace('checkout', '1.0', 0n, 10n, false, traceId);
    write([root]);
    write([child]);
    writer.forgetTraces(); // the next span finds the trace in the database
    write([span({ traceId, spanId: hexId(8), parentSpanId: root.spanId, resource: root.resource })]);
    expect(byLabel(reader)['1.0']).toMatchObject({ traceCount: 1, spanCount: 3 });
  });

  it("reads a run's calls per operation, roots apart, leaving out the spans of other runs in the same traces", () => {
    const { write, reader } = openStore();
    for (let i = 0n; i < 5n; i++) write([...trace('checkout', '1.0', i * 1000n, 10n + i, i === 0n), ...trace('checkout', '1.1', i * 1000n + 500n, 20n)]);
    const calls = reader.runs.operationCalls(byLabel(reader)['1.0']).map(({ opId, isRoot, durations, errors }) => [reader.operation(opId).name, isRoot, [...durations].map((ns) => ns / 1e6), errors]);
    expect(calls.sort()).toEqual([
      ['GET /checkout', true, [100, 100, 100, 100, 100], 0],
      ['SELECT orders', false, [10, 11, 12, 13, 14], 1],
    ]);
  });
});

describe('runs started by hand', () => {
  it('holds the traces that first arrive after it starts, until the next; a late span stays with its trace', () => {
    const { write, writer, reader } = openStore();
    write(trace('checkout', '1.0', 0n, 10n)); // before any run started by hand
    const baseline = writer.startRun('baseline', 1);
    const early = hexId(16);
    write(trace('checkout', '1.0', 1000n, 10n, false, early));
    const candidate = writer.startRun('candidate', 2);
    write(trace('checkout', '1.0', 2000n, 30n));
    write([span({ traceId: early, spanId: hexId(8), name: 'late', resource: resource('checkout', { 'service.version': '1.0' }) })]);
    const runs = byLabel(reader);
    expect(runs.baseline).toMatchObject({ id: baseline, origin: 0, traceCount: 1, spanCount: 3, createdMs: 1 });
    expect(runs.candidate).toMatchObject({ id: candidate, traceCount: 1, spanCount: 2 });
    expect(runs['1.0']).toMatchObject({ traceCount: 3, spanCount: 7 });
    expect(reader.runs.currentManualRunId()).toBe(candidate);
    const durations = (run: RunRow) => reader.runs.operationCalls(run).flatMap((calls) => (reader.operation(calls.opId).name === 'SELECT orders' ? [...calls.durations] : []));
    expect(durations(runs.baseline)).toEqual([10_000_000]);
    expect(durations(runs.candidate)).toEqual([30_000_000]);
  });

  it('keeps the trace numbers from its first on, even once every trace went and the writer started again', () => {
    const { db, write, writer, reader } = openStore();
    writer.startRun('first', 1);
    writer.startRun('second', 2); // nothing arrived in between: the first stays empty
    write(trace('checkout', '1.0', 0n, 10n));
    const third = writer.startRun('third', 3);
    enforceRetention(db, { maxDbBytes: 0, retentionMs: 60_000 }, Date.now() + 120_000, writer);
    expect(db.prepare('SELECT count(*) FROM traces').pluck().get()).toBe(0);
    const restarted = new SpanWriter(db);
    restarted.write([packSpans(trace('checkout', '1.0', 10n, 10n), new KeyDictionary()).batch]);
    expect(byLabel(reader)).toMatchObject({ first: { traceCount: 0 }, second: { traceCount: 0, spanCount: 0 }, third: { id: third, traceCount: 1, spanCount: 2 } });
  });
});

describe('runs through retention', () => {
  it('takes evicted traces out of their runs, and drops automatic runs left without spans', () => {
    const { db, write, writer, reader } = openStore();
    const manual = writer.startRun('all', 1);
    write(trace('checkout', '1.0', 0n, 10n));
    write(trace('checkout', '1.1', 1000n, 10n, true));
    write(trace('checkout', '1.1', 2000n, 10n));
    db.prepare('UPDATE traces SET received_ms = 0 WHERE trace_no <= 2').run();
    expect(enforceRetention(db, { maxDbBytes: 0, retentionMs: 60_000 }, Date.now(), writer)).toBe(2);
    const runs = byLabel(reader);
    expect(Object.keys(runs)).toEqual(['1.1', 'all']);
    expect(runs['1.1']).toMatchObject({ traceCount: 1, spanCount: 2, errorCount: 0 });
    expect(runs.all).toMatchObject({ id: manual, traceCount: 1, spanCount: 2, errorCount: 0 });
    expect(db.prepare('SELECT count(*) FROM run_resources').pluck().get()).toBe(1);
    // Spans of 1.0 arriving again make a new run of it.
    write(trace('checkout', '1.0', 3000n, 10n));
    expect(byLabel(reader)['1.0']).toMatchObject({ traceCount: 1, spanCount: 2 });
  });
});
