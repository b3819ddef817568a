/**
 * The parameters of `GET /api/attributes/compare`, read and checked: the population (the field search's
 * parameters, its limit aside, or a TraceQL query `q`) and the selection within it (a box of trace start times and
 * durations, `selStart` `selEnd` `selMinDuration` `selMaxDuration`, or a TraceQL query `selection`).
 */
import { parseDuration } from './parse-duration';
import { parseTime } from './parse-time';
import { QueryError } from './query-error';
import { parseSearchQuery, type SearchQuery } from './search-query';
import { checkTraceQL } from './traceql-request';

export type Population = { kind: 'search'; query: SearchQuery } | { kind: 'traceql'; q: string; startNs?: bigint; endNs?: bigint };

/** A box: trace start and trace duration, each bound inclusive and optional. */
export type Selection =
  | { kind: 'box'; startNs?: bigint; endNs?: bigint; minDurationNs?: bigint; maxDurationNs?: bigint }
  | { kind: 'traceql'; q: string };

export interface AttributeComparisonRequest {
  population: Population;
  selection: Selection;
}

/** The field search's parameters that a TraceQL population (`q`) leaves no room for. */
const SEARCH_FIELDS = ['service', 'operation', 'spanKind', 'attr', 'minDuration', 'maxDuration', 'status', 'call'];
const BOX_FIELDS = ['selStart', 'selEnd', 'selMinDuration', 'selMaxDuration'];

export function parseAttributeComparisonRequest(params: URLSearchParams): AttributeComparisonRequest {
  const text = (name: string) => {
    const value = params.get(name);
    return value === null || value === '' ? undefined : value;
  };
  const q = text('q');
  let population: Population;
  if (q !== undefined) {
    const field = SEARCH_FIELDS.find((name) => text(name) !== undefined);
    if (field !== undefined) throw new QueryError(`${field} cannot be used with q: write the condition into the TraceQL query, or leave q out`);
    const query = checkTraceQL(q);
    if (query.metrics) throw new QueryError('q is a metrics query; give a search query (a spanset filter) for the population');
    const [start, end] = [text('start'), text('end')];
    population = { kind: 'traceql', q, startNs: start === undefined ? undefined : parseTime(start, 'start'), endNs: end === undefined ? undefined : parseTime(end, 'end') };
  } else {
    const searchParams = new URLSearchParams(params);
    searchParams.delete('limit'); // the population is every trace the search covers
    population = { kind: 'search', query: parseSearchQuery(searchParams) };
  }

  const selectionQuery = text('selection');
  const boxField = BOX_FIELDS.find((name) => text(name) !== undefined);
  if (selectionQuery !== undefined && boxField !== undefined) throw new QueryError(`${boxField} cannot be used with selection: select by a TraceQL query or by a box, not both`);
  if (selectionQuery !== undefined) {
    const query = checkTraceQL(selectionQuery);
    if (query.metrics) throw new QueryError('selection is a metrics query; give a search query (a spanset filter) for the selected traces');
    return { population, selection: { kind: 'traceql', q: selectionQuery } };
  }
  if (boxField === undefined) {
    throw new QueryError('name the selection: selMinDuration, selMaxDuration, selStart, selEnd (a box of trace durations and start times), or selection=TRACEQL');
  }
  const time = (name: string) => {
    const value = text(name);
    return value === undefined ? undefined : parseTime(value, name);
  };
  const duration = (name: string) => {
    const value = text(name);
    return value === undefined ? undefined : parseDuration(value, name);
  };
  const box = { kind: 'box' as const, startNs: time('selStart'), endNs: time('selEnd'), minDurationNs: duration('selMinDuration'), maxDurationNs: duration('selMaxDuration') };
  if (box.startNs !== undefined && box.endNs !== undefined && box.startNs > box.endNs) throw new QueryError('selStart must not be after selEnd');
  if (box.minDurationNs !== undefined && box.maxDurationNs !== undefined && box.minDurationNs > box.maxDurationNs) {
    throw new QueryError('selMinDuration must not be more than selMaxDuration');
  }
  return { population, selection: box };
}
