/**
 * How the MCP tools reach a store: the same reads the HTTP API answers (server/read-protocol.ts), as parsed
 * documents. `spanscope serve` answers them on its read threads; `spanscope mcp` on its own connection.
 */
import { answerRead } from '../server/read-answers';
import type { ReadRequest } from '../server/read-protocol';
import type { ReadThreads } from '../server/read-threads';
import type { Store } from '../store/store';

export interface McpReads {
  /** The store's database path, for the requests. */
  db: string;
  /** The answer's status and its JSON, parsed. */
  read(request: ReadRequest): Promise<{ status: number; document: unknown }>;
}

/** Reads on the server's read threads, as the API's are. */
export function threadReads(reads: ReadThreads, store: Store): McpReads {
  return {
    db: store.dbPath,
    async read(request) {
      const reply = await reads.read(request, [store]);
      const slices: Uint8Array[] = [];
      for await (const slice of reply.slices()) slices.push(slice);
      return { status: reply.status, document: JSON.parse(Buffer.concat(slices).toString('utf8')) };
    },
  };
}

/** Reads on this thread's connection (`spanscope mcp`: one agent, one question at a time). */
export function inlineReads(store: Store): McpReads {
  return {
    db: store.dbPath,
    async read(request) {
      const answer = answerRead(() => store.reader, request);
      return { status: answer.status, document: JSON.parse(Buffer.from(answer.body).toString('utf8')) };
    },
  };
}
