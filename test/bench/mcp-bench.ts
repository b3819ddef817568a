/**
 * The MCP tools over HTTP (issue 19), as an agent's SDK client calls them, on the bench's store: how long an answer
 * takes and how big it is (every answer is bounded; other tools' plain trace lists have measured megabytes).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { performance } from 'node:perf_hooks';
import { TOKEN, type Report } from './bench-http';

const RUNS = 10;

export async function benchMcp(uiUrl: string, calls: { what: string; tool: string; args: Record<string, unknown> }[], report: Report): Promise<void> {
  // The bench's in-process reads before this hold the process for seconds, past the server's keep-alive: the pooled
  // socket is closed by then ("other side closed"). A throwaway request meets it first; the MCP client gets a new one.
  await fetch(`${new URL(uiUrl).origin}/api/status`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then((res) => res.arrayBuffer(), () => undefined);
  const client = new Client({ name: 'spanscope-bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${new URL(uiUrl).origin}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
  try {
    for (const { what, tool, args } of calls) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS + 2; i++) {
        const t = performance.now();
        const result = await client.callTool({ name: tool, arguments: args }).catch((error: Error) => {
          throw new Error(`MCP ${tool}: ${error.message}${error.cause ? ` (${String((error.cause as Error).message ?? error.cause)})` : ''}`);
        });
        times.push(performance.now() - t);
        if (result.isError) throw new Error(`${tool}: ${JSON.stringify(result.content)}`);
        bytes = Buffer.byteLength((result.content as { text: string }[])[0].text);
      }
      const measured = times.slice(2).sort((a, b) => a - b);
      report(`MCP ${tool}: ${what}`, `p50 ${measured[RUNS >> 1].toFixed(1)} ms, answer ${bytes.toLocaleString('en-US')} bytes`, '≤ 20,000 bytes');
    }
  } finally {
    await client.close();
  }
}
