/**
 * Closing a receiver without dropping what it has: it stops taking connections, answers the requests it already
 * has (each once its spans are committed), and cuts whatever is left after a grace period.
 */
import type { Server } from 'node:http';

/** Keep-alive would hold a connection whose last request was answered open for seconds: close those as they go idle. */
const IDLE_SWEEP_MS = 50;

export function drainServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
