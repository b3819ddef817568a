/**
 * A read thread's warm-up as it starts: the reads a user's first file asks for (its trace list, the trace's
 * waterfall, spans and logs) answered a few times over the warm-up trace in a store in memory, so that file's
 * first answers do not run cold code (each thread's first waterfall of a 1,000-span trace took ~50 ms, ~23 once warm).
 */
import { warmUpTrace } from '../archives/warm-up-files';
import { parseSearchQuery } from '../query/search-query';
import { MEMORY_DB } from '../store/open-database';
import { Store } from '../store/store';
import { answerRead } from './read-answers';
import type { ReadRequest } from './read-protocol';

const ROUNDS = 10;

/** Resolves with the reads answered (status 200); never rejects: a warm-up that fails leaves the first reads cold, nothing worse. */
export async function warmUpReads(): Promise<number> {
  let answered = 0;
  try {
    const store = await Store.open({ dbPath: MEMORY_DB, retention: { maxDbBytes: 0, retentionMs: 0 }, maxQueuedSpans: 10_000 });
    try {
      const spans = warmUpTrace();
      await store.write(spans);
      const traceId = spans[0].traceId;
      const requests: ReadRequest[] = [
        { kind: 'search', db: MEMORY_DB, query: parseSearchQuery(new URLSearchParams()) },
        { kind: 'waterfall', db: MEMORY_DB, traceId },
        { kind: 'trace', db: MEMORY_DB, traceId },
        { kind: 'trace-logs', db: MEMORY_DB, traceId },
      ];
      for (let round = 0; round < ROUNDS; round++) {
        for (const request of requests) if (answerRead(() => store.reader, request).status === 200) answered++;
        // Reads that arrive meanwhile are answered between rounds.
        await new Promise(setImmediate);
      }
    } finally {
      await store.close();
    }
  } catch {
    // The first reads run cold.
  }
  return answered;
}
