/** The Tempo API's parameters, read as Tempo's pkg/api/http.go reads them (Unix seconds, positive limits). */
import { describe, expect, it } from 'vitest';
import { QueryError } from '../../src-main/query/query-error';
import { parseTagScope, parseTempoSearch, tagLimit, tempoWindow } from '../../src-main/query/tempo-request';
import { TraceQLError } from '../../src-main/traceql/errors';

const params = (query: string) => new URLSearchParams(query);

describe('start and end', () => {
  it('are Unix seconds, as Grafana sends them', () => {
    expect(tempoWindow(params('start=1700000000&end=1700003600'))).toEqual({ startNs: 1_700_000_000_000_000_000n, endNs: 1_700_003_600_000_000_000n });
  });

  it('mean no window when absent or 0', () => {
    expect(tempoWindow(params(''))).toEqual({});
    expect(tempoWindow(params('start=0&end=0'))).toEqual({});
  });

  it('are refused with Tempo\'s sentences when they are not seconds or not in order', () => {
    expect(() => tempoWindow(params('start=2024-01-01T00:00:00Z&end=1700003600'))).toThrow(new QueryError('invalid start: "2024-01-01T00:00:00Z" is not a time in Unix seconds'));
    expect(() => tempoWindow(params('start=1700000000000&end=1700003600'))).toThrow(/^invalid start: "1700000000000" is not a time in Unix seconds$/);
    expect(() => tempoWindow(params('start=1700003600&end=1700000000'))).toThrow(new QueryError('http parameter start must be before end. received start=1700003600 end=1700000000'));
    expect(() => tempoWindow(params('start=1700000000'))).toThrow(/^http parameter start must be before end/);
  });
});

describe('GET /tempo/api/search', () => {
  it('reads q, the window, limit and spss, with Tempo\'s defaults (20 traces, 3 spans a spanset)', () => {
    expect(parseTempoSearch(params('q={ status = error }&start=1700000000&end=1700003600&limit=5&spss=10'))).toEqual({ q: '{ status = error }', startNs: 1_700_000_000_000_000_000n, endNs: 1_700_003_600_000_000_000n, limit: 5, spansPerSpanset: 10 });
    expect(parseTempoSearch(params('q={}'))).toEqual({ q: '{}', limit: 20, spansPerSpanset: 3 });
    expect(parseTempoSearch(params(''))).toMatchObject({ q: '{}' });
  });

  it('refuses a query that does not parse with the TraceQL error, and a metrics query', () => {
    expect(() => parseTempoSearch(params('q={ .a = }'))).toThrow(TraceQLError);
    expect(() => parseTempoSearch(params(`q=${encodeURIComponent('{ } | rate()')}`))).toThrow(/^invalid TraceQL query: a metrics query is not a search/);
  });

  it('refuses tag-based search and bad limits, naming the parameter', () => {
    expect(() => parseTempoSearch(params('tags=service.name%3Dcart'))).toThrow(/^invalid request: Spanscope answers TraceQL searches only/);
    expect(() => parseTempoSearch(params('q={}&limit=0'))).toThrow(new QueryError('invalid limit: must be a positive number'));
    expect(() => parseTempoSearch(params('q={}&spss=x'))).toThrow(new QueryError('invalid spss: "x" is not a whole number'));
    expect(() => parseTempoSearch(params('q={}&limit=10001'))).toThrow(/^invalid limit: 10001 is more than/);
  });
});

describe('the tag endpoints', () => {
  it('take one of Tempo\'s scopes, or all', () => {
    expect(parseTagScope(params('scope=span'))).toBe('span');
    expect(parseTagScope(params('scope=all'))).toBeUndefined();
    expect(parseTagScope(params(''))).toBeUndefined();
    expect(() => parseTagScope(params('scope=attributes'))).toThrow(/^invalid scope: "attributes" is not one of resource, span, event, link, instrumentation, intrinsic$/);
  });

  it('take a positive limit', () => {
    expect(tagLimit(params('limit=5000'))).toBe(5000);
    expect(tagLimit(params(''))).toBeUndefined();
    expect(() => tagLimit(params('limit=-1'))).toThrow(/^invalid limit: must be a positive number$/);
  });
});
