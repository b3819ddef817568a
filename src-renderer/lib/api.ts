/**
 * The renderer's only way to the core: the HTTP API on the page's own origin (the session cookie authenticates).
 * Reads go to the source the page looks at (`?source=`), live by default.
 */
import type { ApiAttributeComparison, ApiBaseline, ApiConfig, ApiLogRecord, ForwardStatus, ApiRun, ApiRunComparison, ApiSpan, ApiWaterfall, Diff, GroupDiff, MetricsAnswer, MetricsSeries, Operation, SearchResponse, ServiceMap, SourceInfo, TagValuesResponse, TraceSummary, BaselineAgainst } from '../../src-main/model/api';
import { compareTable } from './traceql/compare-rows';
import { toBaseline, toChartSeries, toComparison, toGroupComparison, toLogRecord, toMap, toMatchedTraces, toMetricSeries, toRun, toRunComparison, toSpan, toTrace, toWaterfall, type LogRecord, type MetricSeries, type Trace } from './api-shapes';
import { router } from './router.svelte';
import { desktop } from './desktop';
import { sourceGrew } from './source-list';
import type { RemoteSourceRequest } from '../../src-main/model/desktop';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Where a refused TraceQL query is wrong (1-based; columns in UTF-16 code units). */
    readonly position?: { line: number; column: number },
  ) {
    super(message);
  }

  /** Whether asking again can help: the core was not reached (0) or failed (5xx); a 4xx answers the same again. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

const inSource = (source: string | undefined) => (source === undefined ? '' : `?source=${encodeURIComponent(source)}`);

/** `/api` + path, in the page's source. */
function apiUrl(path: string): string {
  return `/api${router.href(path)}`;
}

const waterfallPath = (traceId: string, source?: string) => apiUrl(`/traces/${encodeURIComponent(traceId)}/waterfall${inSource(source)}`);

/**
 * Waterfalls asked for as a trace's link is pressed, before the trace page is built (which takes tens of ms):
 * the page takes its answer from here. One not taken within OPENING_KEPT_MS (a press that became no click) is
 * dropped, so a later visit never reads an old answer.
 */
const opening = new Map<string, Promise<ReturnType<typeof toWaterfall>>>();
const OPENING_KEPT_MS = 2000;

/** Starts loading a trace in the page's source as its link is pressed. */
export function startOpeningTrace(traceId: string): void {
  const path = waterfallPath(traceId);
  if (opening.has(path)) return;
  const answer = get<ApiWaterfall>(path).then(toWaterfall);
  answer.catch(() => {}); // heard by the page that takes it
  opening.set(path, answer);
  setTimeout(() => opening.get(path) === answer && opening.delete(path), OPENING_KEPT_MS);
}

function takeOpening(path: string): Promise<ReturnType<typeof toWaterfall>> | undefined {
  const answer = opening.get(path);
  opening.delete(path);
  return answer;
}

async function get<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path.startsWith('/api/') ? path : apiUrl(path), { credentials: 'same-origin', ...init });
  } catch (error) {
    // A newer query cancelled this one: the caller drops it, nothing to show.
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'Spanscope is not answering; is it still running?');
  }
  const body = await res.json().catch(() => ({ error: `the server answered ${res.status} without JSON` }));
  if (!res.ok) {
    const position = typeof body.line === 'number' && typeof body.column === 'number' ? { line: body.line, column: body.column } : undefined;
    throw new ApiError(res.status, body.error ?? `the server answered ${res.status}`, position);
  }
  return body as T;
}

export const api = {
  /** `source`: a given source instead of the page's. */
  services: (source?: string) => get<{ services: string[] }>(source === undefined ? '/services' : `/api/services${inSource(source)}`).then((b) => b.services),
  operations: (service: string) => get<{ operations: Operation[] }>(`/operations?service=${encodeURIComponent(service)}`).then((b) => b.operations),
  /** TraceQL: the traces and their matched spans (`q`, `start`, `end`, `limit`, `spss`); `signal` cancels it. */
  traceql: (params: URLSearchParams, signal?: AbortSignal) => get<SearchResponse>(`/search?${params}`, { signal }).then(toMatchedTraces),
  /** A TraceQL metrics query's series (`q`, `start`, `end`, `step`); `fallback` names a series without labels. */
  traceqlMetrics: (params: URLSearchParams, fallback: string, signal?: AbortSignal) =>
    get<{ series: MetricsSeries[] }>(`/metrics/query_range?${params}`, { signal }).then((b) => toChartSeries(b.series, fallback)),
  /** A compare() query's series, as a table of attribute values in the selection and the baseline. */
  traceqlCompare: (params: URLSearchParams, signal?: AbortSignal) => get<{ series: MetricsSeries[] }>(`/metrics/query_range?${params}`, { signal }).then((b) => compareTable(b.series)),
  /** The attribute keys the store has seen, for the query editor's completion. */
  tagNames: () => get<{ tagNames: string[] }>('/search/tags').then((b) => b.tagNames),
  /** The string values the store has for a TraceQL field (`span.http.route`), for the query editor's completion. */
  tagValues: (field: string) => get<TagValuesResponse>(`/v2/search/tag/${encodeURIComponent(field)}/values`).then((b) => b.tagValues.filter((v) => v.type === 'string').map((v) => v.value)),
  searchTraces: (params: URLSearchParams) => searchTracesNoted(params).then((b) => b.traces),
  /** The traces, and on a remote source the filters its backend could not apply (a sentence each). */
  searchTracesNoted,
  /** `source`: a given source instead of the page's (the comparison shows two). */
  waterfall: (traceId: string, source?: string) => takeOpening(waterfallPath(traceId, source)) ?? get<ApiWaterfall>(waterfallPath(traceId, source)).then(toWaterfall),
  span: (traceId: string, spanId: string, source?: string) => get<ApiSpan>(`/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(spanId)}${inSource(source)}`).then(toSpan),
  groupDiff: (a: string[], b: string[], aSource: string, bSource: string) =>
    get<GroupDiff>(`/diff/groups?${[...a.map((id) => `a=${id}`), ...b.map((id) => `b=${id}`)].join('&')}&aSource=${encodeURIComponent(aSource)}&bSource=${encodeURIComponent(bSource)}`).then(toGroupComparison),
  diff: (a: string, b: string, aSource: string, bSource: string) =>
    get<Diff>(`/diff?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}&aSource=${encodeURIComponent(aSource)}&bSource=${encodeURIComponent(bSource)}`).then(toComparison),
  /** Log records, newest first (`service`, `severity`, `text`, `attr`, `traceId`, `spanId`, `start`, `end`, `limit`). */
  logs: (params: URLSearchParams, signal?: AbortSignal) => get<{ logs: ApiLogRecord[] }>(`/logs?${params}`, { signal }).then((b) => b.logs.map(toLogRecord)),
  /** A trace's log records in time order. */
  traceLogs: (traceId: string, source?: string) => get<{ logs: ApiLogRecord[] }>(`/traces/${encodeURIComponent(traceId)}/logs${inSource(source)}`).then((b) => b.logs.map(toLogRecord)),
  /** Each span beside its operation's calls in the run before or the hour before (`against`; the server picks without it). */
  baseline: (traceId: string, against?: BaselineAgainst) =>
    get<ApiBaseline>(`/traces/${encodeURIComponent(traceId)}/baseline${against ? `?against=${against}` : ''}`).then(toBaseline),
  find: (traceId: string, text: string) => get<{ spanIds: string[] }>(`/traces/${encodeURIComponent(traceId)}/find?text=${encodeURIComponent(text)}`).then((b) => b.spanIds),
  serviceMap: (params: URLSearchParams) => get<ServiceMap>(`/service-map?${params}`).then(toMap),
  /** A TraceQL metrics query over `startMs`–`endMs` in steps of `stepMs`. */
  metrics: (q: string, range: { startMs: number; endMs: number; stepMs: number }): Promise<MetricSeries[]> =>
    get<MetricsAnswer>(`/metrics/query_range?q=${encodeURIComponent(q)}&start=${range.startMs}&end=${range.endMs}&step=${range.stepMs}ms`).then(toMetricSeries),
  traceServiceMap: (traceId: string) => get<ServiceMap>(`/traces/${encodeURIComponent(traceId)}/service-map`).then(toMap),
  /** The runs of the page's source, the newest first. */
  runs: () => get<{ runs: ApiRun[] }>('/runs').then((b) => b.runs.map(toRun)),
  /** Starts a run by hand in the live store: what arrives from now on belongs to it. */
  startRun: (label: string) =>
    get<ApiRun>('/api/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ label }) }).then(toRun),
  /** Two runs of the page's source compared operation by operation; each named by its id, ORIGIN=LABEL or label. */
  /** What the selected traces share against the rest (`GET /api/attributes/compare`): plain numbers and text, used as sent. */
  sharedAttributes: (params: URLSearchParams, signal?: AbortSignal) => get<ApiAttributeComparison>(`/attributes/compare?${params}`, { signal }),
  compareRuns: (a: string, b: string) => get<ApiRunComparison>(`/runs/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`).then(toRunComparison),
  /** What the person should know about this start of the core (a damaged database set aside). */
  notices: () => get<{ notices: string[] }>('/api/status').then((b) => b.notices),
  /** --forward's counts; undefined when the core does not forward. */
  forwardStatus: () => get<{ forward?: ForwardStatus }>('/api/status').then((b) => b.forward),
  /** How the core was started: ports bound, endpoints, database, limits, version (numbers only: nothing to convert). */
  config: () => get<ApiConfig>('/api/config'),
  sources: () => get<{ sources: SourceInfo[] }>('/api/sources').then((b) => b.sources),
  closeSource: (id: string) => get<{ closed: string }>(`/api/sources/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  addRemoteSource,
  importSource: (id: string) => get<{ traces: number; spans: number; logs: number }>(`/api/sources/${encodeURIComponent(id)}/import`, { method: 'POST' }),
  /** Address of a download of these traces of the page's source. */
  exportUrl: (traceIds: string[], format: string) =>
    apiUrl(traceIds.length === 1 ? `/traces/${traceIds[0]}/export?format=${format}` : `/export?${traceIds.map((id) => `traceId=${id}`).join('&')}&format=${format}`),
  /** Address of a download of the log records answering `params` (the filters of `logs`; all of them, not one page) of the page's source. */
  logsExportUrl: (params: URLSearchParams, format: string) => {
    const query = new URLSearchParams(params);
    query.delete('limit');
    query.set('format', format);
    return apiUrl(`/logs/export?${query}`);
  },
  /** Address of a download of a trace's log records, of the page's source. */
  traceLogsExportUrl: (traceId: string, format: string) => apiUrl(`/traces/${encodeURIComponent(traceId)}/logs/export?format=${encodeURIComponent(format)}`),
  openSource,
  /** New and grown traces of the live store as they arrive; returns the function that stops listening. */
  onTrace(listener: (trace: Trace) => void): () => void {
    return listen<TraceSummary>('trace', (summary) => listener(toTrace(summary)));
  },
  /** Log records of the live store as they arrive, a batch at a time; returns the function that stops listening. */
  onLogs(listener: (logs: LogRecord[]) => void): () => void {
    return listen<ApiLogRecord[]>('log', (batch) => listener(batch.map(toLogRecord)));
  },
  /**
   * Sources opened, growing while they load, and closed. Every listener hears them through one stream, open while
   * any listens: the source bar's, open from the page's start, so a view that starts listening as a file opens (its
   * search page) hears the events sent before a stream of its own would have connected.
   */
  onSource(listener: (info: SourceEvent) => void): () => void {
    sourceListeners.add(listener);
    stopSourceStream ??= listen<SourceEvent>('source', (info) => {
      if ('closed' in info) lastSeenSources.delete(info.id);
      [...sourceListeners].forEach((heard) => heard(info));
      if (!('closed' in info) && sourceGrew(lastSeenSources.get(info.id), info)) lastSeenSources.set(info.id, info);
    });
    return () => {
      sourceListeners.delete(listener);
      if (sourceListeners.size > 0) return;
      stopSourceStream?.();
      stopSourceStream = undefined;
    };
  },
};

function searchTracesNoted(params: URLSearchParams): Promise<{ traces: Trace[]; unsupported: string[] }> {
  return get<{ traces: TraceSummary[]; unsupported?: string[] }>(`/traces?${params}`).then((b) => ({ traces: b.traces.map(toTrace), unsupported: b.unsupported ?? [] }));
}

/**
 * Adds a remote source. In the desktop app the main process sends it and keeps the header values in the OS
 * keychain; in a browser it is sent here and kept until Spanscope stops. Either way the values never come back.
 */
async function addRemoteSource(request: RemoteSourceRequest): Promise<SourceInfo> {
  const bridge = desktop();
  if (!bridge) return get<SourceInfo>('/api/sources/remote', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
  const answer = await bridge.addRemoteSource(request);
  if (!answer.source) throw new ApiError(400, answer.error ?? 'the remote source was not added');
  return answer.source;
}

type SourceEvent = SourceInfo | { id: string; closed: true };
/** Each open source as last heard of (its upload's answer, or its latest event), for whenSourceGrows. */
const lastSeenSources = new Map<string, SourceInfo>();
const sourceListeners = new Set<(info: SourceEvent) => void>();
let stopSourceStream: (() => void) | undefined;

/** A stream the server refused (503: too many are open) is not retried by EventSource itself, unlike a dropped one. */
const REFUSED_STREAM_RETRY_MS = 30_000;

function listen<T>(event: string, listener: (data: T) => void): () => void {
  let events: EventSource;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = () => {
    events = new EventSource('/api/events');
    events.addEventListener(event, (e) => listener(JSON.parse((e as MessageEvent<string>).data) as T));
    events.onerror = () => {
      if (events.readyState === EventSource.CLOSED) retry = setTimeout(connect, REFUSED_STREAM_RETRY_MS);
    };
  };
  connect();
  return () => {
    clearTimeout(retry);
    events.close();
  };
}

export interface Upload {
  done: Promise<SourceInfo>;
  cancel(): void;
}

/**
 * Sends a file to be opened as a source of its own. XMLHttpRequest rather than fetch: it reports upload
 * progress, and aborting it is the cancel (the server then forgets the half-read file).
 */
function openSource(file: File, upload: string, onProgress: (sent: number, total: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<SourceInfo>((resolve, reject) => {
    xhr.open('POST', `/api/sources?name=${encodeURIComponent(file.name)}&upload=${encodeURIComponent(upload)}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total || file.size);
    xhr.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(xhr.responseText);
        } catch {
          return { error: `the server answered ${xhr.status} without JSON` };
        }
      })();
      if (xhr.status === 200) {
        lastSeenSources.set((body as SourceInfo).id, body as SourceInfo);
        resolve(body as SourceInfo);
      } else reject(new ApiError(xhr.status, body.error ?? `the server answered ${xhr.status}`));
    };
    xhr.onerror = () => reject(new ApiError(0, 'Spanscope is not answering; is it still running?'));
    xhr.onabort = () => reject(new ApiError(0, `opening ${file.name} was cancelled`));
    xhr.send(file);
  });
  return { done, cancel: () => xhr.abort() };
}

/** Calls `run` at most once per `waitMs` while traces matching `wanted` arrive; returns the function that stops. */
export function whenTracesArrive(wanted: (trace: Trace) => boolean, waitMs: number, run: () => void): () => void {
  return atMostEvery(waitMs, run, (call) => api.onTrace((summary) => wanted(summary) && call()));
}

/** Calls `run` at most once per `waitMs` while log records matching `wanted` arrive; returns the function that stops. */
export function whenLogsArrive(wanted: (log: LogRecord) => boolean, waitMs: number, run: () => void): () => void {
  return atMostEvery(waitMs, run, (call) => api.onLogs((batch) => batch.some(wanted) && call()));
}

/**
 * Calls `run` as a file opening into `sourceId` grows (its `source` events): at once for the first, then at most
 * once per `waitMs()` (so once more after it is ready), never for an event that holds nothing new (sourceGrew);
 * returns the function that stops.
 */
export function whenSourceGrows(sourceId: string, waitMs: () => number, run: () => void): () => void {
  let lastRun = -Infinity;
  let pending: ReturnType<typeof setTimeout> | undefined;
  // A file already read whole when the page began to watch it is not asked about again when its events, sent as it
  // was read, arrive after its upload's answer (a small file's page asked for its traces twice).
  let seen = lastSeenSources.get(sourceId);
  const runNow = () => {
    pending = undefined;
    lastRun = performance.now();
    run();
  };
  const stop = api.onSource((info) => {
    if (info.id !== sourceId || 'closed' in info) return;
    if (!sourceGrew(seen, info)) return;
    seen = info;
    if (pending !== undefined) return;
    const wait = lastRun + waitMs() - performance.now();
    if (wait <= 0) runNow();
    else pending = setTimeout(runNow, wait);
  });
  return () => {
    stop();
    clearTimeout(pending);
  };
}

function atMostEvery(waitMs: number, run: () => void, subscribe: (call: () => void) => () => void): () => void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const stop = subscribe(() => {
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
