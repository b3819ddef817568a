/** The search form's fields ↔ the URL's search parameters (the API's names), so a search is a link. */
export interface SearchForm {
  service: string;
  operation: string;
  /** `key=value` pairs separated by spaces. */
  attributes: string;
  minDuration: string;
  maxDuration: string;
  lookback: Lookback;
  errorsOnly: boolean;
  limit: string;
}

export const LOOKBACKS = { '5m': 5 * 60_000, '15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000, all: 0 } as const;
export type Lookback = keyof typeof LOOKBACKS;

export function formFromParams(params: URLSearchParams): SearchForm {
  const lookback = params.get('lookback') ?? 'all';
  return {
    service: params.get('service') ?? '',
    operation: params.get('operation') ?? '',
    attributes: params.getAll('attr').join(' '),
    minDuration: params.get('minDuration') ?? '',
    maxDuration: params.get('maxDuration') ?? '',
    lookback: lookback in LOOKBACKS ? (lookback as Lookback) : 'all',
    errorsOnly: params.get('status') === 'error',
    limit: params.get('limit') ?? '20',
  };
}

/** The parameters to put in the page's address (the lookback stays relative). */
export function paramsFromForm(form: SearchForm): URLSearchParams {
  const params = new URLSearchParams();
  if (form.service) params.set('service', form.service);
  if (form.operation) params.set('operation', form.operation);
  for (const pair of form.attributes.split(/\s+/).filter(Boolean)) params.append('attr', pair);
  if (form.minDuration) params.set('minDuration', form.minDuration);
  if (form.maxDuration) params.set('maxDuration', form.maxDuration);
  if (form.lookback !== 'all') params.set('lookback', form.lookback);
  if (form.errorsOnly) params.set('status', 'error');
  if (form.limit && form.limit !== '20') params.set('limit', form.limit);
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
