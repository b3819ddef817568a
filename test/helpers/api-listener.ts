/** The API (`apiHandler`) over `sources` on a loopback port, for tests that need no `spanscope serve` process. */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sources } from '../../src-main/archives/sources';
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_INFLIGHT_BYTES } from '../../src-main/core/core-options';
import { apiHandler } from '../../src-main/server/api-server';
import { ByteBudget } from '../../src-main/server/byte-budget';

export async function listenApi(sources: Sources, token: string, options: { uiRoot?: string; maxEventClients?: number } = {}): Promise<{ server: Server; base: string }> {
  const uiRoot = options.uiRoot ?? mkdtempSync(join(tmpdir(), 'spanscope-api-'));
  const inFlight = { budget: new ByteBudget(DEFAULT_MAX_INFLIGHT_BYTES), idleTimeoutMs: DEFAULT_BODY_TIMEOUT_MS };
  const server = createServer(apiHandler({ sources, token, host: '127.0.0.1', uiRoot, inFlight, maxEventClients: options.maxEventClients ?? 1, log: () => {} }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
