import { describe, expect, it } from 'vitest';
import { isMetricsQuery, isMetricsRefusal } from '../../../src-renderer/lib/traceql/query-kind';

describe('isMetricsQuery', () => {
  it('finds a metrics function after a top-level pipe', () => {
    expect(isMetricsQuery('{ } | rate()')).toBe(true);
    expect(isMetricsQuery('{ kind = server } | quantile_over_time(duration, .5, .95) by (resource.service.name)')).toBe(true);
    expect(isMetricsQuery('{ status = error }|count_over_time ( ) by (name) | topk(3)')).toBe(true);
    expect(isMetricsQuery('{ }\n| histogram_over_time(duration)')).toBe(true);
  });

  it('is not fooled by strings, comments, braces, || or other pipeline stages', () => {
    expect(isMetricsQuery('{ name = "a | rate(" }')).toBe(false);
    expect(isMetricsQuery('{ name = "a \\" | rate(" }')).toBe(false);
    expect(isMetricsQuery('{ } // | rate()')).toBe(false);
    expect(isMetricsQuery('{ } /* | rate() */')).toBe(false);
    expect(isMetricsQuery('{ a = 1 } || { b = 2 }')).toBe(false);
    expect(isMetricsQuery('{ } | count() > 2')).toBe(false);
    expect(isMetricsQuery('{ } | by(resource.service.name) | avg(duration) > 1s')).toBe(false);
    expect(isMetricsQuery('{ } | rate')).toBe(false);
    expect(isMetricsQuery('{ name = `raw | rate(` }')).toBe(false);
  });

  it('knows the core\'s refusal of a metrics query sent to search', () => {
    expect(isMetricsRefusal('this is a metrics query; ask /api/metrics/query_range for its series')).toBe(true);
    expect(isMetricsRefusal('line 1, column 3: expected …')).toBe(false);
  });
});
