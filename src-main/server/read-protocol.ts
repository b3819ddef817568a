/** The reads that may take long (they grow with a trace or the store), as the read threads take them. */
import type { BaselineAgainst } from '../model/api';
import type { TraceQLMetricsRequest, TraceQLSearchRequest } from '../query/traceql-request';
import type { ExportFormat } from '../archives/export-traces';
import type { LogExportFormat } from '../archives/export-logs';
import type { LogQuery } from '../query/log-query';
import type { SearchQuery } from '../query/search-query';
import type { TagValueOptions } from '../query/tag-values';
import type { TagScopeOptions } from '../query/tempo-tags';
import type { TempoTraceRequest } from '../query/tempo-trace';
import type { AttributeComparisonRequest } from '../query/attribute-comparison-request';

/** `db`: the store's database path; each read thread keeps a read-only connection per path. */
export type ReadRequest =
  | { kind: 'trace' | 'waterfall' | 'trace-service-map'; db: string; traceId: string }
  | { kind: 'span'; db: string; traceId: string; spanId: string }
  | { kind: 'find'; db: string; traceId: string; text: string }
  | { kind: 'export'; db: string; traceIds: string[]; format: ExportFormat }
  | { kind: 'search'; db: string; query: SearchQuery }
  | { kind: 'traceql-search'; db: string; request: TraceQLSearchRequest }
  | { kind: 'traceql-metrics'; db: string; request: TraceQLMetricsRequest }
  | { kind: 'service-map'; db: string; startNs?: bigint; endNs?: bigint }
  | { kind: 'tag-values'; db: string; tag: string; options?: TagValueOptions }
  /** Tempo's answers (`/tempo/api/...`, server/tempo-api.ts). */
  | { kind: 'tempo-tags'; db: string; options: TagScopeOptions }
  | { kind: 'tempo-trace'; db: string; request: TempoTraceRequest }
  | { kind: 'logs'; db: string; query: LogQuery }
  | { kind: 'trace-logs'; db: string; traceId: string }
  /** `against` undefined: the run before the trace's when there is one, else the hour before it. */
  | { kind: 'trace-baseline'; db: string; traceId: string; against?: BaselineAgainst }
  | { kind: 'export-logs'; db: string; query: LogQuery; format: LogExportFormat; fileName: string }
  | { kind: 'diff'; a: { db: string; traceId: string }; b: { db: string; traceId: string } }
  | { kind: 'group-diff'; a: { db: string; traceIds: string[] }; b: { db: string; traceIds: string[] } }
  /** Two runs as named in the request (query/run-list.ts: id, ORIGIN=LABEL or label). */
  | { kind: 'run-comparison'; db: string; a: string; b: string }
  /** What the selected traces share against the rest (query/attribute-comparison.ts). */
  | { kind: 'attribute-comparison'; db: string; request: AttributeComparisonRequest };

/** An HTTP answer: the body is UTF-8 JSON unless `headers` name another Content-Type. */
export interface ReadAnswer {
  status: number;
  body: Uint8Array;
  headers?: Record<string, string>;
}

/**
 * Bytes of an answer sent at a time: the first slice comes with the answer, the next ones when the response has
 * taken the last, so neither thread holds a second copy of a 200 MB answer, and a slow reader slows the sending.
 */
export const SLICE_BYTES = 1024 * 1024;

/**
 * Slices of more than this many bytes are made in memory the main thread gives back once they are written out
 * (`reuse`): a megabyte of new memory arriving on the main thread with each trace, and freed by nobody until its
 * heap grew, set off a full collection there every twenty or so traces (4–11 ms, and as long in marking steps).
 */
export const REUSED_SLICE_BYTES = 64 * 1024;

/** `more`: the next slice of answer `id`; `drop`: the client is gone, forget the rest; `reuse`: a slice's memory back. */
export type ToReadThread =
  /** `cancel`: one Int32 the main thread sets to 1 when the asker goes away. */
  | { type: 'read'; id: number; request: ReadRequest; cancel?: SharedArrayBuffer }
  | { type: 'more' | 'drop'; id: number }
  | { type: 'forget'; id: number; db: string }
  | { type: 'reuse'; memory: ArrayBuffer };

export type FromReadThread =
  | { type: 'answer'; id: number; status: number; headers?: Record<string, string>; length: number; slice: Uint8Array; last: boolean }
  | { type: 'slice'; id: number; slice: Uint8Array; last: boolean }
  | { type: 'failed'; id: number; error: string }
  | { type: 'forgotten'; id: number };
