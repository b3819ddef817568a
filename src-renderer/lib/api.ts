/** The renderer's only way to the core: the HTTP API on the page's own origin (the session cookie authenticates). */
import type { ApiSpan, ApiWaterfall, Operation, TraceSummary } from '../../src-main/model/api';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function get<T>(path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'Spanscope is not answering; is it still running?');
  }
  const body = await res.json().catch(() => ({ error: `the server answered ${res.status} without JSON` }));
  if (!res.ok) throw new ApiError(res.status, body.error ?? `the server answered ${res.status}`);
  return body as T;
}

export const api = {
  services: () => get<{ services: string[] }>('/services').then((b) => b.services),
  operations: (service: string) => get<{ operations: Operation[] }>(`/operations?service=${encodeURIComponent(service)}`).then((b) => b.operations),
  searchTraces: (params: URLSearchParams) => get<{ traces: TraceSummary[] }>(`/traces?${params}`).then((b) => b.traces),
  waterfall: (traceId: string) => get<ApiWaterfall>(`/traces/${encodeURIComponent(traceId)}/waterfall`),
  span: (traceId: string, spanId: string) => get<ApiSpan>(`/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(spanId)}`),
  find: (traceId: string, text: string) => get<{ spanIds: string[] }>(`/traces/${encodeURIComponent(traceId)}/find?text=${encodeURIComponent(text)}`).then((b) => b.spanIds),
  /** New and grown traces as they arrive; returns the function that stops listening. */
  onTrace(listener: (summary: TraceSummary) => void): () => void {
    const events = new EventSource('/api/events');
    events.addEventListener('trace', (e) => listener(JSON.parse((e as MessageEvent<string>).data) as TraceSummary));
    return () => events.close();
  },
};

/** Calls `run` at most once per `waitMs` while traces matching `wanted` arrive; returns the function that stops. */
export function whenTracesArrive(wanted: (summary: TraceSummary) => boolean, waitMs: number, run: () => void): () => void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const stop = api.onTrace((summary) => {
    if (!wanted(summary)) return;
    pending ??= setTimeout(() => {
      pending = undefined;
      run();
    }, waitMs);
  });
  return () => {
    stop();
    clearTimeout(pending);
  };
}
