/** The reads that may take long (they grow with a trace or the store), as the read threads take them. */
import type { ExportFormat } from '../archives/export-traces';
import type { SearchQuery } from '../query/search-query';

/** `db`: the store's database path; each read thread keeps a read-only connection per path. */
export type ReadRequest =
  | { kind: 'trace' | 'waterfall' | 'trace-service-map'; db: string; traceId: string }
  | { kind: 'span'; db: string; traceId: string; spanId: string }
  | { kind: 'find'; db: string; traceId: string; text: string }
  | { kind: 'export'; db: string; traceIds: string[]; format: ExportFormat }
  | { kind: 'search'; db: string; query: SearchQuery }
  | { kind: 'service-map'; db: string; startNs?: bigint; endNs?: bigint }
  | { kind: 'diff'; a: { db: string; traceId: string }; b: { db: string; traceId: string } }
  | { kind: 'group-diff'; a: { db: string; traceIds: string[] }; b: { db: string; traceIds: string[] } };

/** An HTTP answer: the body is UTF-8 JSON, made on the read thread and transferred whole. */
export interface ReadAnswer {
  status: number;
  body: Uint8Array;
  headers?: Record<string, string>;
}

export type ToReadThread = { type: 'read'; id: number; request: ReadRequest } | { type: 'forget'; id: number; db: string };

export type FromReadThread = { type: 'answer'; id: number; answer: ReadAnswer } | { type: 'failed'; id: number; error: string } | { type: 'forgotten'; id: number };
