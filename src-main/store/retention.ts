/**
 * Retention: the oldest traces (by arrival) go first, whole traces at a time, and the oldest log records with them,
 * when the store is too big or too old.
 */
import type Database from 'better-sqlite3';
import { bucketOf, TRACES_PER_BUCKET } from './attribute-bloom';
import { LOG_TEXT_RUN } from './log-text-runs';
import type { OperationMinutesWriter } from './operation-minutes';
import type { RunWriter } from './run-writer';
import type { ServiceMapWriter } from './service-map-writer';

/** The tables kept from the spans, which retention keeps in step. */
export interface Aggregates {
  map: ServiceMapWriter;
  minutes: OperationMinutesWriter;
  runs: RunWriter;
  /** Brings the map up to date for every trace whose recomputation waits (service-map-writer.ts), in its own transaction. */
  settleMap(nowMs: number, everything: boolean): void;
}

export interface RetentionPolicy {
  /** 0: no size limit. */
  maxDbBytes: number;
  /** 0: keep forever. Age counts from when a trace first arrived, so years-old archives are not evicted at once. */
  retentionMs: number;
}

/** Share of the traces dropped when over the size limit: evicting in large steps keeps it rare. */
const SIZE_EVICTION_SHARE = 0.1;

export function enforceRetention(db: Database.Database, policy: RetentionPolicy, nowMs: number, aggregates: Aggregates): number {
  let deleted = 0;
  let logsDeleted = 0;
  if (policy.retentionMs > 0) {
    const oldest = nowMs - policy.retentionMs;
    const cutoff = db.prepare('SELECT max(trace_no) FROM traces WHERE received_ms < ?').pluck().get(oldest) as number | null;
    if (cutoff !== null) deleted += deleteThrough(db, cutoff, aggregates);
    // A record arrived with the write that starts its group in log_arrivals.
    const kept = db.prepare('SELECT min(first_log_no) FROM log_arrivals WHERE received_ms >= ?').pluck().get(oldest) as number | null;
    const last = kept === null ? (db.prepare('SELECT max(log_no) FROM logs').pluck().get() as number | null) : kept - 1;
    if (last !== null) logsDeleted += deleteLogsThrough(db, last);
  }
  if (policy.maxDbBytes > 0) {
    for (let pass = 0; pass < 10 && usedBytes(db) > policy.maxDbBytes; pass++) {
      const traces = db.prepare('SELECT count(*) FROM traces').pluck().get() as number;
      const logs = db.prepare('SELECT count(*) FROM logs').pluck().get() as number;
      if (traces === 0 && logs === 0) break;
      if (traces > 0) {
        const cutoff = db.prepare('SELECT trace_no FROM traces ORDER BY trace_no LIMIT 1 OFFSET ?').pluck().get(Math.ceil(traces * SIZE_EVICTION_SHARE) - 1) as number;
        deleted += deleteThrough(db, cutoff, aggregates);
      }
      if (logs > 0) {
        const cutoff = db.prepare('SELECT log_no FROM logs ORDER BY log_no LIMIT 1 OFFSET ?').pluck().get(Math.ceil(logs * SIZE_EVICTION_SHARE) - 1) as number;
        logsDeleted += deleteLogsThrough(db, cutoff);
      }
    }
  }
  if (deleted > 0 || logsDeleted > 0) db.pragma('incremental_vacuum');
  return deleted;
}

/** Bytes the database's pages hold, not counting free pages. */
export function usedBytes(db: Database.Database): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * pageSize;
}

function deleteThrough(db: Database.Database, lastTraceNo: number, aggregates: Aggregates): number {
  // The map's rows of the deleted traces are subtracted as the traces are stored.
  aggregates.settleMap(Date.now(), true);
  const { map, minutes, runs } = aggregates;
  return db.transaction(() => {
    minutes.subtractTraces(0, lastTraceNo);
    runs.subtractTraces(lastTraceNo);
    // The map's rows are per bucket: whole buckets go; the evicted traces of a bucket that stays are subtracted.
    const firstKept = lastTraceNo + 1;
    if (firstKept % TRACES_PER_BUCKET !== 0) map.subtractTraces(bucketOf(firstKept) * TRACES_PER_BUCKET, lastTraceNo);
    map.dropBucketsBelow(bucketOf(firstKept));
    db.prepare('DELETE FROM spans WHERE trace_no <= ?').run(lastTraceNo);
    // A bucket's filter goes with its last trace; a filter that still covers evicted traces only over-approximates.
    db.prepare('DELETE FROM attr_blooms WHERE bucket < ?').run(bucketOf(lastTraceNo + 1));
    return db.prepare('DELETE FROM traces WHERE trace_no <= ?').run(lastTraceNo).changes;
  })();
}

/** Deletes the log records numbered up to `lastLogNo`, their text, and the trace numbers and arrival rows only they used. */
function deleteLogsThrough(db: Database.Database, lastLogNo: number): number {
  return db.transaction(() => {
    // The group the cut falls in keeps its arrival time, from its first kept record on.
    const group = db.prepare('SELECT max(first_log_no) FROM log_arrivals WHERE first_log_no <= ?').pluck().get(lastLogNo) as number | null;
    const nextKept = db.prepare('SELECT min(log_no) FROM logs WHERE log_no > ?').pluck().get(lastLogNo) as number | null;
    if (group !== null && nextKept !== null && db.prepare('SELECT 1 FROM log_arrivals WHERE first_log_no > ? AND first_log_no <= ?').get(lastLogNo, nextKept) === undefined) {
      db.prepare('UPDATE log_arrivals SET first_log_no = ? WHERE first_log_no = ?').run(nextKept, group);
    }
    db.prepare('DELETE FROM log_arrivals WHERE first_log_no <= ?').run(lastLogNo);
    // A run of text whose records may reach past the cut stays (it only narrows) until a later cut passes it.
    db.prepare('DELETE FROM logs_text WHERE rowid <= ?').run(nextKept === null ? Number.MAX_SAFE_INTEGER : lastLogNo - (LOG_TEXT_RUN - 1));
    db.prepare(
      'DELETE FROM log_traces WHERE trace_no IN (SELECT trace_no FROM logs WHERE log_no <= ?) AND NOT EXISTS (SELECT 1 FROM logs WHERE logs.trace_no = log_traces.trace_no AND log_no > ?)',
    ).run(lastLogNo, lastLogNo);
    return db.prepare('DELETE FROM logs WHERE log_no <= ?').run(lastLogNo).changes;
  })();
}
