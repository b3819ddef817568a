/**
 * What the selected traces share (`GET /api/attributes/compare`), as the search and TraceQL pages ask for it and
 * use its answer: the question from the page's search and the brushed box (or its TraceQL query), and a value
 * picked from the answer added to the search (an attribute filter) or to the query (a condition in its braces).
 */
import type { Box } from './scatter-scale';

/** The field search's traces (its limit aside) against the box: start times in whole ms, durations in whole ns, rounded outwards. */
export function boxComparisonQuery(searchQuery: URLSearchParams, box: Box): URLSearchParams {
  const query = new URLSearchParams(searchQuery);
  query.delete('limit');
  query.set('selStart', String(Math.floor(box.fromMs)));
  query.set('selEnd', String(Math.ceil(box.toMs)));
  query.set('selMinDuration', `${Math.max(0, Math.floor(box.minNs))}ns`);
  query.set('selMaxDuration', `${Math.ceil(box.maxNs)}ns`);
  return query;
}

/** A TraceQL query's traces against the rest of its time range: `selection=` the query, the same start and end. */
export function queryComparisonQuery(traceqlQuery: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams();
  query.set('selection', traceqlQuery.get('q') ?? '');
  for (const name of ['start', 'end', 'source']) {
    const value = traceqlQuery.get(name);
    if (value !== null) query.set(name, value);
  }
  return query;
}

/**
 * The search page's parameters with a value added as a filter: `attr=KEY=VALUE` for a span or resource
 * attribute, the service for `resource.service.name`, the operation for a name, errors only for `status = error`. Undefined for what the search form
 * cannot hold: no value (null), other statuses, values with spaces (its attributes field splits on them).
 */
export function searchWithValue(pageParams: URLSearchParams, key: string, value: string | null): URLSearchParams | undefined {
  if (value === null) return undefined;
  const params = new URLSearchParams(pageParams);
  if (key === 'name') params.set('operation', value);
  else if (key === 'resource.service.name') params.set('service', value);
  else if (key === 'status') {
    if (value !== 'error') return undefined;
    params.set('status', 'error');
  } else {
    const name = /^(?:span|resource)\.(.+)$/.exec(key)?.[1];
    if (name === undefined || /\s/.test(name) || /\s/.test(value) || value === '') return undefined;
    const attr = `${name}=${value}`;
    if (params.getAll('attr').includes(attr)) return undefined;
    params.append('attr', attr);
  }
  return params;
}

/**
 * The query with `condition` joined by `&&` inside the braces of its first spanset filter: `{ }` becomes
 * `{ condition }`, `{ a || b }` becomes `{ (a || b) && condition }`. Braces and bars inside strings are text.
 * A query without a spanset filter gets one: `{ condition }`.
 */
export function withCondition(query: string, condition: string): string {
  const braces = firstFilter(query);
  if (braces === undefined) return `{ ${condition} }`;
  const [open, close] = braces;
  const inside = query.slice(open + 1, close).trim();
  const joined = inside === '' ? condition : `${hasOr(inside) ? `(${inside})` : inside} && ${condition}`;
  return `${query.slice(0, open)}{ ${joined} }${query.slice(close + 1)}`;
}

/** Offsets of the first `{` outside strings and its matching `}`. */
function firstFilter(query: string): [number, number] | undefined {
  let open = -1;
  let depth = 0;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (ch === '"' || ch === '`') {
      i = stringEnd(query, i);
      continue;
    }
    if (ch === '{') {
      if (depth === 0 && open < 0) open = i;
      depth++;
    } else if (ch === '}' && depth > 0) {
      depth--;
      if (depth === 0 && open >= 0) return [open, i];
    }
  }
  return undefined;
}

/** The offset of the quote that ends the string opened at `start` (a backslash escapes in "…", not in `…`). */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

function hasOr(expression: string): boolean {
  for (let i = 0; i < expression.length; i++) {
    if (expression[i] === '"' || expression[i] === '`') i = stringEnd(expression, i);
    else if (expression.startsWith('||', i)) return true;
  }
  return false;
}

/** A share as the panel writes it: `80%`, `0.4%` under 1%, `0%` for none. */
export function percent(share: number): string {
  if (share === 0) return '0%';
  const value = share * 100;
  return value < 1 ? `${Number(value.toFixed(1)) || 0.1}%` : `${Math.round(value)}%`;
}
