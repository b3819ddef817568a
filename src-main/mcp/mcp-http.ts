/**
 * `/mcp` on the UI port: the MCP streamable HTTP transport. Stateless (the tools keep nothing between calls): each
 * request gets its own server and transport, answered as JSON. The API's guards (Host, Origin, token) run first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { McpReads } from './mcp-reads';
import { spanscopeMcpServer, type McpToolOptions } from './mcp-tools';

export function mcpHttpHandler(reads: McpReads, options: McpToolOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const server = spanscopeMcpServer(reads, options);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };
}
