/** The renderer's only way to the core: the HTTP API on the page's own origin (the session cookie authenticates). */
import type { TraceSummary } from '../../src-main/model/api';

export class ApiError extends Error {}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`/api${path}`, { credentials: 'same-origin' });
  const body = await res.json().catch(() => ({ error: `the server answered ${res.status} without JSON` }));
  if (!res.ok) throw new ApiError(body.error ?? `the server answered ${res.status}`);
  return body as T;
}

export const api = {
  services: () => get<{ services: string[] }>('/services').then((b) => b.services),
  traces: (params: URLSearchParams) => get<{ traces: TraceSummary[] }>(`/traces?${params}`).then((b) => b.traces),
};
