/**
 * A trace's logs placed on its time line: each at its offset from the trace's start, grouped by span once per
 * trace, so the waterfall looks up only the rows it draws.
 */
import type { LogRecord } from '../api-shapes';

export interface TraceLog {
  log: LogRecord;
  /** Nanoseconds after the trace's earliest span start (negative for a record before it). */
  offsetNs: number;
}

export interface LogTick {
  /** Percent of the bar column. */
  left: number;
  severityNumber: number;
}

export function placeLogs(logs: readonly LogRecord[], startNs: bigint): TraceLog[] {
  return logs.map((log) => ({ log, offsetNs: Number(log.timeNs - startNs) }));
}

/** Span id → its logs, in the order given; records without a span are left out. */
export function logsBySpan(logs: readonly TraceLog[]): Map<string, TraceLog[]> {
  const bySpan = new Map<string, TraceLog[]>();
  for (const entry of logs) {
    if (!entry.log.spanId) continue;
    const list = bySpan.get(entry.log.spanId);
    if (list) list.push(entry);
    else bySpan.set(entry.log.spanId, [entry]);
  }
  return bySpan;
}

/** Ticks for a span's logs within `from`–`to`: at most one per pixel of the column, the most severe there. */
export function logTicks(logs: readonly TraceLog[], from: number, to: number, columnPx: number): LogTick[] {
  if (to <= from || columnPx <= 0) return [];
  const byPixel = new Map<number, number>();
  for (const { log, offsetNs } of logs) {
    if (offsetNs < from || offsetNs > to) continue;
    const px = Math.round(((offsetNs - from) / (to - from)) * columnPx);
    byPixel.set(px, Math.max(byPixel.get(px) ?? 0, log.severityNumber));
  }
  return [...byPixel].map(([px, severityNumber]) => ({ left: (px / columnPx) * 100, severityNumber }));
}
