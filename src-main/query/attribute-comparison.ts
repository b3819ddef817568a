/**
 * What the selected traces share (`GET /api/attributes/compare`): the population's traces are found by the field
 * search or TraceQL (at most POPULATION_LIMIT, the newest), split into the selection and the rest (the baseline),
 * each side read whole or as an even sample of at most SAMPLE_LIMIT traces, and their attribute values
 * (trace-attributes.ts) compared by diff/compare-attributes.ts.
 */
import { compareAttributes } from '../diff/compare-attributes';
import type { ApiAttributeComparison, ApiSharedKey } from '../model/api';
import type { StoreReader, TraceRow } from '../store/store-reader';
import type { FieldExpression, Static } from '../traceql/ast';
import { formatFieldExpression } from '../traceql/format';
import type { AttributeComparisonRequest, Selection } from './attribute-comparison-request';
import { fieldSearchFilter } from './field-search-filter';
import { MAX_NS, MIN_NS } from './ns-range';
import { deadline } from './query-deadline';
import { searchTraceRows } from './search';
import { MIN_DISTINCT, TraceAttributes, type ValueType } from './trace-attributes';
import { checkTraceQL } from './traceql-request';
import { traceqlTraceRows } from './traceql-search';

export const POPULATION_LIMIT = 200_000;
export const SAMPLE_LIMIT = 10_000;
/** Keys answered, the best first. */
const MAX_KEYS = 50;

export function compareTraceAttributes(reader: StoreReader, request: AttributeComparisonRequest, cancelled: () => boolean = () => false): ApiAttributeComparison {
  const checkTime = deadline(undefined, undefined, cancelled);
  const population = populationOf(reader, request, checkTime, cancelled);
  const selection: number[] = [];
  const baseline: number[] = [];
  for (const [traceNo, selected] of population) (selected ? selection : baseline).push(traceNo);

  const [selectionSample, baselineSample] = [evenSample(selection, SAMPLE_LIMIT), evenSample(baseline, SAMPLE_LIMIT)];
  const attributes = new TraceAttributes(reader);
  const selectionItems = attributes.read(selectionSample, checkTime);
  const baselineItems = attributes.read(baselineSample, checkTime);
  attributes.dropSkipped(selectionItems);
  const compared = compareAttributes(selectionItems, baselineItems);
  // Nearly all distinct over all the traces read: more distinct values than half of them.
  const nearlyDistinct = (distinctValues: number) => distinctValues > Math.max(MIN_DISTINCT, (selectionItems.length + baselineItems.length) / 2);
  for (const key of compared.keys) if (nearlyDistinct(key.distinctValues)) attributes.skippedKeys.add(key.key);
  const ranked = compared.keys.filter((key) => !nearlyDistinct(key.distinctValues));

  const keys: ApiSharedKey[] = ranked.slice(0, MAX_KEYS).map((key) => ({
    key: key.key,
    score: key.score,
    distinctValues: key.distinctValues,
    values: key.values.map((v) => ({
      value: v.value,
      selectionShare: v.selectionShare,
      baselineShare: v.baselineShare,
      selectionCount: v.selectionCount,
      baselineCount: v.baselineCount,
      traceql: v.value === null || attributes.cutValues.has(v.value) ? null : traceqlCondition(key.key, v.value, attributes.valueTypes.get(key.key) ?? 'other'),
    })),
  }));
  return {
    populationTraces: population.length,
    populationLimit: POPULATION_LIMIT,
    selectionTraces: selection.length,
    baselineTraces: baseline.length,
    sampledSelection: selectionSample.length,
    sampledBaseline: baselineSample.length,
    sampleLimit: SAMPLE_LIMIT,
    skippedKeys: [...attributes.skippedKeys].sort(),
    keysCompared: ranked.length,
    keys,
  };
}

/** The population's traces, the newest POPULATION_LIMIT, each as [trace_no, whether it is selected]. */
function populationOf(reader: StoreReader, request: AttributeComparisonRequest, checkTime: () => void, cancelled: () => boolean): [number, boolean | 0 | 1][] {
  const { population: from, selection } = request;
  const window = from.kind === 'search' ? from.query : from;
  const matched = selection.kind === 'traceql' ? queryMatches(reader, selection.q, window, cancelled) : undefined;
  // The commonest questions, a box or a query over a time range or a service, take the population from the
  // traces table, or the operation index, alone.
  const box = selection.kind === 'box' ? selection : undefined;
  const boxBounds = { start: box?.startNs ?? MIN_NS, end: box?.endNs ?? MAX_NS, minDuration: box?.minDurationNs ?? 0n, maxDuration: box?.maxDurationNs ?? MAX_NS };
  const flagged = (rows: [number, 0 | 1][]): [number, boolean | 0 | 1][] => (matched ? rows.map(([traceNo]) => [traceNo, matched.has(traceNo)]) : rows);
  if (from.kind === 'search' && from.query.call === undefined && from.query.attributes.length === 0) {
    const { query } = from;
    const range = { start: query.startNs ?? MIN_NS, end: query.endNs ?? MAX_NS };
    if (fieldSearchFilter(query) === null) return flagged(reader.tracesInWindowInBox(range, boxBounds, POPULATION_LIMIT));
    const byOperation = query.service !== undefined || query.operation !== undefined || query.spanKind !== undefined;
    const opIds = byOperation ? reader.operationIds(query.service, query.operation, query.spanKind) : reader.operationIds(undefined, undefined);
    const spans = { opIds, ...range, minDuration: query.minDurationNs ?? 0n, maxDuration: query.maxDurationNs ?? MAX_NS, errorsOnly: query.errorsOnly };
    return flagged(reader.traceSpansInBox(spans, boxBounds, POPULATION_LIMIT));
  }
  const rows =
    from.kind === 'search'
      ? searchTraceRows(reader, { ...from.query, limit: POPULATION_LIMIT }, checkTime)
      : traceqlTraceRows(reader, checkTraceQL(from.q), { startNs: from.startNs, endNs: from.endNs, limit: POPULATION_LIMIT, cancelled });
  return rows.map((row) => [row.traceNo, matched ? matched.has(row.traceNo) : inBox(row, box!)]);
}

/** The numbers of the traces the query matches in the window (the newest POPULATION_LIMIT). */
function queryMatches(reader: StoreReader, q: string, window: { startNs?: bigint; endNs?: bigint }, cancelled: () => boolean): Set<number> {
  const matched = traceqlTraceRows(reader, checkTraceQL(q), { startNs: window.startNs, endNs: window.endNs, limit: POPULATION_LIMIT, cancelled });
  return new Set(matched.map((row) => row.traceNo));
}

function inBox(row: TraceRow, box: Extract<Selection, { kind: 'box' }>): boolean {
  const duration = row.endNs - row.startNs;
  return (
    (box.startNs === undefined || row.startNs >= box.startNs) &&
    (box.endNs === undefined || row.startNs <= box.endNs) &&
    (box.minDurationNs === undefined || duration >= box.minDurationNs) &&
    (box.maxDurationNs === undefined || duration <= box.maxDurationNs)
  );
}

/** At most `limit` of `rows`, evenly spaced (the same rows every time): all of them when they are fewer. */
export function evenSample<T>(rows: readonly T[], limit: number): T[] {
  if (rows.length <= limit) return [...rows];
  return Array.from({ length: limit }, (_, i) => rows[Math.floor((i * rows.length) / limit)]);
}

const AT = { from: 0, to: 0 };

/** The TraceQL condition that finds a value of a key: `resource.region = "eu-west"`, `status = error`, `span.http.status_code = 500`. */
export function traceqlCondition(key: string, value: string, type: ValueType): string | null {
  const literal = staticOf(value, type);
  if (literal === null) return null;
  let field: FieldExpression;
  if (key === 'name') field = { type: 'intrinsic', name: 'span:name', spelling: 'name', ...AT };
  else if (key === 'status') field = { type: 'intrinsic', name: 'span:status', spelling: 'status', ...AT };
  else {
    const dot = key.indexOf('.');
    const scope = key.slice(0, dot);
    if (scope !== 'span' && scope !== 'resource') return null;
    field = { type: 'attribute', scope, parent: false, name: key.slice(dot + 1), ...AT };
  }
  return formatFieldExpression({ type: 'binary', op: '=', lhs: field, rhs: literal, ...AT });
}

function staticOf(value: string, type: ValueType): Static | null {
  switch (type) {
    case 'string':
      return { type: 'static', valueType: 'string', value, ...AT };
    case 'int':
      return /^-?\d+$/.test(value) ? { type: 'static', valueType: 'int', value: BigInt(value), ...AT } : null;
    case 'float': {
      const n = Number(value);
      return Number.isFinite(n) ? { type: 'static', valueType: 'float', value: n, ...AT } : null;
    }
    case 'bool':
      return value === 'true' || value === 'false' ? { type: 'static', valueType: 'bool', value: value === 'true', ...AT } : null;
    case 'status':
      return value === 'error' || value === 'ok' || value === 'unset' ? { type: 'static', valueType: 'status', value, ...AT } : null;
    default:
      return null;
  }
}
