/**
 * Runs as the read side sees them (run-writer.ts keeps them): the list with each run's counts, and a run's calls
 * per operation, the durations and errors a comparison needs.
 *
 * A run's calls are read from the spans of its trace ranges: a run started by hand is one range of trace numbers;
 * an automatic run is the buckets of 256 traces that hold its spans, filtered by its resources. Only the operation,
 * whether the span is a root, its duration and status are read, and they reach JavaScript through an aggregate
 * function that SQLite calls once a span (SAMPLE_FUNCTION): about 0.2 µs a span beyond SQLite's own scan, against
 * 0.75 µs for a row handed over by iteration, which keeps a comparison of 1,000,000 spans within a second
 * (ARCHITECTURE.md, Decisions).
 */
import type Database from 'better-sqlite3';
import { MANUAL_ORIGIN } from '../model/run-origins';
import { TRACES_PER_BUCKET } from './attribute-bloom';
import { parseTraceRunCounts } from './trace-run-counts';

/** A row of `runs`, with its services. */
export interface RunRow {
  id: number;
  /** Index in RUN_ORIGINS. */
  origin: number;
  label: string;
  /** When it was started by hand, or first seen (epoch ms). */
  createdMs: number;
  spanCount: number;
  errorCount: number;
  traceCount: number;
  /** Null until it has a span. */
  startNs: bigint | null;
  endNs: bigint | null;
  serviceIds: number[];
}

/** One operation's calls in a run, its root spans (an endpoint) apart from the others. */
export interface OperationCalls {
  opId: number;
  isRoot: boolean;
  durations: Float64Array;
  errors: number;
}

const SAMPLE_FUNCTION = 'spanscope_run_sample';
const RUN_COLUMNS = `id, origin, label, created_ms, span_count, error_count, trace_count, start_ns, end_ns,
  (SELECT group_concat(service_id) FROM run_services WHERE run_id = runs.id)`;
/** The columns each span gives the aggregate: its operation key, duration and whether it failed. */
const SAMPLE = `${SAMPLE_FUNCTION}(op_id * 2 + (parent_id IS NULL), duration_ns, status = 2)`;

type RawRun = [number, number, string, number, number, number, number, bigint | null, bigint | null, string | null];

/** Durations of one operation key as they are read, in a buffer that doubles when full. */
class Gathered {
  durations = new Float64Array(64);
  calls = 0;
  errors = 0;
}

/**
 * Where the aggregate puts what it is given. Statements run one at a time on a thread (better-sqlite3 is
 * synchronous), so one place per thread serves every connection.
 */
let gathering: Map<number, Gathered> | undefined;

function gatherSample(count: number, key: number, durationNs: number, failed: number): number {
  let gathered = gathering!.get(key);
  if (gathered === undefined) gathering!.set(key, (gathered = new Gathered()));
  if (gathered.calls === gathered.durations.length) {
    const grown = new Float64Array(gathered.calls * 2);
    grown.set(gathered.durations);
    gathered.durations = grown;
  }
  gathered.durations[gathered.calls++] = durationNs;
  gathered.errors += failed;
  return count + 1;
}

export class RunReader {
  private readonly sql;

  constructor(db: Database.Database) {
    // Three arguments a call (better-sqlite3 counts the step's parameters); its types allow one.
    db.aggregate(SAMPLE_FUNCTION, { start: 0, step: gatherSample as unknown as (count: number, key: number) => number });
    const p = (text: string) => db.prepare(text);
    this.sql = {
      runs: p(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY id DESC`).raw(true).safeIntegers(true),
      run: p(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).raw(true).safeIntegers(true),
      currentManual: p(`SELECT max(id) FROM runs WHERE origin = ${MANUAL_ORIGIN}`).pluck(),
      runsLabelled: p(`SELECT ${RUN_COLUMNS} FROM runs WHERE label = ? ORDER BY id DESC`).raw(true).safeIntegers(true),
      manualRange: p(`SELECT first_trace_no, (SELECT min(first_trace_no) FROM runs later WHERE later.origin = ${MANUAL_ORIGIN} AND later.id > runs.id) FROM runs WHERE id = ?`).raw(true),
      buckets: p('SELECT bucket FROM run_buckets WHERE run_id = ? ORDER BY bucket').pluck(),
      traceRuns: p('SELECT runs FROM traces WHERE trace_no = ?').pluck(),
      runBefore: p(`SELECT ${RUN_COLUMNS} FROM runs WHERE origin = ? AND id < ? AND span_count > 0 ORDER BY id DESC LIMIT 1`).raw(true).safeIntegers(true),
      manualSamples: p(`SELECT ${SAMPLE} FROM spans WHERE trace_no BETWEEN ? AND ?`).pluck(),
      autoSamples: p(`SELECT ${SAMPLE} FROM spans WHERE trace_no BETWEEN ? AND ? AND resource_id IN (SELECT resource_id FROM run_resources WHERE run_id = ?)`).pluck(),
    };
  }

  /** The ids of the runs a trace has spans in. */
  runsOfTrace(traceNo: number): number[] {
    const text = this.sql.traceRuns.get(traceNo) as string | undefined;
    return text ? [...parseTraceRunCounts(text).keys()] : [];
  }

  /** The run of the same origin before `run` that has spans, if any. */
  runBefore(run: RunRow): RunRow | undefined {
    const raw = this.sql.runBefore.get(run.origin, run.id) as RawRun | undefined;
    return raw && toRunRow(raw);
  }

  /** Every run, the newest first. */
  runs(): RunRow[] {
    return (this.sql.runs.all() as RawRun[]).map(toRunRow);
  }

  run(id: number): RunRow | undefined {
    const raw = this.sql.run.get(id) as RawRun | undefined;
    return raw && toRunRow(raw);
  }

  /** The run started by hand that takes what arrives now (the last one started), or undefined. */
  currentManualRunId(): number | undefined {
    return (this.sql.currentManual.get() as number | null) ?? undefined;
  }

  /** The runs with this label, the newest first. */
  runsLabelled(label: string): RunRow[] {
    return (this.sql.runsLabelled.all(label) as RawRun[]).map(toRunRow);
  }

  /** The run's calls per operation, roots apart. */
  operationCalls(run: RunRow): OperationCalls[] {
    const gathered = new Map<number, Gathered>();
    gathering = gathered;
    try {
      if (run.origin === MANUAL_ORIGIN) {
        const [first, next] = this.sql.manualRange.get(run.id) as [number, number | null];
        this.sql.manualSamples.get(first, next === null ? Number.MAX_SAFE_INTEGER : next - 1);
      } else {
        for (const [first, last] of bucketRanges(this.sql.buckets.all(run.id) as number[])) this.sql.autoSamples.get(first, last, run.id);
      }
    } finally {
      gathering = undefined;
    }
    return [...gathered].map(([key, g]) => ({ opId: Math.floor(key / 2), isRoot: key % 2 === 1, durations: g.durations.subarray(0, g.calls), errors: g.errors }));
  }
}

/** Buckets in order → the trace numbers they cover, consecutive buckets as one range. */
function bucketRanges(buckets: number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const bucket of buckets) {
    const last = ranges.at(-1);
    if (last !== undefined && last[1] + 1 === bucket * TRACES_PER_BUCKET) last[1] = (bucket + 1) * TRACES_PER_BUCKET - 1;
    else ranges.push([bucket * TRACES_PER_BUCKET, (bucket + 1) * TRACES_PER_BUCKET - 1]);
  }
  return ranges;
}

function toRunRow([id, origin, label, createdMs, spanCount, errorCount, traceCount, startNs, endNs, services]: RawRun): RunRow {
  return {
    id: Number(id),
    origin: Number(origin),
    label,
    createdMs: Number(createdMs),
    spanCount: Number(spanCount),
    errorCount: Number(errorCount),
    traceCount: Number(traceCount),
    startNs,
    endNs,
    serviceIds: services === null ? [] : services.split(',').map(Number),
  };
}
