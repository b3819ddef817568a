/** The search form's fields ↔ the URL's search parameters (the API's names), so a search is a link. */
import type { SpanKind } from '../../src-main/model/span';

export interface SearchForm {
  service: string;
  operation: string;
  /** The operation's span kind ('' for any): the SERVER `GET` is not the CLIENT `GET`. */
  spanKind: SpanKind | '';
  /** `key=value` pairs separated by spaces. */
  attributes: string;
  minDuration: string;
  maxDuration: string;
  lookback: Lookback;
  /** With lookback 'custom': `datetime-local` values (local time). */
  from: string;
  to: string;
  errorsOnly: boolean;
  limit: string;
  /** A service-map call (`SOURCE>TARGET` node ids) the traces must hold: set by clicking a call on the map. */
  call: string;
}

export const LOOKBACKS = { '5m': 5 * 60_000, '15m': 15 * 60_000, '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, all: 0, custom: 0 } as const;
export type Lookback = keyof typeof LOOKBACKS;

export const DEFAULT_LIMIT = '20';

export function formFromParams(params: URLSearchParams): SearchForm {
  const custom = params.has('start') || params.has('end');
  const lookback = custom ? 'custom' : (params.get('lookback') ?? 'all');
  return {
    service: params.get('service') ?? '',
    operation: params.get('operation') ?? '',
    spanKind: (params.get('spanKind')?.toUpperCase() ?? '') as SpanKind | '',
    attributes: params.getAll('attr').join(' '),
    minDuration: params.get('minDuration') ?? '',
    maxDuration: params.get('maxDuration') ?? '',
    lookback: lookback in LOOKBACKS ? (lookback as Lookback) : 'all',
    from: localInput(params.get('start')),
    to: localInput(params.get('end')),
    errorsOnly: params.get('status') === 'error',
    limit: params.get('limit') ?? DEFAULT_LIMIT,
    call: params.get('call') ?? '',
  };
}

/** The parameters to put in the page's address (the lookback stays relative). */
export function paramsFromForm(form: SearchForm): URLSearchParams {
  const params = new URLSearchParams();
  if (form.service) params.set('service', form.service);
  if (form.operation) params.set('operation', form.operation);
  if (form.spanKind) params.set('spanKind', form.spanKind);
  for (const pair of form.attributes.split(/\s+/).filter(Boolean)) params.append('attr', pair);
  if (form.minDuration.trim()) params.set('minDuration', form.minDuration.trim());
  if (form.maxDuration.trim()) params.set('maxDuration', form.maxDuration.trim());
  if (form.lookback === 'custom') {
    if (form.from) params.set('start', String(new Date(form.from).getTime()));
    if (form.to) params.set('end', String(new Date(form.to).getTime()));
  } else if (form.lookback !== 'all') params.set('lookback', form.lookback);
  if (form.errorsOnly) params.set('status', 'error');
  if (form.limit.trim() && form.limit.trim() !== DEFAULT_LIMIT) params.set('limit', form.limit.trim());
  if (form.call) params.set('call', form.call);
  return params;
}

/** The API's query: the page's parameters with the lookback turned into a start time. */
export function apiQuery(pageParams: URLSearchParams, nowMs: number): URLSearchParams {
  const query = new URLSearchParams(pageParams);
  const lookback = query.get('lookback') as Lookback | null;
  query.delete('lookback');
  if (lookback && LOOKBACKS[lookback]) query.set('start', String(nowMs - LOOKBACKS[lookback]));
  return query;
}

/** Epoch milliseconds from the URL → a `datetime-local` value in the browser's time zone. */
function localInput(epochMs: string | null): string {
  if (epochMs === null || !/^\d+$/.test(epochMs)) return '';
  const date = new Date(Number(epochMs));
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}
