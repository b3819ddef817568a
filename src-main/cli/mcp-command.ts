/** `spanscope mcp [--db PATH] [--max-answer-bytes N]`: the MCP tools over stdio, for an agent's config file. */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { version } from '../../package.json';
import { DEFAULT_MAX_DB_BYTES, DEFAULT_MAX_QUEUED_SPANS, DEFAULT_RETENTION_MS } from '../core/core-options';
import { openStore } from '../core/open-store';
import { DEFAULT_MAX_ANSWER_BYTES } from '../mcp/bounded-answer';
import { inlineReads } from '../mcp/mcp-reads';
import { spanscopeMcpServer } from '../mcp/mcp-tools';
import { DB_FLAG, HELP_DB } from './archive-args';
import { flagHelp, parseFlags, type FlagTable } from './flag-table';
import { parseCount } from './flag-values';

export interface McpArgs {
  dbPath: string;
  maxAnswerBytes: number;
}

const MCP_FLAGS: FlagTable<McpArgs, string> = {
  '--db': DB_FLAG,
  '--max-answer-bytes': { value: 'N', help: 'the most bytes of JSON a tool answers; longer lists are cut and say so', default: String(DEFAULT_MAX_ANSWER_BYTES), set: (a, text, flag) => (a.maxAnswerBytes = parseCount(text, flag)) },
};

export const MCP_HELP = `Usage: spanscope mcp [--db PATH] [--max-answer-bytes N]

  An MCP (Model Context Protocol) server over stdio on a store, for coding agents: search_traces, get_trace,
  get_span, find_in_trace, service_map, query_metrics, compare_traces, compare_runs, get_logs. A running
  spanscope serve answers the same tools at /mcp on its UI port (with its token).

${flagHelp(MCP_FLAGS, HELP_DB)}`;

export function parseMcpArgs(argv: string[], defaultDb: string): McpArgs {
  const args: McpArgs = { dbPath: '', maxAnswerBytes: DEFAULT_MAX_ANSWER_BYTES };
  parseFlags(argv, MCP_FLAGS, args, defaultDb, { positionals: false, help: 'spanscope mcp --help' });
  return args;
}

/** Serves until the agent closes stdin; stdout carries the protocol, so nothing else is written there. */
export async function mcpCommand(args: McpArgs, writerWorkerPath: string): Promise<number> {
  const store = await openStore({ dbPath: args.dbPath, maxDbBytes: DEFAULT_MAX_DB_BYTES, retentionMs: DEFAULT_RETENTION_MS, maxQueuedSpans: DEFAULT_MAX_QUEUED_SPANS, writerWorkerPath });
  try {
    const server = spanscopeMcpServer(inlineReads(store), { version, maxBytes: args.maxAnswerBytes });
    const transport = new StdioServerTransport();
    await server.connect(transport);
    await new Promise<void>((resolve) => {
      server.server.onclose = resolve;
      process.stdin.once('end', () => void transport.close());
    });
    return 0;
  } finally {
    await store.close();
  }
}
