/**
 * Runs (issue 17), kept in step with the spans in the writer's transactions (schema migration 8).
 *
 * - Automatic runs: one per distinct value of service.version, vcs.ref.head.revision or deployment.environment.name
 *   among the resources spans arrive with, across every service that carries it. A span belongs to the runs of its
 *   resource; a resource is classified from its attributes the first time the writer meets it (run_resources).
 * - Runs started by hand (`startManual`): a trace belongs to the one that was current when its first span arrived,
 *   so such a run is the range of trace numbers from its first to the next one's first (by arrival, as retention is).
 *
 * A run's row keeps its spans, errors, traces and time span; run_services the services seen in it; run_buckets the
 * buckets of 256 traces that hold its spans (what a comparison reads, run-reader.ts). Each trace keeps its spans and
 * errors per run (trace-run-counts.ts), so retention takes evicted traces out of the counts without reading their
 * spans, then drops their buckets and the automatic runs left without spans. A run's start and end stay as they were.
 */
import type Database from 'better-sqlite3';
import { anyValueText } from '../model/any-value-text';
import { MANUAL_ORIGIN, RUN_ORIGINS } from '../model/run-origins';
import { bucketOf, TRACES_PER_BUCKET } from './attribute-bloom';
import { ByteBudgetMap } from './byte-budget-map';
import { readResourceBody } from './span-body-codec';
import { formatTraceRunCounts, parseTraceRunCounts, type TraceRunCount } from './trace-run-counts';

export const RUN_TABLES = `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    origin INTEGER NOT NULL,
    label TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    first_trace_no INTEGER,
    span_count INTEGER NOT NULL DEFAULT 0,
    error_count INTEGER NOT NULL DEFAULT 0,
    trace_count INTEGER NOT NULL DEFAULT 0,
    start_ns INTEGER,
    end_ns INTEGER
  );
  CREATE INDEX runs_by_label ON runs (label, origin);
  CREATE TABLE run_resources (resource_id INTEGER NOT NULL, run_id INTEGER NOT NULL, PRIMARY KEY (resource_id, run_id)) WITHOUT ROWID;
  CREATE TABLE run_services (run_id INTEGER NOT NULL, service_id INTEGER NOT NULL, PRIMARY KEY (run_id, service_id)) WITHOUT ROWID;
  CREATE TABLE run_buckets (run_id INTEGER NOT NULL, bucket INTEGER NOT NULL, PRIMARY KEY (run_id, bucket)) WITHOUT ROWID;
  ALTER TABLE traces ADD COLUMN runs TEXT NOT NULL DEFAULT '';
`;

/** Bytes the resource → runs cache may hold; a miss classifies the resource again (the same answer). */
export const RUN_CACHE_BYTES = 1 << 20;

const STATUS_ERROR = 2;

/** What a transaction adds to (or, for retention, takes from) one run. */
interface RunDelta {
  spans: number;
  errors: number;
  traces: number;
  startNs: bigint | null;
  endNs: bigint | null;
  services: Set<number>;
  buckets: Set<number>;
}

export class RunWriter {
  private readonly resourceRuns = new ByteBudgetMap<number, number[]>(RUN_CACHE_BYTES);
  /** [first trace number, run id] of the runs started by hand, in the order they were started. */
  private manual: [number, number][];
  private readonly deltas = new Map<number, RunDelta>();
  private readonly sql;

  constructor(db: Database.Database) {
    const p = (text: string) => db.prepare(text);
    this.sql = {
      manualRuns: p(`SELECT first_trace_no, id FROM runs WHERE origin = ${MANUAL_ORIGIN} ORDER BY id`).raw(true),
      autoRun: p('SELECT id FROM runs WHERE label = ? AND origin = ?').pluck(),
      insertRun: p('INSERT INTO runs (origin, label, created_ms, first_trace_no) VALUES (?, ?, ?, ?)'),
      addResource: p('INSERT OR IGNORE INTO run_resources (resource_id, run_id) VALUES (?, ?)'),
      addCounts: p(
        `UPDATE runs SET span_count = span_count + @spans, error_count = error_count + @errors, trace_count = trace_count + @traces,
           start_ns = min(coalesce(start_ns, @start), coalesce(@start, start_ns)), end_ns = max(coalesce(end_ns, @end), coalesce(@end, end_ns))
         WHERE id = @id`,
      ),
      addService: p('INSERT OR IGNORE INTO run_services (run_id, service_id) VALUES (?, ?)'),
      addBucket: p('INSERT OR IGNORE INTO run_buckets (run_id, bucket) VALUES (?, ?)'),
      evictedCounts: p("SELECT runs FROM traces WHERE trace_no <= ? AND runs <> ''").pluck(),
      dropBuckets: p('DELETE FROM run_buckets WHERE bucket < ?'),
      emptyAutoRuns: p(`SELECT id FROM runs WHERE origin <> ${MANUAL_ORIGIN} AND span_count <= 0`).pluck(),
      dropRun: [
        p('DELETE FROM run_resources WHERE run_id = ?'),
        p('DELETE FROM run_services WHERE run_id = ?'),
        p('DELETE FROM run_buckets WHERE run_id = ?'),
        p('DELETE FROM runs WHERE id = ?'),
      ],
    };
    this.manual = this.sql.manualRuns.all() as [number, number][];
  }

  /** The automatic runs a resource's spans belong to; `body` is the resource as stored (span-body-codec.ts). */
  runsOfResource(resourceId: number, body: Uint8Array): number[] {
    let runs = this.resourceRuns.get(resourceId);
    if (runs === undefined) {
      runs = this.classify(resourceId, body);
      this.resourceRuns.set(resourceId, runs, 8 * runs.length);
    }
    return runs;
  }

  /** The run started by hand that a trace belongs to (the last started at or before its first span), 0 for none. */
  manualRunOf(traceNo: number): number {
    let low = 0;
    let high = this.manual.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.manual[middle][0] <= traceNo) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? 0 : this.manual[low - 1][1];
  }

  /** The trace number the next new trace may take at the least: a run started by hand owns the numbers from its first. */
  firstFreeTraceNo(): number {
    return this.manual.at(-1)?.[0] ?? 1;
  }

  /** Starts a run by hand (inside a transaction): the traces numbered from `firstTraceNo` on are its. Returns its id. */
  startManual(label: string, firstTraceNo: number, nowMs: number): number {
    const id = Number(this.sql.insertRun.run(MANUAL_ORIGIN, label, nowMs, firstTraceNo).lastInsertRowid);
    this.manual.push([firstTraceNo, id]);
    return id;
  }

  /** A span just stored, counted in one of its runs and in its trace's counts. */
  add(runId: number, traceRuns: Map<number, TraceRunCount>, traceNo: number, serviceId: number, status: number, startNs: bigint, endNs: bigint): void {
    const delta = this.delta(runId);
    let count = traceRuns.get(runId);
    if (count === undefined) {
      traceRuns.set(runId, (count = { spans: 0, errors: 0 }));
      delta.traces++;
      delta.buckets.add(bucketOf(traceNo));
    }
    count.spans++;
    delta.spans++;
    if (status === STATUS_ERROR) {
      count.errors++;
      delta.errors++;
    }
    if (delta.startNs === null || startNs < delta.startNs) delta.startNs = startNs;
    if (delta.endNs === null || endNs > delta.endNs) delta.endNs = endNs;
    delta.services.add(serviceId);
  }

  /** Applies what was gathered (inside the transaction). */
  flush(): void {
    for (const [id, d] of this.deltas) {
      this.sql.addCounts.run({ id, spans: d.spans, errors: d.errors, traces: d.traces, start: d.startNs, end: d.endNs });
      for (const serviceId of d.services) this.sql.addService.run(id, serviceId);
      for (const bucket of d.buckets) this.sql.addBucket.run(id, bucket);
    }
    this.deltas.clear();
  }

  /**
   * Takes the traces numbered up to `lastTraceNo` out of their runs, before retention deletes them (inside its
   * transaction); automatic runs left without spans go.
   */
  subtractTraces(lastTraceNo: number): void {
    for (const text of this.sql.evictedCounts.iterate(lastTraceNo) as Iterable<string>) {
      for (const [runId, count] of parseTraceRunCounts(text)) {
        const delta = this.delta(runId);
        delta.spans -= count.spans;
        delta.errors -= count.errors;
        delta.traces--;
      }
    }
    this.flush();
    this.sql.dropBuckets.run(bucketOf(lastTraceNo + 1));
    const empty = this.sql.emptyAutoRuns.all() as number[];
    for (const id of empty) for (const drop of this.sql.dropRun) drop.run(id);
    // Spans of a resource whose run went come back to a new run.
    if (empty.length > 0) this.resourceRuns.clear();
  }

  /** After a rollback: runs created since may be gone, and the gathered counts were not written. */
  forget(): void {
    this.deltas.clear();
    this.resourceRuns.clear();
    this.manual = this.sql.manualRuns.all() as [number, number][];
  }

  private classify(resourceId: number, body: Uint8Array): number[] {
    const { attributes } = readResourceBody(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    const runs: number[] = [];
    for (let origin = MANUAL_ORIGIN + 1; origin < RUN_ORIGINS.length; origin++) {
      const value = attributes[RUN_ORIGINS[origin]];
      const label = value === undefined ? '' : anyValueText(value);
      if (label === '') continue;
      const id = Number(this.sql.autoRun.get(label, origin) ?? this.sql.insertRun.run(origin, label, Date.now(), null).lastInsertRowid);
      this.sql.addResource.run(resourceId, id);
      runs.push(id);
    }
    return runs;
  }

  private delta(runId: number): RunDelta {
    let delta = this.deltas.get(runId);
    if (delta === undefined) {
      this.deltas.set(runId, (delta = { spans: 0, errors: 0, traces: 0, startNs: null, endNs: null, services: new Set(), buckets: new Set() }));
    }
    return delta;
  }
}

/** Puts the stored spans in their automatic runs: the migration that adds the tables runs it once, a bucket of traces at a time. */
export function countStoredRuns(db: Database.Database): void {
  const writer = new RunWriter(db);
  const resources = new Map<number, { serviceId: number; runs: number[] }>();
  for (const [id, serviceId, body] of db.prepare('SELECT id, service_id, body FROM resources').raw(true).all() as [number, number, Buffer][]) {
    resources.set(id, { serviceId, runs: writer.runsOfResource(id, body) });
  }
  if ([...resources.values()].every((resource) => resource.runs.length === 0)) return;
  const spansOf = db.prepare('SELECT trace_no, resource_id, status, start_ns, duration_ns FROM spans WHERE trace_no BETWEEN ? AND ?').raw(true).safeIntegers(true);
  const saveCounts = db.prepare('UPDATE traces SET runs = ? WHERE trace_no = ?');
  const lastTraceNo = Number(db.prepare('SELECT coalesce(max(trace_no), 0) FROM traces').pluck().get());
  for (let first = 0; first <= lastTraceNo; first += TRACES_PER_BUCKET) {
    const traces = new Map<number, Map<number, TraceRunCount>>();
    for (const [traceNo, resourceId, status, startNs, durationNs] of spansOf.all(first, first + TRACES_PER_BUCKET - 1) as [bigint, bigint, bigint, bigint, bigint][]) {
      const resource = resources.get(Number(resourceId));
      if (resource === undefined || resource.runs.length === 0) continue;
      let counts = traces.get(Number(traceNo));
      if (counts === undefined) traces.set(Number(traceNo), (counts = new Map()));
      for (const runId of resource.runs) writer.add(runId, counts, Number(traceNo), resource.serviceId, Number(status), startNs, startNs + durationNs);
    }
    for (const [traceNo, counts] of traces) saveCounts.run(formatTraceRunCounts(counts), traceNo);
  }
  writer.flush();
}
