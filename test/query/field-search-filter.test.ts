import { describe, expect, it } from 'vitest';
import { fieldSearchFilter } from '../../src-main/query/field-search-filter';
import { parseSearchQuery } from '../../src-main/query/search-query';
import { formatFieldExpression } from '../../src-main/traceql/format';
import { parseTraceQL } from '../../src-main/traceql/parse';

const asTraceQL = (params: string) => {
  const filter = fieldSearchFilter(parseSearchQuery(new URLSearchParams(params)));
  return filter === null ? null : formatFieldExpression(filter);
};

describe('the field search as a TraceQL spanset filter', () => {
  it('puts every condition on one span, as TraceQL Tempo would run', () => {
    expect(asTraceQL('service=cart&operation=GET /cart&spanKind=server&minDuration=10ms&maxDuration=2s&status=error')).toBe(
      'resource.service.name = "cart" && name = "GET /cart" && kind = server && status = error && duration >= 10ms && duration <= 2s',
    );
    expect(asTraceQL('limit=5')).toBeNull();
  });

  it('looks for an attribute where the field search always did, as text and as the number or boolean it reads as', () => {
    const text = asTraceQL('attr=http.response.status_code=500')!;
    expect(text).toBe(
      ['span', 'resource', 'instrumentation', 'event', 'link'].map((scope) => `${scope}.http.response.status_code = "500" || ${scope}.http.response.status_code = 500`).join(' || '),
    );
    expect(asTraceQL('attr=sampled=true')).toContain('span.sampled = true');
    expect(asTraceQL('attr=price=72.50')).toContain('span.price = 72.5');
    // What the printer writes, the parser reads back: the filter pastes into the TraceQL page.
    expect(() => parseTraceQL(`{ ${asTraceQL('service=cart&attr=user.id=u 1&minDuration=1.5ms')} }`)).not.toThrow();
  });
});
