/** The JSON documents of the HTTP API (../shared/API.md). Times are decimal strings of nanoseconds. */
import type { RunOrigin } from './run-origins';
import type { SpanKind, StatusCode } from './span';

/** An attribute value in JSON: int64 as a decimal string, bytes as base64, a key-value list as an object. */
export type ApiValue = string | boolean | number | null | ApiValue[] | { [key: string]: ApiValue };
export type ApiAttributes = { [key: string]: ApiValue };

export interface ApiSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  kind: SpanKind;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: { code: StatusCode; message: string };
  service: string;
  attributes: ApiAttributes;
  droppedAttributesCount: number;
  resource: { attributes: ApiAttributes; droppedAttributesCount: number; schemaUrl: string };
  scope: { name: string; version: string; attributes: ApiAttributes; droppedAttributesCount: number; schemaUrl: string };
  events: { name: string; timeUnixNano: string; attributes: ApiAttributes; droppedAttributesCount: number }[];
  droppedEventsCount: number;
  links: { traceId: string; spanId: string; traceState: string; flags: number; attributes: ApiAttributes; droppedAttributesCount: number }[];
  droppedLinksCount: number;
}

export interface ApiTrace {
  traceId: string;
  spans: ApiSpan[];
}

/**
 * `GET /api/traces/ID/waterfall`: what a waterfall draws, compactly (a tenth of the full document). Each span is
 * [spanId, parentSpanId, operation id, status (0 unset, 1 ok, 2 error), start offset ns, duration ns], in no
 * particular order; offsets count from `startTimeUnixNano`, the earliest span start.
 */
export interface ApiWaterfall {
  traceId: string;
  startTimeUnixNano: string;
  /** When its last span arrived (epoch ms). */
  lastReceivedMs: number;
  /** As in TraceSummary: above 0, the trace is truncated. */
  refusedSpanCount: number;
  services: string[];
  names: string[];
  /**
   * Operation id → [service index, name index, kind], and a fourth entry, the category, when a span of the
   * operation in this trace calls a database or a message broker (its db.* or messaging.* attributes).
   */
  operations: { [opId: string]: [number, number, SpanKind] | [number, number, SpanKind, SpanCategory] };
  spans: [string, string, number, number, number, number][];
  /** Span id → offsets of its events' times, for the spans that have events. */
  events: { [spanId: string]: number[] };
}

/** What a span calls, for its icon in the waterfall (the server tells db and messaging; the page guesses the rest). */
export type SpanCategory = 'db' | 'messaging' | 'http' | 'rpc';

/** A waterfall row's span: times are nanoseconds after the trace's earliest start (exact up to 104 days). */
export interface WaterfallSpan {
  spanId: string;
  parentSpanId: string;
  service: string;
  name: string;
  kind: SpanKind;
  status: StatusCode;
  start: number;
  end: number;
  events: number[];
  /** From the server (db, messaging), when it knows. */
  category?: SpanCategory;
}

export interface ServiceSpanCount {
  name: string;
  spanCount: number;
}

export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootName: string;
  startTimeUnixNano: string;
  durationNano: string;
  spanCount: number;
  errorCount: number;
  services: ServiceSpanCount[];
  /** When its last span arrived (epoch ms): a trace that received spans in the last seconds may still be growing. */
  lastReceivedMs: number;
  /** Spans refused because the trace had reached the per-trace limit (`--max-spans-per-trace`): above 0, it is truncated. */
  refusedSpanCount: number;
  /** The root span's HTTP method, route (or else path) and response status, when it has them (new or old semantic-convention names). */
  httpMethod?: string;
  httpRoute?: string;
  httpStatusCode?: string;
}

export interface Operation {
  name: string;
  kind: SpanKind;
}

/** `GET /api/service-map`: a service, or something services call that sends no spans (typed by the call's attributes). */
export interface MapNode {
  /** `service:NAME`, `database:NAME`, `messaging:NAME` or `external:NAME`. */
  id: string;
  name: string;
  type: 'service' | 'database' | 'messaging' | 'external';
  /** A service's spans; for the others, the calls they received. */
  spanCount: number;
  errorCount: number;
}

/** Calls from one node to another: counts, and latency percentiles as decimal strings of nanoseconds. */
export interface MapEdge {
  source: string;
  target: string;
  callCount: number;
  errorCount: number;
  p50Nano: string;
  p95Nano: string;
}

export interface ServiceMap {
  nodes: MapNode[];
  edges: MapEdge[];
}

/** One row of a trace comparison (`GET /api/diff`): a matched pair of spans, or a span only one side has. */
export interface DiffRow {
  status: 'same' | 'changed' | 'added' | 'removed';
  a: string | null;
  b: string | null;
  service: string;
  name: string;
  depth: number;
  /** B minus A, decimal strings of nanoseconds (an added span counts its whole time, a removed one minus it). */
  durationDeltaNano: string;
  selfTimeDeltaNano: string;
  attributeChanges: { key: string; a: string | null; b: string | null }[];
}

/** What changed from trace A to trace B. Rows are in tree order. */
export interface Diff {
  a: string;
  b: string;
  durationDeltaNano: string;
  matched: number;
  added: number;
  removed: number;
  changed: number;
  rows: DiffRow[];
  /** Self time gained or lost per service and operation (normalized name), largest first. */
  topContributors: { service: string; name: string; selfTimeDeltaNano: string; aCount: number; bCount: number }[];
}

/** Durations of one aligned span across a group of traces (decimal strings of nanoseconds). */
export interface GroupFigures {
  /** How many of the group's traces have it (repeated siblings count each). */
  count: number;
  p50Nano: string;
  p95Nano: string;
  selfP50Nano: string;
}

/** A row of a group comparison (`GET /api/diff/groups`): one aligned span with its figures in each group. */
export interface GroupDiffRow {
  status: 'same' | 'changed' | 'added' | 'removed';
  service: string;
  name: string;
  depth: number;
  a: GroupFigures | null;
  b: GroupFigures | null;
  p50DeltaNano: string;
}

export interface GroupDiff {
  a: string[];
  b: string[];
  rows: GroupDiffRow[];
  topContributors: { service: string; name: string; selfP50DeltaNano: string }[];
}

/** A store the UI can look at: the live one, or an opened archive file (`GET /api/sources`). */
export interface SourceInfo {
  id: string;
  name: string;
  kind: 'live' | 'file' | 'remote';
  /** How the file was read, e.g. "zipkin-json (gzip)"; '' for live. */
  format: string;
  spans: number;
  traces: number;
  /** Log records the file held. */
  logs: number;
  state: 'loading' | 'ready';
  /** The `upload` token the client that sent the file chose: it knows its source from the first `source` event on. */
  upload?: string;
  /** A remote source's backend and health; `spans`/`traces` count what was fetched into its cache so far. */
  remote?: RemoteSourceInfo;
}

export type RemoteKind = 'tempo' | 'jaeger' | 'zipkin';

export interface RemoteSourceInfo {
  backend: RemoteKind;
  url: string;
  /** The names of the headers sent with each request; their values (credentials) are never shown. */
  headerNames: string[];
  /** How its last request went: `ok`, or a sentence (unreachable, credentials refused, timed out, not that backend). */
  health: { ok: boolean; message: string };
}

export interface ApiError {
  error: string;
}

/** `GET /api/status`'s `forward` (with --forward): counts of spans and log records since this start, `queued` what the queue on disk holds. */
export interface ForwardStatus {
  url: string;
  forwarded: number;
  queued: number;
  dropped: number;
  /** Dropped spans and log records by reason: "queue full", "refused by upstream: HTTP 400", … */
  droppedBy: Record<string, number>;
  /** The last failure's sentence, kept after the upstream recovers. */
  lastError: string | null;
  queuedBytes: number;
  maxQueueBytes: number;
}

/**
 * `GET /api/config`: how this core was started and where it listens (the ports actually bound, so `0` flags show
 * the port picked), for the settings page and "send your first trace".
 */
export interface ApiConfig {
  version: string;
  /** The address given to --host. */
  host: string;
  endpoints: {
    /** Base URL: SDKs given it in OTEL_EXPORTER_OTLP_ENDPOINT append /v1/traces. */
    otlpHttp: { port: number; url: string; tracesUrl: string };
    otlpGrpc: { port: number; address: string; url: string };
    zipkin: { port: number; url: string };
    ui: { port: number; url: string };
  };
  database: {
    /** ":memory:" keeps nothing. */
    path: string;
    /** The file and its write-ahead log on disk; null for ":memory:". */
    sizeBytes: number | null;
    /** 0: no limit (--max-db-size). */
    maxBytes: number;
    /** 0: kept until the size limit (--retention). */
    retentionMs: number;
  };
  limits: {
    maxSpansPerTrace: number;
    maxAttributes: number;
    maxAttributeLengthBytes: number;
    maxValueEntries: number;
    maxBodyBytes: number;
    maxInflightBytes: number;
    maxOpenSources: number;
    maxEventClients: number;
    bodyTimeoutMs: number;
  };
}

/** A value as OTLP/JSON's KeyValue writes it, the form Tempo's answers use for attributes and series labels. */
export interface KeyValue {
  key: string;
  /** `{}` is nil (compare()'s totals and errors name an attribute without a value). */
  value: { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean } | Record<string, never>;
}

/** A matched span of `GET /api/search` (Tempo's SearchResponse): its `service.name` and the fields select() named. */
export interface SearchSpan {
  spanID: string;
  name: string;
  startTimeUnixNano: string;
  durationNanos: string;
  attributes: KeyValue[];
}

/** The spans of a trace that matched; `matched` counts them all, `spans` lists the first `spss`. */
export interface SearchSpanset {
  spans: SearchSpan[];
  matched: number;
  /** Its by(…) values and, after a scalar filter, `scalar`. */
  attributes?: KeyValue[];
}

export interface SearchTrace {
  traceID: string;
  rootServiceName: string;
  rootTraceName: string;
  startTimeUnixNano: string;
  durationMs: number;
  spanSets: SearchSpanset[];
  /** Tempo's older single-spanset field: the first of `spanSets`. */
  spanSet: SearchSpanset;
}

/** `GET /api/search?q=TRACEQL`, as Grafana Tempo answers it. */
export interface SearchResponse {
  traces: SearchTrace[];
  metrics: { inspectedTraces: number; inspectedSpans: number };
}

/** One series of `GET /api/metrics/query_range`: samples at step starts (epoch ms), exemplars at their span's start. */
export interface MetricsSeries {
  labels: KeyValue[];
  samples: { timestampMs: number; value: number }[];
  exemplars: { traceId: string; spanId: string; timestampMs: number; value: number }[];
}

/** `GET /api/metrics/query_range`: one series per `by()` value (and per quantile, labelled `p`); durations in seconds. */
export interface MetricsAnswer {
  series: MetricsSeries[];
}

/** A TraceQL query the core refused (400): the sentence and, for a query that does not parse or check, where. */
export interface TraceQLApiError extends ApiError {
  line?: number;
  column?: number;
}

/** `GET /api/v2/search/tag/TAG/values`, Tempo's v2 shape: the values a field takes, each with its TraceQL type. */
export interface TagValuesResponse {
  tagValues: { type: 'string' | 'int' | 'float' | 'bool' | 'keyword'; value: string }[];
}

/** `GET /tempo/api/v2/search/tags`, Tempo's v2 shape: attribute keys per scope, and the intrinsics under `intrinsic`. */
export interface TagScopesResponse {
  scopes: { name: TagScope; tags: string[] }[];
}

export type TagScope = 'resource' | 'span' | 'event' | 'link' | 'instrumentation' | 'intrinsic';

/**
 * A log record as `GET /api/logs`, `GET /api/traces/ID/logs` and the `log` events give it. Times are decimal
 * strings of nanoseconds; `timeUnixNano` is the observed time when the record has no time of its own.
 */
export interface ApiLogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  /** 0 (unspecified) to 24: 1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL. */
  severityNumber: number;
  severityText: string;
  /** The body as JSON: a string, number, bool, object, array (int64 as a decimal string, bytes as base64), or null. */
  body: ApiValue;
  attributes: ApiAttributes;
  /** Lowercase hex; '' when the record carries no trace context. */
  traceId: string;
  spanId: string;
  eventName: string;
  flags: number;
  droppedAttributesCount: number;
  service: string;
  resource: { attributes: ApiAttributes };
  scope: { name: string; version: string; attributes: ApiAttributes };
}

/**
 * A run (`GET /api/runs`): a labelled slice of the data, automatic (one per value of a resource attribute that marks
 * a build, across every service that carries it) or started by hand (`POST /api/runs`).
 */
export interface ApiRun {
  id: number;
  label: string;
  origin: RunOrigin;
  /** The earliest start and latest end among its spans; "0" while it has none. */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  traceCount: number;
  /** The names of the services seen in it, sorted. */
  services: string[];
  spanCount: number;
  errorCount: number;
  /** errorCount ÷ spanCount, 0 while it has no spans. */
  errorRate: number;
  /** When it was started by hand, or first seen (epoch ms). */
  createdMs: number;
  /** The run started by hand that takes what arrives now (the last one started). */
  current: boolean;
}

/** One operation's calls in one run; a run without calls of it has count 0 and zeros. */
export interface ApiRunStats {
  count: number;
  errorCount: number;
  errorRate: number;
  meanNano: string;
  p50Nano: string;
  p95Nano: string;
  p99Nano: string;
}

export type ApiRunVerdict = 'regression' | 'improvement' | 'unchanged' | 'not enough data';

/** How one quantile moved from A to B, and how sure that is (diff/quantile-test.ts). */
export interface ApiQuantileChange {
  /** B minus A. */
  deltaNano: string;
  /** B ÷ A; null when A's is 0. */
  ratio: number | null;
  /** The ratio's 95% interval, the test's p-value and its Holm-adjusted p; null when too few calls to test. */
  low: number | null;
  high: number | null;
  pValue: number | null;
  adjustedP: number | null;
  verdict: 'slower' | 'faster' | 'unchanged' | 'not enough data';
}

/** A row of `GET /api/runs/compare`: one operation (roots apart) in both runs. */
export interface ApiRunOperation {
  service: string;
  name: string;
  kind: SpanKind;
  /** Root spans of the operation (an endpoint), kept apart from its calls inside traces. */
  root: boolean;
  a: ApiRunStats;
  b: ApiRunStats;
  verdict: ApiRunVerdict;
  /** An operation only one run has gets 'not enough data'. */
  presence: 'both' | 'only in A' | 'only in B';
  /** B's quantile ÷ A's; null when either run has no calls. */
  p50Ratio: number | null;
  p95Ratio: number | null;
  p99Ratio: number | null;
  /** For a regression or an improvement: 1 − the smallest Holm-adjusted p of the tests that decided it; else null. */
  confidence: number | null;
  /** Time B spent beyond A's pace: (B's mean − A's mean) × B's calls; all of B's time for an operation only B has, minus all of A's for one only A has. */
  impactNano: string;
  quantiles: { p50: ApiQuantileChange; p95: ApiQuantileChange; p99: ApiQuantileChange } | null;
  /** The error rate's change (B − A, 0.01 is a percentage point) and its two-proportion test. */
  errors: { delta: number; pValue: number | null; adjustedP: number | null; verdict: 'more errors' | 'fewer errors' | 'unchanged' | 'not enough data' } | null;
  /** Mann–Whitney's rank test beside: the chance a call of B is slower than one of A. */
  rankTest: { probabilityBSlower: number; z: number; pValue: number } | null;
}

/** `GET /api/runs/compare?a=&b=`: run against run. */
export interface ApiRunComparison {
  a: number;
  b: number;
  runA: ApiRun;
  runB: ApiRun;
  /** Regressions by impact, improvements by time saved, operations only in B, only in A, then the rest by calls. */
  operations: ApiRunOperation[];
  /** The operations whose verdict is 'regression', the costliest first. */
  regressions: ApiRunOperation[];
  /** What the verdicts were held to (diff/compare-runs.ts). */
  settings: { minCalls: number; alpha: number; minRatioChange: number; minChangeNano: string; minErrorRateChange: number };
}

/** What a trace's spans are compared with for "slower than usual": the hour before the trace, or the run before its run. */
export type BaselineAgainst = 'last-hour' | 'previous-run';

/**
 * `GET /api/traces/ID/baseline`: each span beside its operation's calls over the baseline (query/span-baseline.ts).
 * Operations with fewer than `minCalls` calls there are left out, and their spans get no mark.
 */
export interface ApiBaseline {
  traceId: string;
  against: BaselineAgainst;
  /** The baseline's time span, [start, end). */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  /** The run compared with (`previous-run`). */
  run?: ApiRun;
  minCalls: number;
  operations: { service: string; name: string; kind: string; calls: number; p50Nano: string; p95Nano: string; p99Nano: string }[];
  /** `operation` indexes `operations`; `percentile`: the share of its calls faster than the span (0–100, one decimal); `medianRatio`: its duration ÷ their median. */
  spans: { spanId: string; operation: number; percentile: number; medianRatio: number }[];
}

/** A value of a key in `GET /api/attributes/compare`: how often the selection and the baseline hold it. */
export interface ApiSharedValue {
  /** null: the traces without the key. */
  value: string | null;
  /** Shares of the traces read on each side (0 to 1); a trace whose spans disagree counts for each of its values. */
  selectionShare: number;
  baselineShare: number;
  selectionCount: number;
  baselineCount: number;
  /** The TraceQL condition that finds it (`resource.region = "eu-west"`); null when none can (no key, a cut value, arrays). */
  traceql: string | null;
}

export interface ApiSharedKey {
  /** As TraceQL names it: `span.http.route`, `resource.cloud.region`, or the intrinsics `name` and `status`. */
  key: string;
  /** How far apart the shares of its best value are (0 to 1): keys rank by it. */
  score: number;
  distinctValues: number;
  /** The values the selection holds more often first, at most five. */
  values: ApiSharedValue[];
}

/** `GET /api/attributes/compare`: what the selected traces share, against the rest of the population. */
export interface ApiAttributeComparison {
  /** Traces the population held (at most `populationLimit`, the newest), the selection among them, the rest. */
  populationTraces: number;
  populationLimit: number;
  selectionTraces: number;
  baselineTraces: number;
  /** Traces read on each side: all of them, or an even sample of at most `sampleLimit`. */
  sampledSelection: number;
  sampledBaseline: number;
  sampleLimit: number;
  /** Keys left out because nearly every trace had a value of its own (ids, timestamps). */
  skippedKeys: string[];
  /** Keys compared in all; `keys` holds the first `keys.length` by score. */
  keysCompared: number;
  keys: ApiSharedKey[];
}
