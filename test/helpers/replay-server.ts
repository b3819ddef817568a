/**
 * A local HTTP server that answers as a remote backend would, from recorded bodies: each path (without its query)
 * maps to an answer. Requests are kept, with their query and headers, for tests to check what was asked.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface ReplayAnswer {
  status?: number;
  /** Sent as JSON unless it is a string (sent as it is). */
  body?: unknown;
  contentType?: string;
  /** Never answers: the client's time limit must cut the request. */
  hang?: boolean;
  /** Answers once this settles. */
  held?: Promise<void>;
}

export interface ReplayRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface ReplayServer {
  url: string;
  requests: ReplayRequest[];
  close(): Promise<void>;
}

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8'));
}

/** `port`: a given one (a backend that comes up where nothing answered before); any free one when 0. */
export async function replayServer(answers: Record<string, ReplayAnswer | ((query: URLSearchParams) => ReplayAnswer)>, port = 0): Promise<ReplayServer> {
  const requests: ReplayRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers });
    const entry = answers[url.pathname];
    const answer = typeof entry === 'function' ? entry(url.searchParams) : entry;
    if (answer?.hang) return;
    await answer?.held;
    if (!answer) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found');
      return;
    }
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status ?? 200, { 'Content-Type': answer.contentType ?? 'application/json' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
