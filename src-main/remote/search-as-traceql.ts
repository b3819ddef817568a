/** The field search (`GET /api/traces`) as the TraceQL the local engine runs for it (query/field-search-filter.ts). */
import { fieldSearchFilter } from '../query/field-search-filter';
import type { SearchQuery } from '../query/search-query';
import { formatFieldExpression } from '../traceql/format';

export function searchAsTraceQL(query: SearchQuery): string {
  const filter = fieldSearchFilter(query);
  return filter === null ? '{ }' : `{ ${formatFieldExpression(filter)} }`;
}
