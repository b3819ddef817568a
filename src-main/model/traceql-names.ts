/**
 * The names TraceQL knows, as Tempo's grammar has them: the language front end (`src-main/traceql`) reads them and
 * the query editor completes them, from this one list.
 */

/** The intrinsics each `scope:` has (Tempo's scopedIntrinsicField). */
export const SCOPED_INTRINSICS: Record<string, string[]> = {
  trace: ['duration', 'rootName', 'rootService', 'id'],
  span: ['duration', 'name', 'kind', 'status', 'statusMessage', 'id', 'parentID', 'childCount'],
  event: ['name', 'timeSinceStart'],
  link: ['traceID', 'spanID'],
  instrumentation: ['name', 'version'],
};

/** The unscoped spellings Tempo still reads, each with the intrinsic it means. */
export const UNSCOPED_INTRINSIC_NAMES = {
  duration: 'span:duration',
  name: 'span:name',
  status: 'span:status',
  statusMessage: 'span:statusMessage',
  kind: 'span:kind',
  childCount: 'span:childCount',
  parent: 'parent',
  rootName: 'trace:rootName',
  rootServiceName: 'trace:rootService',
  traceDuration: 'trace:duration',
  nestedSetLeft: 'nestedSetLeft',
  nestedSetRight: 'nestedSetRight',
  nestedSetParent: 'nestedSetParent',
} as const;

/** Words that start an attribute when a '.' follows them (`span.x`). */
export const ATTRIBUTE_SCOPE_WORDS = ['span', 'resource', 'event', 'link', 'instrumentation', 'parent'] as const;

/** Metrics functions that take no field (`rate()`), that take one (`avg_over_time(duration)`), and the others. */
export const METRICS_WITHOUT_FIELD = ['rate', 'count_over_time'] as const;
export const METRICS_WITH_FIELD = ['min_over_time', 'max_over_time', 'avg_over_time', 'sum_over_time', 'histogram_over_time'] as const;
export const METRICS_FUNCTIONS = [...METRICS_WITHOUT_FIELD, ...METRICS_WITH_FIELD, 'quantile_over_time', 'compare'] as const;

/** The aggregates of a pipeline (`| count() > 2`, `| avg(duration) > 1s`). */
export const AGGREGATES = ['count', 'avg', 'min', 'max', 'sum'] as const;

/** The values of `status` and `kind`. */
export const STATUS_VALUES = ['error', 'ok', 'unset'] as const;
export const KIND_VALUES = ['server', 'client', 'producer', 'consumer', 'internal', 'unspecified'] as const;
