/**
 * What the selected traces share (`GET /api/attributes/compare`): the population's traces are found by the field
 * search or TraceQL (at most POPULATION_LIMIT, the newest), split into the selection and the rest (the baseline),
 * each side read whole or as an even sample of at most SAMPLE_LIMIT traces, and their attribute values
 * (trace-attributes.ts) compared by diff/compare-attributes.ts.
 */
import { compareAttributes, type AttributeItem } from '../diff/compare-attributes';
import type { ApiAttributeComparison, ApiSharedKey } from '../model/api';
import type { StoreReader, TraceRow } from '../store/store-reader';
import type { FieldExpression, Static } from '../traceql/ast';
import { formatFieldExpression } from '../traceql/format';
import type { AttributeComparisonRequest, Selection } from './attribute-comparison-request';
import { deadline } from './query-deadline';
import { searchTraceRows } from './search';
import { TraceAttributes, type ValueType } from './trace-attributes';
import { checkTraceQL } from './traceql-request';
import { traceqlTraceRows } from './traceql-search';

export const POPULATION_LIMIT = 200_000;
export const SAMPLE_LIMIT = 10_000;
/** Keys answered, the best first. */
const MAX_KEYS = 50;

export function compareTraceAttributes(reader: StoreReader, request: AttributeComparisonRequest, cancelled: () => boolean = () => false): ApiAttributeComparison {
  const checkTime = deadline(undefined, undefined, cancelled);
  const { population: from } = request;
  const population =
    from.kind === 'search'
      ? searchTraceRows(reader, { ...from.query, limit: POPULATION_LIMIT }, checkTime)
      : traceqlTraceRows(reader, checkTraceQL(from.q), { startNs: from.startNs, endNs: from.endNs, limit: POPULATION_LIMIT, cancelled });
  const window = from.kind === 'search' ? from.query : from;
  const selected = selectionTest(reader, request.selection, window, cancelled);
  const selection: TraceRow[] = [];
  const baseline: TraceRow[] = [];
  for (const row of population) (selected(row) ? selection : baseline).push(row);

  const [selectionSample, baselineSample] = [evenSample(selection, SAMPLE_LIMIT), evenSample(baseline, SAMPLE_LIMIT)];
  // A key with more distinct values than half the traces read is nearly all distinct.
  const attributes = new TraceAttributes(reader, Math.max(20, (selectionSample.length + baselineSample.length) / 2));
  const read = (rows: TraceRow[]): AttributeItem[] =>
    rows.map((row) => {
      checkTime();
      return attributes.read(row.traceNo);
    });
  const selectionItems = read(selectionSample);
  const baselineItems = read(baselineSample);
  attributes.dropSkipped([...selectionItems, ...baselineItems] as Map<string, unknown>[]);
  const compared = compareAttributes(selectionItems, baselineItems);

  const keys: ApiSharedKey[] = compared.keys.slice(0, MAX_KEYS).map((key) => ({
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
    keysCompared: compared.keys.length,
    keys,
  };
}

/** Whether a trace of the population is selected: inside the box, or matched by the selection's query. */
function selectionTest(reader: StoreReader, selection: Selection, window: { startNs?: bigint; endNs?: bigint }, cancelled: () => boolean): (row: TraceRow) => boolean {
  if (selection.kind === 'traceql') {
    const matched = traceqlTraceRows(reader, checkTraceQL(selection.q), { startNs: window.startNs, endNs: window.endNs, limit: POPULATION_LIMIT, cancelled });
    const numbers = new Set(matched.map((row) => row.traceNo));
    return (row) => numbers.has(row.traceNo);
  }
  const { startNs, endNs, minDurationNs, maxDurationNs } = selection;
  return (row) => {
    const duration = row.endNs - row.startNs;
    return (
      (startNs === undefined || row.startNs >= startNs) &&
      (endNs === undefined || row.startNs <= endNs) &&
      (minDurationNs === undefined || duration >= minDurationNs) &&
      (maxDurationNs === undefined || duration <= maxDurationNs)
    );
  };
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
